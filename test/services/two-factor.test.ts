import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../../src/errors.js';
import { systemActor } from '../../src/services/audit.js';
import { totpCode } from '../../src/services/totp.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { refuseAudit } from '../support/refuse-audit.js';
import { testEngines } from '../support/databases.js';
import { createUser } from '../support/fixtures.js';

const refusedWith = (code: string) => (error: unknown) => error instanceof AppError && error.code === code;

for (const engine of await testEngines()) {
  describe(`two-factor service (${engine})`, () => {
    let t: TestApp;
    let user: { id: string; name: string };
    let seed = '';
    let backup: string[] = [];

    before(async () => {
      t = await buildTestApp(engine);
      user = await createUser(t, { name: 'heidi' });
    });
    after(() => t.close());

    it('keeps the seed sealed, and confirms only with a code of it', async () => {
      seed = (await t.services.twoFactor.start(systemActor, user)).secret;
      const row = await t.store.db.kysely.selectFrom('user_totp').selectAll().where('user_id', '=', user.id).executeTakeFirstOrThrow();
      assert.ok(row.secret.startsWith('v1.') && !row.secret.includes(seed));
      await assert.rejects(t.services.twoFactor.confirm(systemActor, user, '000000'), refusedWith('tfa.confirm_failed'));
      // A second start before confirming replaces the first seed.
      seed = (await t.services.twoFactor.start(systemActor, user)).secret;
      backup = (await t.services.twoFactor.confirm(systemActor, user, totpCode(seed, t.clock.now()))).backup_codes;
      assert.equal(backup.length, 10);
      const hashes = await t.store.db.kysely.selectFrom('user_backup_codes').select('code_hash').where('user_id', '=', user.id).execute();
      assert.equal(hashes.length, 10);
      for (const code of backup) assert.ok(!hashes.some((h) => h.code_hash.includes(code.replace('-', ''))));
      await assert.rejects(t.services.twoFactor.confirm(systemActor, user, totpCode(seed, t.clock.now())), refusedWith('tfa.not_pending'));
    });

    it('lets concurrent uses of one code and one backup code succeed once', async () => {
      t.clock.advance(30_000);
      const code = totpCode(seed, t.clock.now());
      const results = await Promise.all(Array.from({ length: 8 }, () => t.services.twoFactor.useCode(user.id, code, { backup: false })));
      assert.equal(results.filter(Boolean).length, 1);
      const backups = await Promise.all(Array.from({ length: 8 }, () => t.services.twoFactor.useCode(user.id, backup[0]!, { backup: true })));
      assert.equal(backups.filter(Boolean).length, 1);
      assert.equal(await t.store.twoFactor.unusedBackupCodes(user.id), 9);
      // Backup codes only where asked for (the RustDesk client never is).
      assert.equal(await t.services.twoFactor.useCode(user.id, backup[1]!, { backup: false }), false);
    });

    it('changes nothing when its audit row cannot be written', async () => {
      await refuseAudit(t, true);
      try {
        await assert.rejects(t.services.twoFactor.reset(systemActor, user));
        await assert.rejects(t.services.twoFactor.disable(systemActor, user, { code: backup[2] }));
        await assert.rejects(t.services.twoFactor.setRequired(systemActor, { type: 'user', id: user.id, name: user.name }, true));
      } finally {
        await refuseAudit(t, false);
      }
      assert.equal(await t.services.twoFactor.isEnabled(user.id), true);
      assert.equal((await t.services.twoFactor.status(user.id)).required, false);
    });

    it('spends a challenge after five wrong codes, and never lets another channel or device use it', async () => {
      const device = { deviceId: '1', uuid: 'u' };
      const secret = await t.services.twoFactor.challenge(user.id, 'client', device);
      await assert.rejects(t.services.twoFactor.openChallenge(secret, 'console', { deviceId: '', uuid: '' }), refusedWith('tfa.challenge_expired'));
      await assert.rejects(t.services.twoFactor.openChallenge(secret, 'client', { deviceId: '1', uuid: 'v' }), refusedWith('tfa.challenge_expired'));
      const open = await t.services.twoFactor.openChallenge(secret, 'client', device);
      for (let i = 0; i < 5; i++) await t.services.twoFactor.wrongCode(open.secretHash);
      await assert.rejects(t.services.twoFactor.openChallenge(secret, 'client', device), refusedWith('tfa.challenge_expired'));
    });
  });
}
