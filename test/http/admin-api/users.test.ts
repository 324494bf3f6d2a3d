import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { PASSWORD, createApiToken, createUser, signInConsole } from '../../support/fixtures.js';
import { assertJsonError } from '../../support/malformed.js';
import { DEVICE, dart, loginBody } from '../../support/rustdesk-client.js';

interface User {
  id: string;
  name: string;
  display_name: string;
  email: string;
  note: string;
  status: number;
  is_admin: boolean;
  has_password: boolean;
  groups: { id: string; name: string }[];
}
interface AuditRecord {
  action: string;
  actor: { type: string; name: string };
  target: { type: string; id: string; name: string };
  detail: Record<string, unknown>;
  ip: string;
}

for (const engine of await testEngines()) {
  describe(`admin API: users (${engine})`, () => {
    let t: TestApp;
    let token: Record<string, string>;
    let root: User;

    before(async () => {
      t = await buildTestApp(engine);
      root = (await createUser(t, { name: 'root', is_admin: true })) as User;
      token = (await createApiToken(t, ['admin'])).headers;
    });
    after(() => t.close());

    const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, headers = token) =>
      t.app.inject({ method, url, headers, remoteAddress: '198.51.100.7', ...(payload === undefined ? {} : { payload: payload as object }) });
    const create = async (body: Record<string, unknown>) => {
      const response = await call('POST', '/api/admin/users', body);
      assert.equal(response.statusCode, 201, response.body);
      return response.json() as User;
    };
    const auditOf = async (query: string) =>
      ((await call('GET', `/api/admin/audit/console?${query}`)).json() as { data: AuditRecord[] }).data;
    const clientSignIn = async (name: string, password = PASSWORD) => {
      const response = await t.app.inject(dart('POST', '/api/login', loginBody(name, password)));
      assert.equal(response.statusCode, 200, response.body);
      return (response.json() as { access_token: string }).access_token;
    };
    const clientWorks = async (accessToken: string) =>
      (await t.app.inject(dart('POST', '/api/currentUser', { id: DEVICE.id, uuid: DEVICE.uuid }, accessToken))).statusCode === 200;

    it('creates a user in the Default group and shows it without its password', async () => {
      const response = await call('POST', '/api/admin/users', {
        name: 'alice',
        password: PASSWORD,
        display_name: 'Alice A.',
        email: 'alice@example.com',
        note: 'first',
      });
      assert.equal(response.statusCode, 201);
      const alice = response.json() as User & Record<string, unknown>;
      assert.equal(alice.name, 'alice');
      assert.equal(alice.display_name, 'Alice A.');
      assert.equal(alice.status, 1);
      assert.equal(alice.is_admin, false);
      assert.equal(alice.has_password, true);
      assert.deepEqual(alice.groups.map((g) => g.name), ['Default']);
      assert.equal('password_hash' in alice, false);
      assert.ok(!response.body.includes(PASSWORD));
      assert.deepEqual((await call('GET', `/api/admin/users/${alice.id}`)).json(), alice);
    });

    it('creates an SSO-only user without a password', async () => {
      const sso = await create({ name: 'sso.only@example.com' });
      assert.equal(sso.has_password, false);
    });

    it('refuses a taken name (in any case), a bad name and a weak password', async () => {
      assert.equal(assertJsonError(await call('POST', '/api/admin/users', { name: 'ALICE', password: PASSWORD }), 409).code, 'user.name_taken');
      assertJsonError(await call('POST', '/api/admin/users', { name: 'has space', password: PASSWORD }), 400);
      assert.equal(assertJsonError(await call('POST', '/api/admin/users', { name: 'bob', password: 'short' }), 400).code, 'user.weak_password');
      assert.equal(assertJsonError(await call('POST', '/api/admin/users', { name: 'bob', group_ids: [crypto.randomUUID()] }), 404).code, 'group.not_found');
    });

    it('lists with search, filters and paging, giving the total of all matches', async () => {
      for (let i = 0; i < 7; i++) await create({ name: `page-${i}`, email: `p${i}@paging.example`, status: i % 2 });
      const page = (await call('GET', '/api/admin/users?search=PAGING.example&current=2&pageSize=3')).json() as { total: number; data: User[] };
      assert.equal(page.total, 7);
      assert.deepEqual(page.data.map((u) => u.name), ['page-3', 'page-4', 'page-5']);
      const disabled = (await call('GET', '/api/admin/users?search=page-&status=0')).json() as { total: number; data: User[] };
      assert.deepEqual(disabled.data.map((u) => u.name), ['page-0', 'page-2', 'page-4', 'page-6']);
      const admins = (await call('GET', '/api/admin/users?is_admin=true')).json() as { data: User[] };
      assert.deepEqual(admins.data.map((u) => u.name), ['root']);
      const none = (await call('GET', '/api/admin/users?search=%25')).json() as { total: number };
      assert.equal(none.total, 0, 'a % in the search is a literal, not a wildcard');
    });

    it('filters by group', async () => {
      const group = (await call('POST', '/api/admin/groups', { name: 'Support' })).json() as { id: string };
      const carol = await create({ name: 'carol', group_ids: [group.id] });
      const page = (await call('GET', `/api/admin/users?group=${group.id}`)).json() as { total: number; data: User[] };
      assert.deepEqual(page.data.map((u) => u.id), [carol.id]);
    });

    it('updates a user’s fields and groups, and answers 404 for an unknown one', async () => {
      const dave = await create({ name: 'dave', password: PASSWORD });
      const group = (await call('POST', '/api/admin/groups', { name: 'Dave’s team' })).json() as { id: string };
      const response = await call('PATCH', `/api/admin/users/${dave.id}`, {
        display_name: 'Dave D.',
        email: 'dave@example.com',
        note: 'moved',
        group_ids: [group.id],
        unknown_field: 'ignored',
      });
      assert.equal(response.statusCode, 200, response.body);
      const updated = response.json() as User;
      assert.deepEqual(
        { display_name: updated.display_name, email: updated.email, note: updated.note, groups: updated.groups.map((g) => g.name) },
        { display_name: 'Dave D.', email: 'dave@example.com', note: 'moved', groups: ['Dave’s team'] },
      );
      assertJsonError(await call('PATCH', `/api/admin/users/${dave.id}`, { email: 'not an address' }), 400);
      assertJsonError(await call('PATCH', `/api/admin/users/${dave.id}`, { status: 2 }), 400);
      assert.equal(assertJsonError(await call('PATCH', `/api/admin/users/${crypto.randomUUID()}`, { note: 'x' }), 404).code, 'user.not_found');
    });

    it('disables and enables a user; a disabled user’s client tokens stop at once', async () => {
      const erin = await create({ name: 'erin', password: PASSWORD });
      const accessToken = await clientSignIn('erin');
      const disabled = await call('POST', `/api/admin/users/${erin.id}/disable`);
      assert.equal((disabled.json() as User).status, 0);
      assert.equal(await clientWorks(accessToken), false);
      const enabled = await call('POST', `/api/admin/users/${erin.id}/enable`);
      assert.equal((enabled.json() as User).status, 1);
      assert.equal(await clientWorks(accessToken), true);
    });

    it('never demotes, disables or deletes the last enabled administrator (409)', async () => {
      const refusals = [
        await call('PATCH', `/api/admin/users/${root.id}`, { is_admin: false }),
        await call('PATCH', `/api/admin/users/${root.id}`, { status: 0 }),
        await call('POST', `/api/admin/users/${root.id}/disable`),
        await call('DELETE', `/api/admin/users/${root.id}`),
      ];
      for (const response of refusals) assert.equal(assertJsonError(response, 409).code, 'user.last_admin');
      assert.equal(((await call('GET', `/api/admin/users/${root.id}`)).json() as User).is_admin, true);

      // With a second enabled administrator, the first may step down.
      const second = await create({ name: 'second-admin', password: PASSWORD, is_admin: true });
      assert.equal((await call('PATCH', `/api/admin/users/${root.id}`, { is_admin: false })).statusCode, 200);
      assertJsonError(await call('DELETE', `/api/admin/users/${second.id}`), 409);
      assert.equal((await call('PATCH', `/api/admin/users/${root.id}`, { is_admin: true })).statusCode, 200);
      assert.equal((await call('DELETE', `/api/admin/users/${second.id}`)).statusCode, 204);
    });

    it('deletes a user, revokes their client tokens, and keeps their name in the audit log', async () => {
      const frank = await create({ name: 'frank', password: PASSWORD });
      const accessToken = await clientSignIn('frank');
      assert.equal(await clientWorks(accessToken), true);
      assert.equal((await call('DELETE', `/api/admin/users/${frank.id}`)).statusCode, 204);
      assert.equal(await clientWorks(accessToken), false);
      assertJsonError(await call('GET', `/api/admin/users/${frank.id}`), 404);
      assertJsonError(await call('DELETE', `/api/admin/users/${frank.id}`), 404);
      const [record] = await auditOf('action=user.delete&target=frank');
      assert.deepEqual(record?.target, { type: 'user', id: frank.id, name: 'frank' });
    });

    it('resets a password: the old one stops working and the user’s console sessions end', async () => {
      const gina = await create({ name: 'gina', password: PASSWORD });
      const session = await signInConsole(t, 'gina');
      assert.equal((await call('POST', `/api/admin/users/${gina.id}/password`, { password: 'a brand new secret' })).statusCode, 204);
      assertJsonError(await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: session.cookie } }), 401);
      assertJsonError(await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'gina', password: PASSWORD }, headers: { 'sec-fetch-site': 'same-origin' } }), 401);
      await signInConsole(t, 'gina', 'a brand new secret');
      assert.equal(assertJsonError(await call('POST', `/api/admin/users/${gina.id}/password`, { password: 'short' }), 400).code, 'user.weak_password');
      const [record] = await auditOf('action=user.password_reset&target=gina');
      assert.ok(record);
      assert.ok(!JSON.stringify(record).includes('a brand new secret'));
    });

    it('a password reset ends the person’s RustDesk client tokens and console sessions, but not the resetting session', async () => {
      const jane = await create({ name: 'jane', password: PASSWORD, is_admin: true });
      const laptop = await clientSignIn('jane');
      const elsewhere = await signInConsole(t, 'jane');
      assert.equal(await clientWorks(laptop), true);
      assert.equal((await call('POST', `/api/admin/users/${jane.id}/password`, { password: 'jane’s new password' })).statusCode, 204);
      assert.equal(await clientWorks(laptop), false);
      assertJsonError(await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: elsewhere.cookie } }), 401);

      // Jane resets her own password from the console: that session stays, her client does not.
      const here = await signInConsole(t, 'jane', 'jane’s new password');
      const desktop = await clientSignIn('jane', 'jane’s new password');
      const own = await call('POST', `/api/admin/users/${jane.id}/password`, { password: 'jane’s third password' }, here.headers);
      assert.equal(own.statusCode, 204, own.body);
      assert.equal(await clientWorks(desktop), false);
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: here.cookie } })).statusCode, 200);
    });

    it('lists where a user is signed in, never with a token, and signs them out everywhere', async () => {
      const hank = await create({ name: 'hank', password: PASSWORD });
      const accessToken = await clientSignIn('hank');
      const session = await signInConsole(t, 'hank');
      const listed = await call('GET', `/api/admin/users/${hank.id}/sessions`);
      const where = listed.json() as { sessions: { ip: string }[]; devices: { device_id: string; device_uuid: string; device_info: unknown }[] };
      assert.equal(where.sessions.length, 1);
      assert.deepEqual(
        where.devices.map((d) => [d.device_id, d.device_uuid, d.device_info]),
        [[DEVICE.id, DEVICE.uuid, DEVICE.deviceInfo]],
      );
      assert.ok(!listed.body.includes(accessToken) && !listed.body.includes(session.cookie.split('=')[1]!));

      const out = await call('POST', `/api/admin/users/${hank.id}/sign-out`);
      assert.deepEqual(out.json(), { client_tokens: 1, console_sessions: 1 });
      assert.equal(await clientWorks(accessToken), false);
      assertJsonError(await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: session.cookie } }), 401);
      assert.deepEqual((await call('GET', `/api/admin/users/${hank.id}/sessions`)).json(), { sessions: [], devices: [] });
      const [record] = await auditOf('action=user.sign_out');
      assert.deepEqual(record?.detail, { client_tokens: 1, console_sessions: 1 });
      assertJsonError(await call('POST', `/api/admin/users/${crypto.randomUUID()}/sign-out`), 404);
    });

    it('records every change with the actor’s name, the action, the target and the address', async () => {
      const admin = await signInConsole(t, 'root');
      const asRoot = async (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) => {
        t.clock.advance(1); // distinct times: the log is newest first
        return call(method, url, payload, admin.headers);
      };
      const ivan = (await asRoot('POST', '/api/admin/users', { name: 'ivan', password: PASSWORD })).json() as User;
      await asRoot('PATCH', `/api/admin/users/${ivan.id}`, { note: 'audited' });
      await asRoot('POST', `/api/admin/users/${ivan.id}/disable`);
      await asRoot('DELETE', `/api/admin/users/${ivan.id}`);
      const records = await auditOf('target=ivan');
      assert.deepEqual(
        records.map((r) => [r.action, r.actor.type, r.actor.name, r.target.name, r.ip, r.detail]),
        [
          ['user.delete', 'user', 'root', 'ivan', '198.51.100.7', {}],
          ['user.update', 'user', 'root', 'ivan', '198.51.100.7', { status: 0 }],
          ['user.update', 'user', 'root', 'ivan', '198.51.100.7', { note: 'audited' }],
          ['user.create', 'user', 'root', 'ivan', '198.51.100.7', { is_admin: false, status: 1 }],
        ],
      );
      const [byToken] = await auditOf('action=user.create&target=alice');
      assert.deepEqual([byToken?.actor.type, byToken?.actor.name], ['token', 'script']);
    });
  });
}
