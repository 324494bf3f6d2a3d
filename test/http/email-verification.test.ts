import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import { sql } from 'kysely';
import { systemActor } from '../../src/services/audit.js';
import { totpCode } from '../../src/services/totp.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { PASSWORD, createUser, signInConsole } from '../support/fixtures.js';
import { assertJsonError } from '../support/malformed.js';
import { DEVICE, dart, loginBody } from '../support/rustdesk-client.js';
import { authBodyProblems } from '../support/rustdesk-shapes.js';
import { startSmtp, useSmtp, type SmtpTestServer } from '../support/smtp.js';

type Headers = Record<string, string>;
const CONSOLE = { origin: 'http://localhost' };

/** The six digits of the sign-in code in a captured message. */
function codeIn(text: string): string {
  const found = /\b(\d{6})\b/.exec(text);
  assert.ok(found, text);
  return found[1]!;
}

/** The client's e-mail code step (§4.3 step 3): verificationCode only (Sciter adds tfaCode ''). */
function emailCodeBody(name: string, code: string, secret: string) {
  return { verificationCode: code, tfaCode: '', secret, username: name, id: DEVICE.id, uuid: DEVICE.uuid, autoLogin: true, type: 'email_code', deviceInfo: DEVICE.deviceInfo };
}

for (const engine of await testEngines()) {
  describe(`e-mail login verification (${engine})`, () => {
    let t: TestApp;
    let relay: SmtpTestServer;

    before(async () => {
      t = await buildTestApp(engine, { signInLimits: { perAddress: 1000, perName: 1000, windowMs: 60_000 } });
      relay = await startSmtp();
    });
    after(async () => {
      await relay.close();
      await t.close();
    });

    const call = (method: InjectOptions['method'], url: string, headers: Headers, payload?: unknown) =>
      t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    const reasons = async (name: string) =>
      (await t.store.signInAttempts.listFailures({}, { current: 1, pageSize: 100 })).rows.filter((f) => f.name === name).map((f) => f.reason);
    const actions = async () => (await t.services.audit.list({}, { current: 1, pageSize: 200 })).data.map((r) => `${r.action} ${r.target.name}`);

    it('is turned on by the person only with SMTP set up and an address, and asks the client for an e-mailed code', async () => {
      await createUser(t, { name: 'pam', email: 'pam@example.test' });
      await createUser(t, { name: 'quinn' });
      const pam = (await signInConsole(t, 'pam')).headers;
      assert.deepEqual((await call('GET', '/api/account/2fa/email-verification', pam)).json(), { enabled: false, available: false });
      assert.equal((await call('PUT', '/api/account/2fa/email-verification', pam, { enabled: true })).statusCode, 409, 'no mail server yet');

      await useSmtp(t, relay);
      const quinn = (await signInConsole(t, 'quinn')).headers;
      assert.equal((await call('PUT', '/api/account/2fa/email-verification', quinn, { enabled: true })).json().error, 'Add an e-mail address to your profile first');
      const on = await call('PUT', '/api/account/2fa/email-verification', pam, { enabled: true });
      assert.equal(on.statusCode, 200, on.body);
      assert.deepEqual(on.json(), { enabled: true, available: true });
      assert.ok((await actions()).includes('user.email_verification_on pam'));

      const first = await t.app.inject(dart('POST', '/api/login', loginBody('pam', PASSWORD)));
      assert.equal(first.statusCode, 200, first.body);
      const body = first.json() as { type: string; tfa_type: string; secret: string; access_token: string; user: { name: string; email: string } };
      assert.deepEqual(authBodyProblems(body), []);
      assert.deepEqual([body.type, body.tfa_type, body.access_token], ['email_check', 'email_check', '']);
      assert.equal(body.user.email, 'pam@example.test', 'the client’s dialog shows the address');
      const mail = await relay.next();
      assert.deepEqual(mail.to, ['pam@example.test']);
      const code = codeIn(mail.text);
      const stored = await t.store.db.kysely.selectFrom('two_factor_challenges').selectAll().execute();
      assert.ok(!JSON.stringify(stored).includes(code), 'only a hash of the code is stored');

      const wrong = await t.app.inject(dart('POST', '/api/login', emailCodeBody('pam', code === '000000' ? '111111' : '000000', body.secret)));
      assert.equal(wrong.statusCode, 401);
      assert.ok((await reasons('pam')).includes('bad_email_code'));
      const right = await t.app.inject(dart('POST', '/api/login', emailCodeBody('pam', code, body.secret)));
      assert.equal(right.statusCode, 200, right.body);
      assert.equal(right.json().type, 'access_token');
      assert.equal((await t.app.inject(dart('POST', '/api/login', emailCodeBody('pam', code, body.secret)))).statusCode, 401, 'single use');
    });

    it('asks the console for the e-mailed code, which lasts 10 minutes and takes five wrong tries at most', async () => {
      const post = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, payload: payload as object, headers: CONSOLE });
      const first = (await post('/api/session', { username: 'pam', password: PASSWORD })).json() as { step: string; secret: string };
      assert.equal(first.step, 'email');
      const code = codeIn((await relay.next()).text);
      t.clock.advance(10 * 60_000 + 1);
      assert.equal((await post('/api/session/2fa', { secret: first.secret, code })).statusCode, 401, 'expired');

      const second = (await post('/api/session', { username: 'pam', password: PASSWORD })).json() as { secret: string };
      const fresh = codeIn((await relay.next()).text);
      const other = fresh === '000000' ? '111111' : '000000';
      for (let i = 0; i < 5; i += 1) assert.equal((await post('/api/session/2fa', { secret: second.secret, code: other })).statusCode, 401);
      // Spent after five wrong codes (and the name is locked for a while, as after wrong passwords).
      t.clock.advance(60 * 60_000);
      assert.equal((await post('/api/session/2fa', { secret: second.secret, code: fresh })).statusCode, 401);

      const third = (await post('/api/session', { username: 'pam', password: PASSWORD })).json() as { secret: string };
      const ok = await post('/api/session/2fa', { secret: third.secret, code: codeIn((await relay.next()).text) });
      assert.equal(ok.statusCode, 200, ok.body);
    });

    it('lets exactly one of several simultaneous code steps with the right e-mailed code through', async () => {
      const first = (await t.app.inject(dart('POST', '/api/login', loginBody('pam', PASSWORD)))).json() as { secret: string };
      const code = codeIn((await relay.next()).text);
      const answers = await Promise.all(Array.from({ length: 4 }, () => t.app.inject(dart('POST', '/api/login', emailCodeBody('pam', code, first.secret)))));
      assert.deepEqual(answers.map((a) => a.statusCode).sort(), [200, 401, 401, 401]);
      const pam = (await t.store.users.findByName('pam'))!;
      const tokens = await t.store.accessTokens.listForUser(pam.id, t.clock.now());
      assert.equal(tokens.filter((row) => row.created_at === t.clock.now()).length, 1);
    });

    it('is turned off by an administrator or the person, audited; and a TOTP user is asked for the app’s code instead', async () => {
      const admin = await createUser(t, { name: 'root', is_admin: true, email: 'root@example.test' });
      const root = (await signInConsole(t, 'root')).headers;
      const pam = (await t.store.users.findByName('pam'))!;
      assert.equal((await call('GET', `/api/admin/users/${pam.id}/2fa`, root)).json().email_verification, true);
      assert.equal((await call('DELETE', `/api/admin/users/${pam.id}/2fa/email-verification`, root)).statusCode, 204);
      assert.equal((await call('GET', `/api/admin/users/${pam.id}/2fa`, root)).json().email_verification, false);
      assert.ok((await actions()).includes('user.email_verification_off pam'));
      assert.equal((await t.app.inject(dart('POST', '/api/login', loginBody('pam', PASSWORD)))).json().type, 'access_token');
      assertJsonError(await call('DELETE', '/api/admin/users/nope/2fa/email-verification', root), 404);
      assertJsonError(await call('PUT', '/api/account/2fa/email-verification', root, { enabled: 'yes' }), 400);
      assertJsonError(await call('PUT', '/api/account/2fa/email-verification', root, {}), 400);

      // TOTP comes first: e-mail verification is for people without an app.
      await call('PUT', '/api/account/2fa/email-verification', root, { enabled: true });
      const seed = (await t.services.twoFactor.start(systemActor, admin)).secret;
      await t.services.twoFactor.confirm(systemActor, admin, totpCode(seed, t.clock.now()));
      const first = (await t.app.inject(dart('POST', '/api/login', loginBody('root', PASSWORD)))).json() as { tfa_type: string };
      assert.equal(first.tfa_type, 'tfa_check');
    });

    it('refuses to turn SMTP off while an administrator’s only second factor is e-mail', async () => {
      const ada = await createUser(t, { name: 'ada', is_admin: true, email: 'ada@example.test' });
      await t.services.twoFactor.setEmailVerification({ type: 'user', id: ada.id, name: 'ada', ip: '' }, ada, true);
      await assert.rejects(t.services.smtpSettings.update(systemActor, { host: '' }), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'signin.would_lock_out');
        assert.match(error.message, /ada/);
        return true;
      });
      assert.equal((await t.services.smtpSettings.get()).configured, true);
      await t.services.twoFactor.setEmailVerification(systemActor, ada, false);
      await t.services.smtpSettings.update(systemActor, { host: '' });
      assert.equal((await t.services.smtpSettings.get()).configured, false);
      await useSmtp(t, relay);
    });

    if (engine === 'postgres') {
      it('turns e-mail verification on only after a removal of the mail server under way has ended, and then refuses it', async () => {
        await useSmtp(t, relay);
        const bo = await createUser(t, { name: 'bo', is_admin: true, email: 'bo@example.test' });
        const smtp = (await t.store.settings.get('smtp')) as Record<string, unknown>;
        // Another instance turning e-mail off: the administrators' lock taken, the settings not yet written.
        let write!: () => void;
        const written = new Promise<void>((resolve) => (write = resolve));
        const removal = t.store.transaction(async (tx) => {
          await tx.users.lockAdministrators();
          await written;
          await tx.settings.set('smtp', { ...smtp, host: '' }, t.clock.now());
        });
        const turnOn = t.services.twoFactor.setEmailVerification({ type: 'user', id: bo.id, name: 'bo', ip: '' }, bo, true).then(
          () => 'on',
          (error: { code?: string }) => error.code,
        );
        // Until it waits for that lock (or, had it taken none, a while).
        for (let i = 0; i < 300; i++) {
          const waiting = await sql<{ n: string }>`select count(*) as n from pg_locks where locktype = 'advisory' and not granted`.execute(t.database.db.kysely);
          if (Number(waiting.rows[0]?.n) > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        write();
        await removal;
        assert.equal(await turnOn, 'mail.not_configured');
        assert.deepEqual(await t.services.twoFactor.emailVerification(bo.id), { enabled: false, available: false });
        await useSmtp(t, relay);
      });
    }
  });
}
