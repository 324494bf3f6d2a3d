import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { createApiToken, createUser } from '../../support/fixtures.js';
import { assertJsonError, malformedCases, type RouteExample } from '../../support/malformed.js';
import { rust } from '../../support/rustdesk-client.js';

interface DeviceGroupBody {
  id: string;
  name: string;
  note: string;
  device_count: number;
  user_groups: { id: string; name: string }[];
}

/** The device-group routes with a valid example each; `:dg` / `:ug` take an existing device / user group. */
const routes: (RouteExample & { id?: 'dg' | 'ug' })[] = [
  { method: 'GET', path: '/api/admin/device-groups', paged: true },
  { method: 'POST', path: '/api/admin/device-groups', body: { name: 'Target', note: 'n' } },
  { method: 'GET', path: '/api/admin/device-groups/:id', id: 'dg' },
  { method: 'PATCH', path: '/api/admin/device-groups/:id', id: 'dg', body: { name: 'Target', note: 'n' } },
  { method: 'DELETE', path: '/api/admin/device-groups/:id', id: 'dg' },
  { method: 'PUT', path: '/api/admin/device-groups/:id/devices', id: 'dg', body: { device_ids: ['555000111'] } },
  { method: 'PUT', path: '/api/admin/device-groups/:id/access', id: 'dg', body: { user_group_ids: [] } },
  { method: 'GET', path: '/api/admin/groups/:id/access', id: 'ug' },
  { method: 'PUT', path: '/api/admin/groups/:id/access', id: 'ug', body: { target_group_ids: [] } },
];

for (const engine of await testEngines()) {
  describe(`admin API: device groups and access rules (${engine})`, () => {
    let t: TestApp;
    let headers: Record<string, string>;
    const ids = { dg: '', ug: '' };

    const call = (method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown, as = headers) =>
      t.app.inject({ method, url, headers: as, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

    before(async () => {
      t = await buildTestApp(engine);
      await createUser(t, { name: 'root', is_admin: true });
      headers = (await createApiToken(t, ['admin'])).headers;
      for (const id of ['555000111', '555000222', '555000333']) {
        const sent = await t.app.inject(rust('/api/sysinfo', { id, uuid: `uuid-${id}`, hostname: `h${id}`, os: 'linux' }));
        assert.equal(sent.body, 'SYSINFO_UPDATED');
      }
      ids.dg = ((await call('POST', '/api/admin/device-groups', { name: 'Kept', note: 'keep me' })).json() as DeviceGroupBody).id;
      ids.ug = (await t.services.groups.findByName('Default'))!.id;
    });
    after(() => t.close());

    it('creates, lists, renames and deletes device groups; names are unique ignoring case', async () => {
      const made = await call('POST', '/api/admin/device-groups', { name: 'Servers', note: 'racks' });
      assert.equal(made.statusCode, 201, made.body);
      const group = made.json() as DeviceGroupBody;
      assert.deepEqual([group.name, group.note, group.device_count, group.user_groups], ['Servers', 'racks', 0, []]);
      assert.equal(assertJsonError(await call('POST', '/api/admin/device-groups', { name: 'servers' }), 409).code, 'devicegroup.name_taken');
      assert.equal(assertJsonError(await call('POST', '/api/admin/device-groups', { name: '   ' }), 400).code, 'devicegroup.invalid_name');

      const list = (await call('GET', '/api/admin/device-groups?current=1&pageSize=20')).json() as { total: number; data: DeviceGroupBody[] };
      assert.equal(list.total, 2);
      assert.deepEqual(list.data.map((g) => g.name), ['Kept', 'Servers']);

      const renamed = await call('PATCH', `/api/admin/device-groups/${group.id}`, { name: 'Racks' });
      assert.deepEqual([renamed.statusCode, (renamed.json() as DeviceGroupBody).name, (renamed.json() as DeviceGroupBody).note], [200, 'Racks', 'racks']);
      assert.equal((await call('DELETE', `/api/admin/device-groups/${group.id}`)).statusCode, 204);
      assert.equal(assertJsonError(await call('GET', `/api/admin/device-groups/${group.id}`), 404).code, 'devicegroup.not_found');
    });

    it('sets a group’s devices and who may reach it; unknown devices and user groups are 404 and change nothing', async () => {
      const set = await call('PUT', `/api/admin/device-groups/${ids.dg}/devices`, { device_ids: ['555000111', '555000222'] });
      assert.equal((set.json() as DeviceGroupBody).device_count, 2);
      assert.equal(assertJsonError(await call('PUT', `/api/admin/device-groups/${ids.dg}/devices`, { device_ids: ['555000333', 'nope'] }), 404).code, 'devicegroup.unknown_device');
      assert.equal(((await call('GET', `/api/admin/device-groups/${ids.dg}`)).json() as DeviceGroupBody).device_count, 2);

      const access = await call('PUT', `/api/admin/device-groups/${ids.dg}/access`, { user_group_ids: [ids.ug] });
      assert.deepEqual((access.json() as DeviceGroupBody).user_groups, [{ id: ids.ug, name: 'Default' }]);
      assert.equal(assertJsonError(await call('PUT', `/api/admin/device-groups/${ids.dg}/access`, { user_group_ids: ['00000000-0000-4000-8000-000000000000'] }), 404).code, 'group.not_found');

      const ops = (await call('POST', '/api/admin/groups', { name: 'Ops' })).json() as { id: string };
      const canAccess = await call('PUT', `/api/admin/groups/${ops.id}/access`, { target_group_ids: [ids.ug] });
      assert.deepEqual(canAccess.json(), { target_groups: [{ id: ids.ug, name: 'Default' }], device_groups: [] });
      assert.deepEqual((await call('GET', `/api/admin/groups/${ids.ug}/access`)).json(), { target_groups: [], device_groups: [{ id: ids.dg, name: 'Kept' }] });
    });

    it('needs devices:write to change device groups and groups:write to change what a user group may reach', async () => {
      const reader = (await createApiToken(t, ['devices:read'], 'reader')).headers;
      assert.equal((await call('GET', '/api/admin/device-groups', undefined, reader)).statusCode, 200);
      assert.equal(assertJsonError(await call('POST', '/api/admin/device-groups', { name: 'X' }, reader), 403).code, 'auth.scope');
      const devices = (await createApiToken(t, ['devices:write'], 'devices')).headers;
      assert.equal(assertJsonError(await call('PUT', `/api/admin/groups/${ids.ug}/access`, { target_group_ids: [] }, devices), 403).code, 'auth.scope');
      const groups = (await createApiToken(t, ['groups:write'], 'groups')).headers;
      assert.equal((await call('PUT', `/api/admin/groups/${ids.ug}/access`, { target_group_ids: [] }, groups)).statusCode, 200);
      assert.equal(assertJsonError(await call('PUT', `/api/admin/device-groups/${ids.dg}/access`, { user_group_ids: [] }, groups), 403).code, 'auth.scope');
    });

    for (const route of routes) {
      it(`${route.method} ${route.path}: every malformed request gets a 4xx JSON error and the server keeps serving`, async () => {
        const cases = malformedCases(route, route.id ? ids[route.id] : undefined);
        for (const { name, request, status, router } of cases) {
          const response = await t.app.inject({ ...request, headers: { ...headers, ...request.headers } });
          assertJsonError(response, status, { router: router ?? false });
          assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, `after ${name}`);
        }
      });
    }

    it('lost nothing: the group the malformed requests aimed at is unchanged', async () => {
      const kept = (await call('GET', `/api/admin/device-groups/${ids.dg}`)).json() as DeviceGroupBody;
      assert.deepEqual([kept.name, kept.note, kept.device_count], ['Kept', 'keep me', 2]);
      assert.equal(await t.store.deviceGroups.findByName('Target'), undefined);
    });
  });
}
