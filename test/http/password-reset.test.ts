import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/services/audit.js';
import { RESET_TTL_MS } from '../../src/services/password-resets.js';
import { RESET_REQUESTED } from '../../src/http/mail-links.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { PASSWORD, createProvider, createUser, linkIdentity, signInConsole } from '../support/fixtures.js';
import { assertJsonError, malformedCases, type RouteExample } from '../support/malformed.js';
import { DEVICE, dart, loginBody } from '../support/rustdesk-client.js';
import { startSmtp, useSmtp, type SmtpTestServer } from '../support/smtp.js';

const SAME_ORIGIN = { 'sec-fetch-site': 'same-origin' };
const PUBLIC_URL = 'https://desk.example.com';
const NEW_PASSWORD = 'a brand new passphrase';
const tokenIn = (text: string) => /^https:\/\/desk\.example\.com\/reset-password#token=([A-Za-z0-9_-]+)$/m.exec(text)?.[1] ?? assert.fail(`no link in ${text}`);

for (const engine of await testEngines()) {
  describe(`password reset by e-mail (${engine})`, () => {
    let t: TestApp;
    let relay: SmtpTestServer;
    let address = 0;

    before(async () => {
      t = await buildTestApp(engine, { signInLimits: { perAddress: 1000, perName: 1000, windowMs: 60_000 } });
      await createUser(t, { name: 'root', is_admin: true, email: 'root@example.test' });
      await createUser(t, { name: 'alice', email: 'alice@example.test' });
      await createUser(t, { name: 'nomail' });
      await createUser(t, { name: 'gone', email: 'gone@example.test', status: 0 });
      // An account made by single sign-on: no local password, and a reset must not give it one.
      const sso = await t.services.users.create(systemActor, { name: 'ssoonly', email: 'sso@example.test' });
      await linkIdentity(t, sso.id, (await createProvider(t, { type: 'oidc', name: 'corp', issuer: 'https://corp.example', client_id: 'x' })).id);
      relay = await startSmtp();
    });
    after(async () => {
      await t.services.passwordResets.flush();
      await relay.close();
      await t.close();
    });

    // Each request from its own address unless said otherwise: the per-address limit is tested apart.
    const ask = (login: string, remoteAddress = `10.1.0.${++address}`) =>
      t.app.inject({ method: 'POST', url: '/api/session/password-reset', headers: SAME_ORIGIN, payload: { login }, remoteAddress });
    const complete = (token: string, password: string) =>
      t.app.inject({ method: 'POST', url: '/api/session/password-reset/complete', headers: SAME_ORIGIN, payload: { token, password } });
    const inspect = (token: string) => t.app.inject({ method: 'POST', url: '/api/session/password-reset/inspect', headers: SAME_ORIGIN, payload: { token } });
    const available = async () => (await t.app.inject({ method: 'GET', url: '/api/session/password-reset' })).json().available as boolean;
    /** Everything asked so far has been sent (or not): the mail goes out after the answer. */
    const sent = async () => {
      await t.services.passwordResets.flush();
      return relay.messages.length;
    };

    it('is offered only with SMTP set up and a public URL (never a link to the host a request names)', async () => {
      assert.equal(await available(), false);
      assert.equal(assertJsonError(await ask('alice'), 409).code, 'reset.unavailable');
      await useSmtp(t, relay);
      assert.equal(await available(), false);
      await t.services.settings.set(systemActor, 'public_url', PUBLIC_URL);
      assert.equal(await available(), true);
      // Written as `deskgate settings` would find it: no administrator here has another way in.
      await t.store.settings.set('password_login', false, t.clock.now());
      assert.equal(await available(), false);
      await t.store.settings.set('password_login', true, t.clock.now());
    });

    it('mails a one-hour link to an account with a password, and answers the same for any other name', async () => {
      const answers = [];
      for (const login of ['alice', 'nobody-at-all', 'ssoonly', 'sso@example.test', 'nomail', 'gone', 'unknown@example.test']) {
        const answer = await ask(login);
        assert.equal(answer.statusCode, 202, `${login}: ${answer.body}`);
        answers.push(answer.body);
      }
      assert.deepEqual(new Set(answers), new Set([JSON.stringify({ message: RESET_REQUESTED })]));
      assert.equal(await sent(), 1, 'only alice gets a link');
      const mail = relay.messages[0]!;
      assert.deepEqual(mail.to, ['alice@example.test']);
      assert.equal(mail.subject, 'Reset your deskgate password');
      assert.match(mail.text, /"alice"/);
      assert.deepEqual((await inspect(tokenIn(mail.text))).json(), { name: 'alice' });
      assert.equal((await t.services.users.findByName('ssoonly'))?.password_hash, null);
    });

    it('finds the account by its e-mail address too', async () => {
      assert.equal((await ask('ALICE@example.test')).statusCode, 202);
      assert.equal(await sent(), 2);
      assert.deepEqual(relay.messages[1]!.to, ['alice@example.test']);
    });

    it('sets the password once and signs the account out everywhere, audited', async () => {
      const console = await signInConsole(t, 'alice');
      const client = await t.app.inject(dart('POST', '/api/login', loginBody('alice', PASSWORD)));
      assert.equal(client.statusCode, 200, client.body);
      const clientToken = (client.json() as { access_token: string }).access_token;

      const token = tokenIn(relay.messages[1]!.text);
      const older = tokenIn(relay.messages[0]!.text);
      assert.equal(assertJsonError(await complete(token, 'short'), 400).code, 'user.weak_password');
      const done = await complete(token, NEW_PASSWORD);
      assert.equal(done.statusCode, 200, done.body);
      assert.deepEqual(done.json(), { name: 'alice' });

      assert.equal((await t.app.inject({ method: 'GET', url: '/api/session', headers: console.headers })).statusCode, 401);
      const current = await t.app.inject(dart('POST', '/api/currentUser', { id: DEVICE.id, uuid: DEVICE.uuid }, clientToken));
      assert.equal(current.statusCode, 401);
      await assert.rejects(signInConsole(t, 'alice', PASSWORD));
      await signInConsole(t, 'alice', NEW_PASSWORD);

      // This link and every other one sent before it are used up.
      assert.equal(assertJsonError(await complete(token, 'yet another password'), 400).code, 'reset.invalid');
      assert.equal(assertJsonError(await complete(older, 'yet another password'), 400).code, 'reset.invalid');
      assert.equal(assertJsonError(await inspect(token), 400).code, 'reset.invalid');
      // Each try of a spent link is in the failed sign-ins log.
      const failures = (await t.store.signInAttempts.listFailures({}, { current: 1, pageSize: 5 })).rows;
      assert.deepEqual(failures.slice(0, 3).map((f) => [f.reason, f.channel]), [
        ['invalid_reset_link', 'console'],
        ['invalid_reset_link', 'console'],
        ['invalid_reset_link', 'console'],
      ]);

      const audit = (await t.services.audit.list({ action: 'account.password_reset_by_email' }, { current: 1, pageSize: 5 })).data;
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.actor.name, 'alice');
      assert.ok(!JSON.stringify(audit).includes(NEW_PASSWORD));
    });

    it('expires after an hour', async () => {
      await ask('root');
      await sent();
      const token = tokenIn(relay.messages.at(-1)!.text);
      t.clock.advance(RESET_TTL_MS);
      assert.equal(assertJsonError(await complete(token, NEW_PASSWORD), 400).code, 'reset.invalid');
      await signInConsole(t, 'root');
    });

    it('sends an account at most three links an hour, whoever asks, still answering the same', async () => {
      t.clock.advance(3600_000);
      const before = await sent();
      for (let i = 0; i < 5; i++) assert.deepEqual((await ask('root')).json(), { message: RESET_REQUESTED });
      assert.equal(await sent(), before + 3);
      t.clock.advance(3600_000);
      await ask('root');
      assert.equal(await sent(), before + 4);
    });

    it('limits requests per address with a 429', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 11; i++) statuses.push((await ask(`someone-${i}`, '10.9.9.9')).statusCode);
      assert.deepEqual(statuses, [...Array(10).fill(202), 429]);
      assert.equal((await ask('someone', '10.9.9.10')).statusCode, 202);
    });

    it('does not set a password for an account that lost its password meanwhile', async () => {
      t.clock.advance(3600_000);
      const before = await sent();
      await createUser(t, { name: 'frank', email: 'frank@example.test' });
      await ask('frank');
      assert.equal(await sent(), before + 1);
      const token = tokenIn(relay.messages.at(-1)!.text);
      const frank = (await t.services.users.findByName('frank'))!;
      await t.services.users.setStatus(systemActor, frank.id, 0);
      assert.equal(assertJsonError(await complete(token, NEW_PASSWORD), 400).code, 'reset.invalid');
    });

    describe('malformed input', () => {
      const routes: RouteExample[] = [
        { method: 'POST', path: '/api/session/password-reset', body: { login: 'victim' } },
        { method: 'POST', path: '/api/session/password-reset/inspect', body: { token: 'a'.repeat(43) } },
        { method: 'POST', path: '/api/session/password-reset/complete', body: { token: 'a'.repeat(43), password: NEW_PASSWORD } },
      ];
      for (const route of routes) {
        it(`${route.method} ${route.path}: every malformed request gets a 4xx JSON error`, async () => {
          for (const { name, request, status, router } of malformedCases(route)) {
            const response = await t.app.inject({ ...request, headers: { ...SAME_ORIGIN, ...request.headers }, remoteAddress: `10.2.${++address % 250}.1` });
            assertJsonError(response, status, { router: router ?? false });
            assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, `after ${name}`);
          }
        });
      }
    });
  });
}
