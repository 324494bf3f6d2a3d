import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Migrator } from 'kysely';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { openDatabase } from '../../src/store/db.js';
import { createStore, type Store } from '../../src/store/index.js';
import { columnsOf, precompile, writeAll } from '../../src/store/precompiled.js';
import type { ClientSignInRow, SettingsTable } from '../../src/store/schema.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.js';

const T0 = Date.UTC(2026, 0, 1);

function signInRow(id: string, extra: Partial<ClientSignInRow> = {}): ClientSignInRow {
  return {
    id,
    code_hash: `hash-${id}`,
    provider_id: 'p1',
    device_id: '123456789',
    device_uuid: 'uuid',
    device_info: '{}',
    ip: '192.0.2.1',
    status: 'pending',
    user_id: null,
    error: '',
    confirm_token: '',
    created_at: T0,
    expires_at: T0 + 180_000,
    sso_sid: '',
    ...extra,
  };
}

for (const engine of await testEngines()) {
  describe(`precompiled queries (${engine})`, () => {
    let database: TestDatabase;
    let store: Store;

    before(async () => {
      database = await createTestDatabase(engine);
      store = createStore(database.db);
    });
    after(() => database.drop());

    it('runs one compiled query with new values each time', async () => {
      const k = database.db.kysely;
      const insert = precompile(k, (row: SettingsTable) => k.insertInto('settings').values(row), columnsOf<SettingsTable>({ key: true, value: true, updated_at: true }));
      const byKey = precompile(k, (p: { key: string }) => k.selectFrom('settings').selectAll().where('key', '=', p.key));
      assert.equal(await insert.run({ key: 'a', value: '1', updated_at: T0 }), 1);
      assert.equal(await insert.run({ key: 'b', value: '2', updated_at: T0 }), 1);
      assert.deepEqual(await byKey.first({ key: 'b' }), { key: 'b', value: '2', updated_at: T0 });
      assert.equal(await byKey.first({ key: 'c' }), undefined);
    });

    it('refuses a missing value and a query with a value fixed at build time', async () => {
      const k = database.db.kysely;
      const byKey = precompile(k, (p: { key: string }) => k.selectFrom('settings').selectAll().where('key', '=', p.key));
      await assert.rejects(byKey.first({} as { key: string }), /missing "key"/);
      // Compiled at first use, so refused there.
      const fixed = precompile(k, () => k.selectFrom('settings').selectAll().where('key', '=', 'fixed'));
      await assert.rejects(fixed.first({}), /fixed parameter/);
    });

    it('returns every row with all', async () => {
      const k = database.db.kysely;
      await store.settings.set('all-1', 1, T0);
      await store.settings.set('all-2', 2, T0);
      const byPrefix = precompile(k, (p: { from: string; to: string }) => k.selectFrom('settings').select('key').where('key', '>=', p.from).where('key', '<', p.to).orderBy('key'));
      assert.deepEqual((await byPrefix.all({ from: 'all-', to: 'all.' })).map((row) => row.key), ['all-1', 'all-2']);
      assert.deepEqual(await byPrefix.all({ from: 'none-', to: 'none.' }), []);
    });

    it('writes several queries all or nothing', async () => {
      const k = database.db.kysely;
      const insert = precompile(k, (row: SettingsTable) => k.insertInto('settings').values(row), columnsOf<SettingsTable>({ key: true, value: true, updated_at: true }));
      await writeAll(k, [insert.bind({ key: 'w1', value: '1', updated_at: T0 }), insert.bind({ key: 'w2', value: '2', updated_at: T0 })]);
      assert.equal(await store.settings.get('w2'), 2);
      // The second insert breaks the primary key: the first is undone with it.
      await assert.rejects(writeAll(k, [insert.bind({ key: 'w3', value: '3', updated_at: T0 }), insert.bind({ key: 'w1', value: '9', updated_at: T0 })]));
      assert.equal(await store.settings.get('w3'), undefined);
      assert.equal(await store.settings.get('w1'), 1);
    });

    it('never runs a query inside a transaction another caller has open', async () => {
      let inside!: () => void;
      const paused = new Promise<void>((resolve) => (inside = resolve));
      let resume!: () => void;
      const held = new Promise<void>((resolve) => (resume = resolve));
      const transaction = database.db.kysely
        .transaction()
        .execute(async (trx) => {
          await trx.insertInto('settings').values({ key: 'in-trx', value: '1', updated_at: T0 }).execute();
          inside();
          await held;
          throw new Error('roll back');
        })
        .catch((error: Error) => error.message);
      await paused;
      // While the transaction is open, a query from elsewhere waits its turn (SQLite's one connection).
      const outside = store.clientSignIns.insert(signInRow('kept'));
      resume();
      await outside;
      assert.equal(await transaction, 'roll back');
      assert.ok(await store.clientSignIns.findById('kept'));
      assert.equal(await store.settings.get('in-trx'), undefined);
    });

    it('moves a sign-in only from an expected status, within its guard, and returns the row', async () => {
      await store.clientSignIns.insert(signInRow('guarded', { confirm_token: 'h1', status: 'awaiting_confirmation' }));
      assert.equal(await store.clientSignIns.transition('guarded', 'pending', { status: 'approved' }), undefined);
      assert.equal(await store.clientSignIns.transition('guarded', 'awaiting_confirmation', { status: 'approved' }, { confirmToken: 'h2' }), undefined);
      assert.equal(await store.clientSignIns.transition('guarded', 'awaiting_confirmation', { status: 'approved' }, { liveAt: T0 + 180_000 }), undefined);
      const moved = await store.clientSignIns.transition(
        'guarded',
        ['pending', 'awaiting_confirmation'],
        { status: 'approved', confirm_token: '' },
        { liveAt: T0 + 1, confirmToken: 'h1' },
      );
      assert.equal(moved?.status, 'approved');
      assert.equal(moved?.confirm_token, '');
      assert.equal(await store.clientSignIns.transition('guarded', 'awaiting_confirmation', { status: 'denied' }), undefined);
    });

    it('hands an approved sign-in over once, and keeps no collected ones', async () => {
      await store.clientSignIns.insert(signInRow('waiting'));
      assert.equal(await store.clientSignIns.collect('waiting'), false);
      assert.ok(await store.clientSignIns.findById('waiting'), 'a pending sign-in stays');
      await store.clientSignIns.insert(signInRow('done', { status: 'approved' }));
      const twice = await Promise.all([store.clientSignIns.collect('done'), store.clientSignIns.collect('done')]);
      assert.deepEqual(twice.sort(), [false, true]);
      assert.equal(await store.clientSignIns.findByCodeHash('hash-done'), undefined);
    });
  });
}

/** A client sign-in as the schema before 0008 holds it (no `sso_sid`). */
function oldSignInRow(id: string, extra: Partial<ClientSignInRow> = {}) {
  const { sso_sid: _later, ...row } = signInRow(id, extra);
  return row;
}

describe('migration 0003 (sqlite)', () => {
  it('keeps sign-ins in flight when it rebuilds the sign-in tables', async () => {
    const db = openDatabase({ sqliteFile: ':memory:' });
    try {
      const migrator = new Migrator({ db: db.kysely, provider: migrationProvider, migrationTableName: 'deskgate_migrations', migrationLockTableName: 'deskgate_migrations_lock' });
      assert.equal((await migrator.migrateTo('0002-oidc')).error, undefined);
      const store = createStore(db);
      await db.kysely.insertInto('client_sign_ins').values(oldSignInRow('in-flight')).execute();
      await db.kysely
        .insertInto('sign_in_transactions')
        .values({
          state: 'state-1', nonce: 'n', code_verifier: 'v', provider_id: 'p1', expected_issuer: 'https://idp.example',
          redirect_uri: 'https://dg.example/api/oidc/callback', purpose: 'client', return_to: '', client_sign_in_id: 'in-flight',
          browser_binding: 'b', created_at: T0, expires_at: T0 + 600_000,
        })
        .execute();
      assert.equal((await migrator.migrateTo('0003-lean-sign-in-tables')).error, undefined);
      assert.equal((await store.clientSignIns.findByCodeHash('hash-in-flight'))?.signIn.id, 'in-flight');
      assert.equal((await store.signInTransactions.consume('state-1', 'b'))?.client_sign_in_id, 'in-flight');
      // The code hash stays unique.
      await assert.rejects(db.kysely.insertInto('client_sign_ins').values(oldSignInRow('other', { code_hash: 'hash-in-flight' })).execute(), /UNIQUE/);
    } finally {
      await db.close();
    }
  });
});
