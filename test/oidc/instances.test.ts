import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/app.js';
import { openDatabase } from '../../src/store/db.js';
import { buildTestApp, testPasswords, type TestApp } from '../support/app.js';
import { createBrowser, formOf } from '../support/browser.js';
import { testEngines } from '../support/databases.js';
import { createApiToken } from '../support/fixtures.js';
import { startIdp, type Idp } from '../support/idp.js';
import { DEVICE } from '../support/rustdesk-client.js';
import { authBodyProblems } from '../support/rustdesk-shapes.js';

const engines = await testEngines();

/** Another deskgate process on the same database and configuration. */
async function sibling(t: TestApp): Promise<App> {
  return buildApp(t.config, { clock: t.clock, passwords: testPasswords, db: openDatabase(t.database.location) });
}

async function listen(app: App['app'], port = 0): Promise<string> {
  await app.listen({ port, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

async function startClient(base: string) {
  const response = await fetch(`${base}/api/oidc/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ op: 'corp', id: DEVICE.id, uuid: DEVICE.uuid, deviceInfo: DEVICE.deviceInfo }),
  });
  return (await response.json()) as { code: string; url: string };
}

async function authQuery(base: string, code: string) {
  const response = await fetch(`${base}/api/oidc/auth-query?${new URLSearchParams({ code, id: DEVICE.id, uuid: DEVICE.uuid })}`);
  return (await response.json()) as Record<string, unknown>;
}

describe('a client sign-in survives a restart in the middle (sqlite)', () => {
  let t: TestApp;
  let idp: Idp;
  before(async () => {
    t = await buildTestApp('sqlite');
  });
  after(async () => {
    await idp?.close();
    await t.close();
  });

  it('completes through the restarted server and is collected from it', async () => {
    const base = await listen(t.app);
    const port = Number(new URL(base).port);
    idp = await startIdp([{ client_id: 'deskgate', client_secret: 's3cret', redirect_uris: [`${base}/api/oidc/callback`] }]);
    const admin = await createApiToken(t, ['oidc:write']);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/oidc/providers',
      headers: admin.headers,
      payload: { enabled: true, type: 'oidc', name: 'corp', issuer: idp.issuer, client_id: 'deskgate', client_secret: 's3cret' },
    });
    assert.equal(created.statusCode, 201, created.body);

    const { code, url } = await startClient(base);
    await t.app.close(); // the first process stops; its database stays

    const restarted = await sibling(t);
    try {
      await listen(restarted.app, port);
      const browser = createBrowser();
      const page = await browser.navigate(url);
      const confirm = formOf(page.body);
      assert.ok(confirm, page.body);
      await browser.request(new URL(confirm.action, base).href, { method: 'POST', body: confirm.fields });
      assert.deepEqual(authBodyProblems(await authQuery(base, code)), []);
    } finally {
      await restarted.close();
    }
  });
});

if (engines.includes('postgres')) {
  describe('two instances on one PostgreSQL', () => {
    let first: TestApp;
    let second: App;
    let idp: Idp;
    before(async () => {
      first = await buildTestApp('postgres');
      second = await sibling(first);
    });
    after(async () => {
      await idp?.close();
      await second.close();
      await first.close();
    });

    it('starts a client sign-in on one, completes it through the other’s callback, and collects it from the first', async () => {
      const one = await listen(first.app);
      const two = await listen(second.app);
      idp = await startIdp([{ client_id: 'deskgate', client_secret: 's3cret', redirect_uris: [`${two}/api/oidc/callback`] }]);
      const admin = await createApiToken(first, ['oidc:write']);
      await first.app.inject({
        method: 'POST',
        url: '/api/admin/oidc/providers',
        headers: admin.headers,
        payload: { enabled: true, type: 'oidc', name: 'corp', issuer: idp.issuer, client_id: 'deskgate', client_secret: 's3cret' },
      });
      // Behind a load balancer both share one public URL; here the second instance's origin is it.
      const saved = await second.app.inject({ method: 'PUT', url: '/api/admin/oidc/settings', headers: admin.headers, payload: { public_url: two } });
      assert.equal(saved.statusCode, 204, saved.body);

      const { code, url } = await startClient(one);
      assert.ok(url.startsWith(`${two}/api/oidc/start/`), url);
      const browser = createBrowser();
      const page = await browser.navigate(url);
      const confirm = formOf(page.body);
      assert.ok(confirm, page.body);
      await browser.request(new URL(confirm.action, two).href, { method: 'POST', body: confirm.fields });

      const body = await authQuery(one, code);
      assert.deepEqual(authBodyProblems(body), []);
      // Collected once, across instances.
      assert.notEqual((await authQuery(two, code)).error, 'No authed oidc is found');
      assert.equal((await authQuery(two, code)).access_token, undefined);
    });
  });
}
