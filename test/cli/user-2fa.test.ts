import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { totpCode } from '../../src/services/totp.js';
import { systemActor } from '../../src/services/audit.js';
import { testEngines } from '../support/databases.js';
import { cliBed, type CliBed } from './cli-harness.js';

for (const engine of await testEngines()) {
  describe(`deskgate user 2fa-reset (${engine})`, () => {
    let bed: CliBed;

    before(async () => {
      bed = await cliBed(engine);
    });
    after(() => bed.close());

    it('turns a user’s two-factor sign-in off, audited', async () => {
      const core = await bed.core();
      const alice = await core.services.users.create(systemActor, { name: 'alice', password: 'correct horse battery' });
      const { secret } = await core.services.twoFactor.start(systemActor, alice);
      await core.services.twoFactor.confirm(systemActor, alice, totpCode(secret, Date.now()));
      assert.equal(await core.services.twoFactor.isEnabled(alice.id), true);

      const result = await bed.run(['user', '2fa-reset', 'alice']);
      assert.equal(result.code, 0, result.err);
      assert.equal(result.out, 'reset the two-factor sign-in of "alice"\n');
      assert.equal(await core.services.twoFactor.isEnabled(alice.id), false);
      const audit = await core.services.audit.list({}, { current: 1, pageSize: 20 });
      assert.ok(audit.data.some((r) => r.action === 'user.2fa_reset' && r.actor.type === 'cli' && r.target.name === 'alice'));

      const again = await bed.run(['user', '2fa-reset', 'alice']);
      assert.equal(again.code, 1);
      assert.equal(again.err, 'deskgate: Two-factor sign-in is not on\n');
      const nobody = await bed.run(['user', '2fa-reset', 'nobody']);
      assert.equal(nobody.code, 1);
      assert.equal(nobody.err, 'deskgate: User not found\n');
    });

    it('turns a user’s e-mail login verification off (deskgate user email-verification off NAME), audited', async () => {
      const core = await bed.core();
      const bob = await core.services.users.create(systemActor, { name: 'bob', password: 'correct horse battery', email: 'bob@example.test' });
      // As the person would have (SMTP is not needed to turn it off).
      await core.store.twoFactor.setEmailVerification(bob.id, true, Date.now());
      const result = await bed.run(['user', 'email-verification', 'off', 'bob']);
      assert.equal(result.code, 0, result.err);
      assert.equal(result.out, 'turned off the e-mail login verification of "bob"\n');
      assert.equal((await core.services.twoFactor.emailVerification(bob.id)).enabled, false);
      const audit = await core.services.audit.list({}, { current: 1, pageSize: 20 });
      assert.ok(audit.data.some((r) => r.action === 'user.email_verification_off' && r.actor.type === 'cli' && r.target.name === 'bob'));
      const on = await bed.run(['user', 'email-verification', 'on', 'bob']);
      assert.equal(on.code, 1);
    });
  });
}
