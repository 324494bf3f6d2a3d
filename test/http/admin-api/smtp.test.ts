import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { createApiToken, createUser, signInConsole } from '../../support/fixtures.js';
import { assertJsonError, malformedCases, type RouteExample } from '../../support/malformed.js';
import { startSmtp, type SmtpTestServer } from '../../support/smtp.js';

const routes: RouteExample[] = [
  {
    method: 'PUT',
    path: '/api/admin/smtp',
    body: { host: '127.0.0.1', port: 2525, security: 'none', username: 'mailer', password: 'pw', from: 'deskgate <d@example.test>', ca_pem: '', timeout_seconds: 10 },
  },
  { method: 'POST', path: '/api/admin/smtp/test', body: { to: 'ann@example.test' } },
];

for (const engine of await testEngines()) {
  describe(`admin API: SMTP (${engine})`, () => {
    let t: TestApp;
    let admin: Record<string, string>;
    let server: SmtpTestServer;

    before(async () => {
      t = await buildTestApp(engine);
      await createUser(t, { name: 'root', is_admin: true });
      admin = (await signInConsole(t, 'root')).headers;
      server = await startSmtp({ security: 'starttls', auth: { user: 'mailer', pass: 'relay-pass-1' }, refuse: (to) => to.startsWith('nobody@') });
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    const get = () => t.app.inject({ method: 'GET', url: '/api/admin/smtp', headers: admin });
    const put = (payload: object, headers = admin) => t.app.inject({ method: 'PUT', url: '/api/admin/smtp', headers, payload });
    const test = (to: string) => t.app.inject({ method: 'POST', url: '/api/admin/smtp/test', headers: admin, payload: { to } });

    it('starts unconfigured, and "Send test e-mail" says so with a 409', async () => {
      assert.deepEqual((await get()).json(), {
        host: '', port: 587, security: 'starttls', username: '', from: '', ca_pem: '', timeout_seconds: 30, has_password: false, configured: false,
      });
      assert.equal(assertJsonError(await test('ann@example.test'), 409).code, 'mail.not_configured');
    });

    it('saves the settings, returns has_password and never the password, and audits the change without it', async () => {
      const saved = await put({ host: server.host, port: server.port, security: 'starttls', username: 'mailer', password: 'relay-pass-1', from: 'deskgate <deskgate@example.test>', ca_pem: server.caPem, timeout_seconds: 10 });
      assert.equal(saved.statusCode, 200, saved.body);
      assert.equal(saved.json().has_password, true);
      assert.equal(saved.json().configured, true);
      assert.ok(!saved.body.includes('relay-pass-1'));
      assert.ok(!(await get()).body.includes('relay-pass-1'));
      const audit = await t.app.inject({ method: 'GET', url: '/api/admin/audit/console?action=smtp.update', headers: admin });
      assert.ok(!audit.body.includes('relay-pass-1'));
      const detail = (audit.json() as { data: { detail: Record<string, unknown> }[] }).data[0]!.detail;
      assert.equal(detail.password, 'set');
      assert.equal(detail.host, server.host);
      assert.equal(detail.ca_pem, 'set');
    });

    it('sends a test e-mail and shows what the server answered', async () => {
      const sent = await test('ann@example.test');
      assert.equal(sent.statusCode, 200, sent.body);
      assert.match(sent.json().response, /^250 /);
      const mail = await server.next();
      assert.deepEqual(mail.to, ['ann@example.test']);
      assert.equal(mail.subject, 'deskgate test e-mail');
      assert.equal(mail.secure, true);
      assert.equal(mail.user, 'mailer');
    });

    it('says what the server said when it refuses a recipient, with a 4xx', async () => {
      const refused = assertJsonError(await test('nobody@example.test'), 400);
      assert.equal(refused.code, 'mail.refused');
      assert.match(refused.error, /The server said: 550 .*Recipient address rejected/);
    });

    it('answers a wrong password and a closed port clearly', async () => {
      await put({ password: 'wrong-pass' });
      const auth = assertJsonError(await test('ann@example.test'), 400);
      assert.equal(auth.code, 'mail.auth_failed');
      assert.match(auth.error, /Invalid username or password/);
      await put({ password: 'relay-pass-1', port: 1 });
      const unreachable = assertJsonError(await test('ann@example.test'), 400);
      assert.equal(unreachable.code, 'mail.unreachable');
      assert.match(unreachable.error, /could not be reached/);
      await put({ port: server.port });
    });

    it('lets only the admin scope change the settings; settings:read reads them', async () => {
      const writer = (await createApiToken(t, ['settings:write'], 'settings-writer')).headers;
      const refused = assertJsonError(await put({ port: 25 }, writer), 403);
      assert.equal(refused.code, 'auth.scope');
      assert.match(refused.error, /admin/);
      const reader = (await createApiToken(t, ['settings:read'], 'settings-reader')).headers;
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/admin/smtp', headers: reader })).statusCode, 200);
      assert.equal((await get()).json().port, server.port);
      const boss = (await createApiToken(t, ['admin'], 'boss')).headers;
      assert.equal((await put({ timeout_seconds: 20 }, boss)).json().timeout_seconds, 20);
    });

    it('refuses settings that cannot work with a 400, changing nothing', async () => {
      const before = (await get()).json();
      for (const payload of [{ host: 'smtp://x' }, { from: 'nope' }, { ca_pem: 'x' }, { security: 'ssl' }, { port: 0 }, { timeout_seconds: 0 }, { unknown: 1 }]) {
        assertJsonError(await put(payload), 400);
      }
      assert.deepEqual((await get()).json(), before);
    });

    for (const route of routes) {
      it(`${route.method} ${route.path}: every malformed request gets a 4xx JSON error`, async () => {
        for (const { name, request, status, router } of malformedCases(route)) {
          const response = await t.app.inject({ ...request, headers: { ...admin, ...request.headers } });
          assertJsonError(response, status, { router: router ?? false });
          assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, `after ${name}`);
        }
      });
    }
  });
}
