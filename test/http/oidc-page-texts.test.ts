/**
 * What the single sign-on pages offer after a failure (the console's sign-in page for a console
 * sign-in, words for a RustDesk client), and the confirmation page's time in the browser's zone.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { LOCAL_TIME_SCRIPT } from '../../src/http/pages.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createBrowser, formOf } from '../support/browser.js';
import { testEngines } from '../support/databases.js';
import { createApiToken } from '../support/fixtures.js';
import { startIdp, type Idp } from '../support/idp.js';
import { DEVICE } from '../support/rustdesk-client.js';

const BACK = '<a class="button" href="/sign-in">Back to sign-in</a>';
const CLIENT_AGAIN = 'Close this window and start the sign-in again from RustDesk.';

for (const engine of await testEngines()) {
  describe(`single sign-on page texts (${engine})`, () => {
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
    });
    after(async () => {
      await idp.close();
      await t.close();
    });

    it('a console sign-in that fails offers "Back to sign-in", not "Close this window"', async () => {
      const page = await t.app.inject({ method: 'GET', url: '/api/oidc/login/no-such-provider' });
      assert.equal(page.statusCode, 404);
      assert.ok(page.body.includes(BACK), page.body);
      assert.doesNotMatch(page.body, /Close this window/);
    });

    it('a RustDesk client sign-in that fails says to start again from RustDesk, with no console link', async () => {
      const page = await t.app.inject({ method: 'GET', url: '/api/oidc/start/no-such-sign-in' });
      assert.ok(page.statusCode >= 400 && page.statusCode < 500, `${page.statusCode}`);
      assert.ok(page.body.includes(CLIENT_AGAIN), page.body);
      assert.ok(!page.body.includes(BACK));
    });

    it('a failed callback, which may be either, offers both', async () => {
      const page = await t.app.inject({ method: 'GET', url: '/api/oidc/callback?code=x&state=unknown-state' });
      assert.ok(page.statusCode >= 400 && page.statusCode < 500, `${page.statusCode}`);
      assert.ok(page.body.includes(BACK), page.body);
      assert.match(page.body, /Signing in a RustDesk client\? Close this window and start the sign-in again from RustDesk\./);
    });

    it('the confirmation page gives the time as a machine-readable moment, shown in the browser’s zone by its one allowed script', async () => {
      const started = await fetch(`${base}/api/oidc/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ op: 'corp', id: DEVICE.id, uuid: DEVICE.uuid, deviceInfo: DEVICE.deviceInfo }),
      });
      const { url } = (await started.json()) as { url: string };
      const browser = createBrowser();
      const page = await browser.navigate(url);
      assert.ok(formOf(page.body), page.body.slice(0, 500));
      const moment = /<dt>Requested at<\/dt><dd><time datetime="([^"]+)">([^<]+)<\/time><\/dd>/.exec(page.body);
      assert.ok(moment, page.body);
      assert.equal(new Date(moment[1] ?? '').getTime(), t.clock.now());
      assert.equal(moment[2], new Date(t.clock.now()).toUTCString());
      assert.ok(page.body.includes(`<script>${LOCAL_TIME_SCRIPT}</script>`));
      const hash = createHash('sha256').update(LOCAL_TIME_SCRIPT).digest('base64');
      assert.match(page.headers.get('content-security-policy') ?? '', new RegExp(`script-src 'sha256-${hash.replace(/[+/]/g, '\\$&')}'`));
    });
  });
}
