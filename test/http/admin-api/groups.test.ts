import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { createApiToken, createUser } from '../../support/fixtures.js';
import { assertJsonError } from '../../support/malformed.js';

interface Group {
  id: string;
  name: string;
  note: string;
  member_count: number;
  members?: { id: string; name: string }[];
}

for (const engine of await testEngines()) {
  describe(`admin API: groups (${engine})`, () => {
    let t: TestApp;
    let token: Record<string, string>;
    let defaultGroup: Group;

    before(async () => {
      t = await buildTestApp(engine);
      await createUser(t, { name: 'root', is_admin: true });
      token = (await createApiToken(t, ['groups:write', 'audit:read'])).headers;
      const list = (await call('GET', '/api/admin/groups')).json() as { data: Group[] };
      defaultGroup = list.data.find((g) => g.name === 'Default')!;
    });
    after(() => t.close());

    const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
      t.app.inject({ method, url, headers: token, ...(payload === undefined ? {} : { payload: payload as object }) });
    const create = async (name: string, note?: string) => {
      const response = await call('POST', '/api/admin/groups', { name, ...(note ? { note } : {}) });
      assert.equal(response.statusCode, 201, response.body);
      return response.json() as Group;
    };

    it('creates a group and shows it with its members', async () => {
      const ops = await create('Ops', 'on call');
      assert.deepEqual({ ...ops, id: undefined, created_at: undefined, updated_at: undefined }, {
        id: undefined,
        name: 'Ops',
        note: 'on call',
        member_count: 0,
        members: [],
        created_at: undefined,
        updated_at: undefined,
      });
      assert.deepEqual((await call('GET', `/api/admin/groups/${ops.id}`)).json(), ops);
    });

    it('refuses a taken name in any case, and blank or overlong names', async () => {
      assert.equal(assertJsonError(await call('POST', '/api/admin/groups', { name: 'OPS' }), 409).code, 'group.name_taken');
      assertJsonError(await call('POST', '/api/admin/groups', { name: '' }), 400);
      assert.equal(assertJsonError(await call('POST', '/api/admin/groups', { name: '   ' }), 400).code, 'group.invalid_name');
      assertJsonError(await call('POST', '/api/admin/groups', { name: 'x'.repeat(65) }), 400);
    });

    it('lists groups with member counts, paged, with the total', async () => {
      for (const name of ['Page A', 'Page B', 'Page C']) await create(name);
      const first = (await call('GET', '/api/admin/groups?pageSize=2')).json() as { total: number; data: Group[] };
      assert.equal(first.total, 5);
      assert.deepEqual(first.data.map((g) => g.name), ['Default', 'Ops']);
      assert.equal(first.data[0]?.member_count, 1, 'root is in Default');
      const third = (await call('GET', '/api/admin/groups?pageSize=2&current=3')).json() as { data: Group[] };
      assert.deepEqual(third.data.map((g) => g.name), ['Page C']);
    });

    it('renames a group and changes its note, but never renames or deletes Default', async () => {
      const group = await create('Rename me');
      const renamed = (await call('PATCH', `/api/admin/groups/${group.id}`, { name: 'Renamed', note: 'n' })).json() as Group;
      assert.deepEqual([renamed.name, renamed.note], ['Renamed', 'n']);
      assert.equal(assertJsonError(await call('PATCH', `/api/admin/groups/${group.id}`, { name: 'ops' }), 409).code, 'group.name_taken');
      const defaultRename = await call('PATCH', `/api/admin/groups/${defaultGroup.id}`, { name: 'Everyone' });
      assert.equal(assertJsonError(defaultRename, 409).code, 'group.default_protected');
      assert.equal(assertJsonError(await call('DELETE', `/api/admin/groups/${defaultGroup.id}`), 409).code, 'group.default_protected');
      assert.equal((await call('PATCH', `/api/admin/groups/${defaultGroup.id}`, { note: 'everyone' })).statusCode, 200);
    });

    it('adds and removes members; unknown users are refused and nothing changes', async () => {
      const group = await create('Members');
      const [u1, u2] = [await createUser(t, { name: 'member-1' }), await createUser(t, { name: 'member-2' })];
      const added = (await call('POST', `/api/admin/groups/${group.id}/members`, { add: [u1.id, u2.id, u1.id] })).json() as Group;
      assert.deepEqual(added.members?.map((m) => m.name), ['member-1', 'member-2']);
      assert.equal(added.member_count, 2);
      const removed = (await call('POST', `/api/admin/groups/${group.id}/members`, { remove: [u1.id] })).json() as Group;
      assert.deepEqual(removed.members?.map((m) => m.name), ['member-2']);
      const unknown = await call('POST', `/api/admin/groups/${group.id}/members`, { add: [crypto.randomUUID()], remove: [u2.id] });
      assert.equal(assertJsonError(unknown, 404).code, 'user.not_found');
      assert.equal(((await call('GET', `/api/admin/groups/${group.id}`)).json() as Group).member_count, 1);
      const noGroup = await call('POST', `/api/admin/groups/${crypto.randomUUID()}/members`, { add: [u1.id] });
      assert.equal(assertJsonError(noGroup, 404).code, 'group.not_found');
    });

    it('deletes a group; its users stay; a second delete is 404', async () => {
      const group = await create('Doomed');
      const user = await createUser(t, { name: 'survivor' });
      await call('POST', `/api/admin/groups/${group.id}/members`, { add: [user.id] });
      assert.equal((await call('DELETE', `/api/admin/groups/${group.id}`)).statusCode, 204);
      assert.equal(assertJsonError(await call('GET', `/api/admin/groups/${group.id}`), 404).code, 'group.not_found');
      assertJsonError(await call('DELETE', `/api/admin/groups/${group.id}`), 404);
      assert.ok(await t.services.users.findByName('survivor'));
    });

    it('audits group changes with the actor and target', async () => {
      const response = await call('GET', '/api/admin/audit/console?action=group.&pageSize=100');
      const actions = (response.json() as { data: { action: string; actor: { name: string } }[] }).data;
      assert.deepEqual(new Set(actions.map((a) => a.action)), new Set(['group.create', 'group.update', 'group.members', 'group.delete']));
      assert.ok(actions.every((a) => a.actor.name === 'script'));
    });
  });
}
