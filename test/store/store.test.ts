import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createStore, type Store } from '../../src/store/index.js';
import type { User } from '../../src/domain/user.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.js';

const T0 = Date.UTC(2026, 0, 1);

function userRow(name: string, extra: Partial<User> = {}): User {
  return {
    id: crypto.randomUUID(),
    name,
    display_name: '',
    email: '',
    note: '',
    status: 1,
    is_admin: false,
    password_hash: null,
    created_at: T0,
    updated_at: T0,
    ...extra,
  };
}

for (const engine of await testEngines()) {
  describe(`store (${engine})`, () => {
    let database: TestDatabase;
    let store: Store;

    before(async () => {
      database = await createTestDatabase(engine);
      store = createStore(database.db);
    });
    after(() => database.drop());

    it('migrates idempotently', async () => {
      assert.deepEqual(await database.db.migrate(), []);
    });

    it('keeps user names unique regardless of case', async () => {
      await store.users.insert(userRow('Carol'));
      await assert.rejects(store.users.insert(userRow('carol')));
      assert.equal((await store.users.findByName('CAROL'))?.name, 'Carol');
    });

    it('pages users with a total and searches names, display names and e-mail literally', async () => {
      for (let i = 0; i < 25; i++) await store.users.insert(userRow(`page${String(i).padStart(2, '0')}`, { email: `p${i}@corp.example` }));
      await store.users.insert(userRow('percent', { display_name: '100% sure' }));
      const first = await store.users.list({ search: 'page' }, { current: 1, pageSize: 10 });
      const third = await store.users.list({ search: 'page' }, { current: 3, pageSize: 10 });
      assert.equal(first.total, 25);
      assert.equal(first.rows.length, 10);
      assert.equal(third.rows.length, 5);
      assert.equal(first.rows[0]?.name, 'page00');
      // LIKE wildcards in a search are literal characters.
      assert.deepEqual((await store.users.list({ search: '100%' }, { current: 1, pageSize: 10 })).rows.map((r) => r.name), ['percent']);
      assert.equal((await store.users.list({ search: '_' }, { current: 1, pageSize: 10 })).total, 0);
      assert.equal((await store.users.list({ search: 'P7@CORP' }, { current: 1, pageSize: 10 })).total, 1);
    });

    it('counts enabled administrators, leaving one out on request', async () => {
      const admin = userRow('boss', { is_admin: true });
      await store.users.insert(admin);
      await store.users.insert(userRow('former-boss', { is_admin: true, status: 0 }));
      assert.equal(await store.users.countEnabledAdmins(), 1);
      assert.equal(await store.users.countEnabledAdmins(admin.id), 0);
    });

    it('cascades group membership and tokens when a user is deleted', async () => {
      const user = userRow('leaver');
      await store.users.insert(user);
      const group = { id: crypto.randomUUID(), name: 'Ops', note: '', created_at: T0, updated_at: T0 };
      await store.groups.insert(group);
      await store.users.setGroups(user.id, [group.id]);
      await store.accessTokens.insert({
        id: crypto.randomUUID(),
        token_hash: 'h-leaver',
        user_id: user.id,
        device_id: '1',
        device_uuid: 'u',
        device_info: {},
        ip: '127.0.0.1',
        created_at: T0,
        last_used_at: T0,
        expires_at: T0 + 1000,
        revoked_at: null,
        sso_provider_id: '',
        sso_sid: '',
      });
      assert.deepEqual((await store.users.groupsOf([user.id])).get(user.id), [{ id: group.id, name: 'Ops' }]);
      assert.equal(await store.users.delete(user.id), true);
      assert.deepEqual(await store.groups.members(group.id), []);
      assert.equal(await store.accessTokens.findWithUser('h-leaver'), undefined);
    });

    it('finds a token with its user in one lookup, and revokes by hash exactly once', async () => {
      const user = userRow('holder', { is_admin: true, display_name: 'Holder' });
      await store.users.insert(user);
      await store.accessTokens.insert({
        id: crypto.randomUUID(),
        token_hash: 'h-holder',
        user_id: user.id,
        device_id: '42',
        device_uuid: 'uuid',
        device_info: { os: 'linux' },
        ip: '10.0.0.1',
        created_at: T0,
        last_used_at: T0,
        expires_at: T0 + 86_400_000,
        revoked_at: null,
        sso_provider_id: '',
        sso_sid: '',
      });
      const found = await store.accessTokens.findWithUser('h-holder');
      assert.equal(found?.user.display_name, 'Holder');
      assert.equal(found?.user.is_admin, true);
      assert.deepEqual(found?.token.device_info, { os: 'linux' });
      assert.equal(found?.token.expires_at, T0 + 86_400_000);
      assert.equal(typeof found?.token.created_at, 'number');
      assert.deepEqual(await store.accessTokens.revoke({ tokenHash: 'h-holder' }, T0 + 5), ['h-holder']);
      assert.deepEqual(await store.accessTokens.revoke({ tokenHash: 'h-holder' }, T0 + 6), []);
    });

    it('keeps group member counts in the list and ignores duplicate additions', async () => {
      const group = { id: crypto.randomUUID(), name: 'Counted', note: '', created_at: T0, updated_at: T0 };
      await store.groups.insert(group);
      const a = userRow('member-a');
      const b = userRow('member-b');
      await store.users.insert(a);
      await store.users.insert(b);
      await store.groups.addMembers(group.id, [a.id, b.id]);
      await store.groups.addMembers(group.id, [a.id]);
      const listed = (await store.groups.list({ current: 1, pageSize: 100 })).rows.find((g) => g.id === group.id);
      assert.equal(listed?.member_count, 2);
    });

    it('maps rows to the domain types and back: booleans, lists, device information, status', async () => {
      const kysely = database.db.kysely;
      const user = userRow('Mapped', { is_admin: true, status: -1, password_hash: 'h' });
      await store.users.insert(user);
      assert.deepEqual(await store.users.findById(user.id), user);
      const stored = await kysely.selectFrom('users').selectAll().where('id', '=', user.id).executeTakeFirstOrThrow();
      assert.deepEqual([stored.name_key, stored.is_admin, stored.status], ['mapped', 1, -1]);
      await store.users.update(user.id, { is_admin: false, status: 1 });
      assert.deepEqual(await store.users.findByName('MAPPED'), { ...user, is_admin: false, status: 1 });
      // A status the schema does not know never lets anyone in.
      await kysely.updateTable('users').set({ status: 7 }).where('id', '=', user.id).execute();
      assert.equal((await store.users.findById(user.id))?.status, 0);

      const token = {
        id: crypto.randomUUID(), name: 'script', token_hash: 'h-script', scopes: ['users:read', 'audit:write'], created_by: 'root',
        created_at: T0, last_used_at: null, expires_at: null, revoked_at: null,
      };
      await store.apiTokens.insert(token);
      assert.deepEqual(await store.apiTokens.findByHash('h-script'), token);
      const tokenRow = await kysely.selectFrom('api_tokens').select('scopes').where('id', '=', token.id).executeTakeFirstOrThrow();
      assert.equal(tokenRow.scopes, '["users:read","audit:write"]');

      const session = {
        id: crypto.randomUUID(), token_hash: 'h-session', csrf_token: 'c', user_id: user.id, remember: true, ip: '127.0.0.1',
        user_agent: 'test', created_at: T0, last_seen_at: T0, expires_at: T0 + 1000, revoked_at: null, sso_provider_id: '', sso_sid: '',
      };
      await store.consoleSessions.insert(session);
      assert.deepEqual(await store.consoleSessions.findByHash('h-session'), session);
      assert.deepEqual(await store.consoleSessions.listForUser(user.id, T0), [session]);

      const access = {
        id: crypto.randomUUID(), token_hash: 'h-device', user_id: user.id, device_id: '7', device_uuid: 'u7',
        device_info: { os: 'linux', extra: 1 }, ip: '10.0.0.7', created_at: T0, last_used_at: T0, expires_at: T0 + 1000, revoked_at: null, sso_provider_id: 'corp', sso_sid: 's-1',
      };
      await store.accessTokens.insert(access);
      assert.deepEqual(await store.accessTokens.listForUser(user.id, T0), [access]);
      // What a client sent that is not an object reads as nothing reported.
      await kysely.updateTable('access_tokens').set({ device_info: '"text"' }).where('id', '=', access.id).execute();
      assert.deepEqual((await store.accessTokens.listForUser(user.id, T0))[0]?.device_info, {});

      const group = { id: crypto.randomUUID(), name: 'Mapped Group', note: 'n', created_at: T0, updated_at: T0 };
      await store.groups.insert(group);
      await store.groups.update(group.id, { name: 'Renamed' });
      assert.deepEqual(await store.groups.findByName('renamed'), { ...group, name: 'Renamed' });
      assert.equal(await store.groups.findByName('mapped group'), undefined);
    });

    it('upserts throttles and settings', async () => {
      assert.deepEqual(await store.signInAttempts.countFailure('x', T0, T0 - 1), { failures: 1, lockedUntil: T0 });
      await store.signInAttempts.lockUntil('x', T0 + 60_000);
      assert.deepEqual(await store.signInAttempts.countFailure('x', T0, T0 - 1), { failures: 2, lockedUntil: T0 + 60_000 });
      await store.signInAttempts.lockUntil('x', T0 + 1);
      assert.deepEqual(await store.signInAttempts.throttle('x'), { failures: 2, lockedUntil: T0 + 60_000 });
      await store.signInAttempts.clearThrottle('x');
      assert.equal(await store.signInAttempts.throttle('x'), undefined);

      await store.settings.set('password_login', false, T0);
      await store.settings.set('password_login', true, T0 + 1);
      assert.equal(await store.settings.get('password_login'), true);
      assert.equal(await store.settings.get('missing'), undefined);
    });

    it('filters the console audit by action prefix, actor, target and time, newest first', async () => {
      const record = (id: string, created_at: number, actor: string, action: string, target: string) => ({
        id,
        created_at,
        actor: { type: 'user', id: '1', name: actor },
        action,
        target: { type: 'user', id: 't', name: target },
        detail: { n: 1 },
        ip: '127.0.0.1',
      });
      await store.consoleAudit.insert(record('a1', T0, 'root', 'user.create', 'Dave'));
      await store.consoleAudit.insert(record('a2', T0 + 10, 'root', 'group.create', 'Ops'));
      await store.consoleAudit.insert(record('a3', T0 + 20, 'cli:ops', 'user.delete', 'Dave'));
      const page = { current: 1, pageSize: 10 };
      assert.deepEqual((await store.consoleAudit.list({}, page)).rows.map((r) => r.id), ['a3', 'a2', 'a1']);
      assert.deepEqual((await store.consoleAudit.list({ action: 'user.' }, page)).rows.map((r) => r.id), ['a3', 'a1']);
      assert.deepEqual((await store.consoleAudit.list({ actor: 'cli:ops' }, page)).rows.map((r) => r.id), ['a3']);
      assert.deepEqual((await store.consoleAudit.list({ target: 'dav' }, page)).rows.map((r) => r.id), ['a3', 'a1']);
      assert.deepEqual((await store.consoleAudit.list({ from: T0 + 5, to: T0 + 15 }, page)).rows.map((r) => r.id), ['a2']);
      // Read back as it was written: actor and target whole, detail parsed.
      assert.deepEqual((await store.consoleAudit.list({ actor: 'cli:ops' }, page)).rows[0], record('a3', T0 + 20, 'cli:ops', 'user.delete', 'Dave'));
    });
  });
}
