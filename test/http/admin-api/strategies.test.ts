import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { createApiToken, createUser } from '../../support/fixtures.js';
import { assertJsonError, malformedCases, type RouteExample } from '../../support/malformed.js';
import { rust } from '../../support/rustdesk-client.js';

interface StrategyBody {
  id: string;
  name: string;
  note: string;
  enabled: boolean;
  is_default: boolean;
  options: Record<string, string>;
  revision: number;
  device_count: number;
  user_count: number;
  device_group_count: number;
  applied_count: number;
}

const DEVICE = '556000111';

/** The strategy routes with a valid example each; `:id` takes the kept strategy. */
const routes: RouteExample[] = [
  { method: 'GET', path: '/api/admin/strategies' },
  { method: 'POST', path: '/api/admin/strategies', body: { name: 'Target', note: 'n', enabled: true, is_default: false, options: { 'enable-audio': 'N' } } },
  { method: 'GET', path: '/api/admin/strategies/:id' },
  { method: 'GET', path: '/api/admin/strategies/:id/targets' },
  { method: 'PATCH', path: '/api/admin/strategies/:id', body: { name: 'Target', note: 'n', enabled: false, is_default: true, options: {} } },
  { method: 'DELETE', path: '/api/admin/strategies/:id' },
  { method: 'POST', path: '/api/admin/strategies/assign', body: { strategy_id: 'no-such-strategy', from_strategy_id: 'kept', devices: [DEVICE], users: [], device_groups: [] } },
];

for (const engine of await testEngines()) {
  describe(`admin API: strategies (${engine})`, () => {
    let t: TestApp;
    let headers: Record<string, string>;
    let kept = '';

    const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, as = headers) =>
      t.app.inject({ method, url, headers: as, ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }) });

    before(async () => {
      t = await buildTestApp(engine);
      await createUser(t, { name: 'root', is_admin: true });
      headers = (await createApiToken(t, ['admin'])).headers;
      assert.equal((await t.app.inject(rust('/api/sysinfo', { id: DEVICE, uuid: `uuid-${DEVICE}`, hostname: 'kiosk', os: 'linux' }))).body, 'SYSINFO_UPDATED');
      kept = ((await call('POST', '/api/admin/strategies', { name: 'Kept', note: 'keep me', options: { 'enable-tunnel': 'N' } })).json() as StrategyBody).id;
    });
    after(() => t.close());

    it('creates, lists, changes and deletes strategies; names are unique ignoring case', async () => {
      const made = await call('POST', '/api/admin/strategies', { name: 'Front desk', options: { 'enable-file-transfer': 'N', 'approve-mode': 'click' } });
      assert.equal(made.statusCode, 201, made.body);
      const strategy = made.json() as StrategyBody;
      assert.deepEqual(
        [strategy.name, strategy.note, strategy.enabled, strategy.is_default, strategy.options, strategy.device_count, strategy.applied_count],
        ['Front desk', '', true, false, { 'enable-file-transfer': 'N', 'approve-mode': 'click' }, 0, 0],
      );
      assert.equal(assertJsonError(await call('POST', '/api/admin/strategies', { name: 'FRONT DESK' }), 409).code, 'strategy.name_taken');
      const list = (await call('GET', '/api/admin/strategies')).json() as { total: number; data: StrategyBody[] };
      assert.deepEqual([list.total, list.data.map((s) => s.name)], [2, ['Front desk', 'Kept']]);

      const changed = await call('PATCH', `/api/admin/strategies/${strategy.id}`, { is_default: true, options: { 'enable-file-transfer': 'Y' } });
      const after = changed.json() as StrategyBody;
      assert.deepEqual([changed.statusCode, after.is_default, after.options, after.revision > strategy.revision], [200, true, { 'enable-file-transfer': 'Y' }, true]);
      // The default reaches the one device no strategy names.
      assert.equal(after.applied_count, 1);
      assert.equal((await call('DELETE', `/api/admin/strategies/${strategy.id}`)).statusCode, 204);
      assert.equal(assertJsonError(await call('GET', `/api/admin/strategies/${strategy.id}`), 404).code, 'strategy.not_found');
    });

    it('refuses an option that names the server, a key the client does not use, and a value it could not take, saying which', async () => {
      for (const [options, named] of [
        [{ 'api-server': 'https://elsewhere.example' }, 'api-server'],
        [{ 'custom-rendezvous-server': 'rs.example' }, 'custom-rendezvous-server'],
        [{ 'not a key': 'Y' }, 'not a key'],
        [{ 'enable-audio': 'N\u0007' }, 'enable-audio'],
      ] as const) {
        const refused = assertJsonError(await call('POST', '/api/admin/strategies', { name: 'Refused', options }), 400);
        assert.equal(refused.code, 'strategy.invalid');
        assert.ok(refused.error.includes(named), refused.error);
      }
      for (const options of [{ 'enable-audio': 1 }, { 'enable-audio': null }, { 'enable-audio': ['N'] }, { ['x'.repeat(65)]: 'Y' }, 'enable-audio=N', ['enable-audio']]) {
        assertJsonError(await call('POST', '/api/admin/strategies', { name: 'Refused', options }), 400);
      }
      assert.equal((await t.services.strategies.findByName('Refused')), undefined);
    });

    it('gives and takes a strategy from devices, users and device groups; unknown ones are 404 and change nothing', async () => {
      const owner = await createUser(t, { name: 'ann' });
      const group = await t.services.deviceGroups.create({ type: 'system', id: 'system', name: 'system', ip: '' }, { name: 'Kiosks' });
      const assign = (body: unknown) => call('POST', '/api/admin/strategies/assign', body);
      assert.equal((await assign({ strategy_id: kept, devices: [DEVICE], users: [owner.id], device_groups: [group.id] })).statusCode, 204);
      assert.deepEqual((await call('GET', `/api/admin/strategies/${kept}/targets`)).json(), { devices: [DEVICE], users: [owner.id], device_groups: [group.id] });
      const listed = (await call('GET', `/api/admin/strategies/${kept}`)).json() as StrategyBody;
      assert.deepEqual([listed.device_count, listed.user_count, listed.device_group_count, listed.applied_count], [1, 1, 1, 1]);
      assert.equal(assertJsonError(await assign({ strategy_id: kept, devices: ['000000000'] }), 404).code, 'strategy.unknown_target');
      assert.equal(assertJsonError(await assign({ strategy_id: 'no-such-strategy', devices: [DEVICE] }), 404).code, 'strategy.not_found');
      // Taken away only where it is still theirs: another strategy given meanwhile stays.
      const other = (await call('POST', '/api/admin/strategies', { name: 'Other' })).json() as StrategyBody;
      assert.equal((await assign({ strategy_id: other.id, users: [owner.id] })).statusCode, 204);
      assert.equal((await assign({ strategy_id: null, from_strategy_id: kept, users: [owner.id], device_groups: [group.id] })).statusCode, 204);
      assert.deepEqual((await call('GET', `/api/admin/strategies/${kept}/targets`)).json(), { devices: [DEVICE], users: [], device_groups: [] });
      assert.deepEqual((await call('GET', `/api/admin/strategies/${other.id}/targets`)).json(), { devices: [], users: [owner.id], device_groups: [] });
      assert.equal((await assign({ strategy_id: null, users: [owner.id] })).statusCode, 204);
      assert.deepEqual((await call('GET', `/api/admin/strategies/${other.id}/targets`)).json(), { devices: [], users: [], device_groups: [] });
      assert.equal((await call('DELETE', `/api/admin/strategies/${other.id}`)).statusCode, 204);
    });

    it('needs strategies:read to read and strategies:write to change', async () => {
      const reader = (await createApiToken(t, ['strategies:read'], 'reader')).headers;
      assert.equal((await call('GET', '/api/admin/strategies', undefined, reader)).statusCode, 200);
      assert.equal(assertJsonError(await call('POST', '/api/admin/strategies', { name: 'X' }, reader), 403).code, 'auth.scope');
      assert.equal(assertJsonError(await call('POST', '/api/admin/strategies/assign', { strategy_id: kept, devices: [DEVICE] }, reader), 403).code, 'auth.scope');
      const devices = (await createApiToken(t, ['devices:write'], 'devices')).headers;
      assert.equal(assertJsonError(await call('GET', '/api/admin/strategies', undefined, devices), 403).code, 'auth.scope');
    });

    for (const route of routes) {
      it(`${route.method} ${route.path}: every malformed request gets a 4xx JSON error and the server keeps serving`, async () => {
        // strategy_id null is no spoiled value there: it takes the targets' own strategy away.
        const cases = malformedCases(route, kept).filter((c) => !(route.path.endsWith('/assign') && c.name === 'strategy_id as null'));
        for (const { name, request, status, router } of cases) {
          const response = await t.app.inject({ ...request, headers: { ...headers, ...request.headers } });
          assertJsonError(response, status, { router: router ?? false });
          assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, `after ${name}`);
        }
      });
    }

    it('lost nothing: the strategy the malformed requests aimed at is unchanged', async () => {
      const strategy = (await call('GET', `/api/admin/strategies/${kept}`)).json() as StrategyBody;
      assert.deepEqual([strategy.name, strategy.note, strategy.enabled, strategy.is_default, strategy.options], ['Kept', 'keep me', true, false, { 'enable-tunnel': 'N' }]);
      assert.equal(await t.services.strategies.findByName('Target'), undefined);
    });
  });
}
