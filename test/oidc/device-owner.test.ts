import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createBrowser, formOf } from '../support/browser.js';
import { testEngines } from '../support/databases.js';
import { createApiToken } from '../support/fixtures.js';
import { startIdp, type Idp } from '../support/idp.js';
import { DEVICE, rust } from '../support/rustdesk-client.js';

/** The device the client signs in on, known to deskgate by its sysinfo (spec/rustdesk-client-api.md §5.3). */
const device = { id: '420000001', uuid: `${DEVICE.uuid}sso` };

for (const engine of await testEngines()) {
  describe(`a RustDesk client's single sign-on makes the person its device's owner (${engine})`, () => {
    let t: TestApp;
    let idp: Idp;
    let base: string;

    before(async () => {
      t = await buildTestApp(engine);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      idp = await startIdp([{ client_id: 'deskgate', client_secret: 'deskgate-secret', redirect_uris: [`${base}/api/oidc/callback`] }]);
      const admin = await createApiToken(t, ['oidc:write']);
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/admin/oidc/providers',
        headers: admin.headers,
        payload: { type: 'oidc', name: 'corp', issuer: idp.issuer, client_id: 'deskgate', client_secret: 'deskgate-secret', enabled: true },
      });
      assert.equal(created.statusCode, 201, created.body);
      const sysinfo = { cpu: '8/8 cores', memory: '16GB', os: 'linux / Linux', hostname: 'build-box', username: 'bob', version: '1.4.9', ...device };
      assert.equal((await t.app.inject(rust('/api/sysinfo', sysinfo))).body, 'SYSINFO_UPDATED');
    });
    after(async () => {
      await idp.close();
      await t.close();
    });

    it('sets the owner when the client collects its token, and records it', async () => {
      idp.signInAs('bob');
      const started = await fetch(`${base}/api/oidc/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ op: 'corp', ...device, deviceInfo: DEVICE.deviceInfo }),
      });
      const { code, url } = (await started.json()) as { code: string; url: string };
      const browser = createBrowser();
      const confirm = formOf((await browser.navigate(url)).body);
      assert.ok(confirm);
      await browser.request(new URL(confirm.action, base).href, { method: 'POST', body: confirm.fields });
      // Approved but not collected: no owner yet.
      assert.equal((await t.store.devices.findById(device.id))?.user_id, null);

      const collected = await fetch(`${base}/api/oidc/auth-query?${new URLSearchParams({ code, ...device })}`);
      const body = (await collected.json()) as { access_token: string; user: { name: string } };
      assert.ok(body.access_token);
      const owner = await t.services.users.findByName(body.user.name);
      assert.ok(owner);
      assert.equal((await t.store.devices.findById(device.id))?.user_id, owner.id);
      const records = await t.services.audit.list({ action: 'device.owner_from_sign_in' }, { current: 1, pageSize: 10 });
      assert.deepEqual(
        records.data.map((r) => [r.actor.name, r.target.id, r.detail.owner]),
        [[owner.name, device.id, owner.name]],
      );
    });
  });
}
