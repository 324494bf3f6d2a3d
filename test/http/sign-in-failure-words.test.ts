import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/services/audit.js';
import { totpCode } from '../../src/services/totp.js';
import { en } from '../../web/src/i18n/en.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { PASSWORD, createApiToken, createUser } from '../support/fixtures.js';
import { freePort } from '../support/ldap.js';
import { dart, loginBody } from '../support/rustdesk-client.js';

/**
 * Logs → Failed sign-ins and Alarms show why a sign-in failed in words, looked up by the code the
 * server records; a code without words shows only "Sign-in refused". Each failure here is made
 * the way a person makes it, and every code recorded must have its words in the console.
 */

for (const engine of await testEngines()) {
  describe(`failed sign-in reasons have words in the console (${engine})`, () => {
    let t: TestApp;

    before(async () => {
      t = await buildTestApp(engine, { signInLimits: { perAddress: 1000, perName: 1000, windowMs: 60_000 } });
      await createUser(t, { name: 'root', is_admin: true });
      const carol = await createUser(t, { name: 'carol' });
      const started = await t.services.twoFactor.start(systemActor, carol);
      await t.services.twoFactor.confirm(systemActor, carol, totpCode(started.secret, t.clock.now()));
      t.clock.advance(30_000);
    });
    after(() => t.close());

    const codeStep = (secret: string, code: string) =>
      t.app.inject(dart('POST', '/api/login', { ...loginBody('carol', PASSWORD), type: 'email_code', verificationCode: code, tfaCode: code, secret }));

    it('names a wrong password, a wrong or late two-factor code and an unreachable directory', async () => {
      const consoleTry = await t.app.inject({ method: 'POST', url: '/api/session', headers: { 'sec-fetch-site': 'same-origin' }, payload: { username: 'carol', password: 'wrong password' } });
      assert.equal(consoleTry.statusCode, 401, consoleTry.body);

      const first = async () => (await t.app.inject(dart('POST', '/api/login', loginBody('carol', PASSWORD)))).json() as { secret: string };
      assert.equal((await codeStep((await first()).secret, '000000')).statusCode, 401);
      const late = await first();
      t.clock.advance(6 * 60_000);
      assert.ok((await codeStep(late.secret, '000000')).statusCode >= 400);

      const admin = (await createApiToken(t, ['admin'])).headers;
      const ldap = await t.app.inject({
        method: 'PUT',
        url: '/api/admin/ldap',
        headers: admin,
        payload: { enabled: true, url: `ldap://127.0.0.1:${await freePort()}`, base_dn: 'dc=example,dc=test', timeout_seconds: 1 },
      });
      assert.equal(ldap.statusCode, 200, ldap.body);
      assert.equal((await t.app.inject(dart('POST', '/api/login', loginBody('nobody-here', 'some password')))).statusCode, 400);

      const rows = await t.database.db.kysely.selectFrom('login_failures').select('reason').execute();
      const recorded = new Set(rows.map((row) => row.reason));
      for (const reason of ['bad_credentials', 'bad_tfa_code', 'tfa_expired', 'ldap_unavailable']) assert.ok(recorded.has(reason), `${reason} recorded`);
      for (const reason of recorded) assert.ok(en.logs.reasons[reason], `words for ${reason}`);
    });

    it('has words for every directory refusal a sign-in can record, for a locking wrong code, and for a bad link from an e-mail', () => {
      for (const reason of ['ldap_no_account', 'ldap_name_taken', 'bad_tfa_code_locked', 'invalid_invitation_link', 'invalid_reset_link']) {
        assert.ok(en.logs.reasons[reason], `words for ${reason}`);
      }
    });
  });
}
