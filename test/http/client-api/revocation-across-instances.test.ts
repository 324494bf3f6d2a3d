import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../../src/app.js';
import { systemActor } from '../../../src/services/audit.js';
import { UserStatus } from '../../../src/domain/user.js';
import { openDatabase } from '../../../src/store/db.js';
import { buildTestApp, testPasswords, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { createUser } from '../../support/fixtures.js';
import { DEVICE, dart } from '../../support/rustdesk-client.js';

const device = { deviceId: DEVICE.id, uuid: DEVICE.uuid, deviceInfo: DEVICE.deviceInfo, ip: '192.0.2.7' };

/** Retries `check` until it passes, for a notice on its way from the database (at most a few seconds). */
async function eventually(check: () => Promise<void>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await check();
      return;
    } catch (error) {
      if (attempt >= 100) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

for (const engine of await testEngines()) {
  describe(`a token revoked or its user changed on one instance, as another answers it (${engine})`, () => {
    let t: TestApp;
    /** A second instance on the same database, with the same clock. */
    let other: App;
    /** Token lookups `other` made in its database. */
    let reads = 0;

    before(async () => {
      t = await buildTestApp(engine);
      other = await buildApp(t.config, { clock: t.clock, passwords: testPasswords, db: openDatabase(t.database.location) });
      const store = other.store.accessTokens;
      const { findWithUser } = store;
      store.findWithUser = (hash) => {
        reads++;
        return findWithUser(hash);
      };
    });
    after(async () => {
      await other.close();
      await t.close();
    });

    const currentUser = (token: string) => other.app.inject(dart('POST', '/api/currentUser', { id: DEVICE.id, uuid: DEVICE.uuid }, token));

    /** A signed-in client's token, answered once by `other` (which keeps it), and `other`'s reads so far. */
    async function signedIn(name: string, options: { is_admin?: boolean } = {}) {
      const user = await createUser(t, { name, ...options });
      const token = await t.services.accessTokens.issue(user.id, device);
      const first = await currentUser(token);
      assert.equal(first.statusCode, 200);
      return { user, token, readsBefore: reads };
    }

    if (engine === 'postgres') {
      /** A minute on: a check only the database's notices can have made stale, and `other` answered it from memory. */
      async function keptAMinute(token: string, readsBefore: number) {
        t.clock.advance(60_000);
        assert.equal((await currentUser(token)).statusCode, 200);
        assert.equal(reads, readsBefore, 'answered without asking the database');
      }

      it('refuses at once a token revoked on another instance', async () => {
        const { user, token, readsBefore } = await signedIn('revoked');
        await keptAMinute(token, readsBefore);
        const [row] = await t.services.accessTokens.listForUser(user.id);
        assert.equal(await t.services.accessTokens.revokeById(row!.id, user.id), true);
        await eventually(async () => assert.equal((await currentUser(token)).statusCode, 401));
      });

      it('refuses at once the token of a user disabled on another instance', async () => {
        const { user, token, readsBefore } = await signedIn('disabled');
        await keptAMinute(token, readsBefore);
        await t.services.users.setStatus(systemActor, user.id, UserStatus.Disabled);
        await eventually(async () => assert.equal((await currentUser(token)).statusCode, 401));
      });

      it('answers anew for a user who stopped being an administrator on another instance', async () => {
        await createUser(t, { name: 'keeper', is_admin: true });
        const { user, token, readsBefore } = await signedIn('demoted', { is_admin: true });
        await keptAMinute(token, readsBefore);
        assert.equal((await currentUser(token)).json().is_admin, true);
        await t.services.users.update(systemActor, user.id, { is_admin: false });
        await eventually(async () => assert.equal((await currentUser(token)).json().is_admin, false));
      });

      it('refuses at once the token of a user deleted on another instance', async () => {
        const { user, token, readsBefore } = await signedIn('deleted');
        await keptAMinute(token, readsBefore);
        await t.services.users.delete(systemActor, user.id);
        await eventually(async () => assert.equal((await currentUser(token)).statusCode, 401));
      });

      it('refuses at once a token revoked by SQL, as the command line or an administrator writes', async () => {
        const { user, token, readsBefore } = await signedIn('by-sql');
        await keptAMinute(token, readsBefore);
        await t.database.db.kysely.updateTable('access_tokens').set({ revoked_at: t.clock.now() }).where('user_id', '=', user.id).execute();
        await eventually(async () => assert.equal((await currentUser(token)).statusCode, 401));
      });
    }

    if (engine === 'sqlite') {
      it('refuses a token revoked by another process within 5 seconds', async () => {
        const { user, token } = await signedIn('revoked');
        const [row] = await t.services.accessTokens.listForUser(user.id);
        assert.equal(await t.services.accessTokens.revokeById(row!.id, user.id), true);
        // Nothing tells this instance: it answers from memory until its short cache lapses.
        assert.equal((await currentUser(token)).statusCode, 200);
        t.clock.advance(5_001);
        assert.equal((await currentUser(token)).statusCode, 401);
      });

      it('refuses the token of a user disabled by another process within 5 seconds', async () => {
        const { user, token } = await signedIn('disabled');
        await t.services.users.setStatus(systemActor, user.id, UserStatus.Disabled);
        t.clock.advance(5_001);
        assert.equal((await currentUser(token)).statusCode, 401);
      });
    }
  });
}
