import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { InjectOptions } from 'fastify';
import { systemActor } from '../../../src/services/audit.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { PASSWORD } from '../../support/fixtures.js';
import { DEVICE, rust } from '../../support/rustdesk-client.js';
import { errorBodyProblems, pageProblems, peerPayloadProblems, userPayloadProblems } from '../../support/rustdesk-shapes.js';

const JSON_UTF8 = 'application/json; charset=utf-8';

/**
 * The client's group-tab GETs exactly as Dart sends them (spec/rustdesk-client-api.md §2.2, §9):
 * only `Authorization: Bearer <token>`, no Content-Type, no body.
 */
function clientGet(url: string, token?: string): InjectOptions {
  return { method: 'GET', url, headers: token === undefined ? {} : { authorization: `Bearer ${token}` } };
}
const PEERS = (current = 1) => `/api/peers?current=${current}&pageSize=100&accessible=&status=1`;
const USERS = (current = 1) => `/api/users?current=${current}&pageSize=100&accessible=&status=1`;
const GROUPS = (current = 1) => `/api/device-group/accessible?current=${current}&pageSize=100`;

interface PeerBody {
  total: number;
  data: { id: string; info: Record<string, string>; status: number; user: string; user_name: string; device_group_name: string; note: string }[];
}

describe('the PeerPayload model fails on what breaks the client', () => {
  it('flags a bool status, a null string, a missing info and a missing total', () => {
    const good = { id: '1', info: {}, status: 1, user: '', user_name: '', device_group_name: '', note: '' };
    assert.deepEqual(peerPayloadProblems(good), []);
    assert.ok(peerPayloadProblems({ ...good, status: true }).length > 0);
    assert.ok(peerPayloadProblems({ ...good, status: '1' }).length > 0);
    assert.ok(peerPayloadProblems({ ...good, user_name: null }).length > 0);
    assert.ok(peerPayloadProblems({ ...good, info: 'x' }).length > 0);
    assert.ok(pageProblems({ data: [good] }, peerPayloadProblems).length > 0);
    assert.ok(pageProblems({ total: '1', data: [good] }, peerPayloadProblems).length > 0);
  });
});

for (const engine of await testEngines()) {
  describe(`RustDesk client group tab: users, peers, device groups (${engine})`, () => {
    let t: TestApp;
    const tokens: Record<string, string> = {};
    const groupIds: Record<string, string> = {};
    let serversId = '';

    /** A person in these user groups, signed in on a client of their own. */
    async function person(name: string, groups: string[], isAdmin = false): Promise<string> {
      const user = await t.services.users.create(systemActor, {
        name,
        password: PASSWORD,
        email: `${name}@example.com`,
        note: `${name}'s note`,
        is_admin: isAdmin,
        ...(groups.length ? { group_ids: groups.map((g) => groupIds[g]!) } : {}),
      });
      tokens[name] = await t.services.accessTokens.issue(user.id, { deviceId: `c-${name}`, uuid: `${DEVICE.uuid}${name}`, deviceInfo: {}, ip: '127.0.0.1' });
      return user.id;
    }

    /** A device reporting in as the client does (§5.3), then given an owner. */
    async function device(id: string, owner?: string, hostname = `host-${id}`): Promise<void> {
      const body = { id, uuid: `uuid-${id}`, hostname, username: `desk-${id}`, os: 'ubuntu / Linux 22.04 Ubuntu', cpu: 'x', memory: '1GB', version: '1.4.9' };
      const response = await t.app.inject(rust('/api/sysinfo', body));
      assert.equal(response.body, 'SYSINFO_UPDATED');
      if (owner) {
        const user = await t.store.users.findByName(owner);
        await t.store.devices.update(id, { user_id: user!.id, updated_at: t.clock.now() });
      }
    }

    async function get<T>(url: string, token: string | undefined): Promise<T> {
      const response = await t.app.inject(clientGet(url, token));
      assert.equal(response.statusCode, 200, response.body);
      assert.equal(response.headers['content-type'], JSON_UTF8);
      return response.json() as T;
    }
    const peerIds = async (name: string) => (await get<PeerBody>(PEERS(), tokens[name])).data.map((p) => p.id);
    const userNames = async (name: string) => (await get<{ data: { name: string }[] }>(USERS(), tokens[name])).data.map((u) => u.name);
    const groupNames = async (name: string) => (await get<{ data: { name: string }[] }>(GROUPS(), tokens[name])).data.map((g) => g.name);

    before(async () => {
      t = await buildTestApp(engine);
      for (const name of ['Sales', 'Support', 'Lab', 'Outside']) groupIds[name] = (await t.services.groups.create(systemActor, { name })).id;
      await person('root', ['Outside'], true);
      await person('alice', ['Sales']);
      await person('bob', ['Sales']);
      await person('carol', ['Support']);
      await person('dave', ['Lab']);
      await person('erin', ['Outside']);
      await person('nobody', []);
      // Support's people may reach Sales' people's devices (not the other way round);
      // Lab's people may reach the device group Servers.
      await t.services.deviceGroups.setUserGroupAccess(systemActor, groupIds.Support!, [groupIds.Sales!]);
      const servers = await t.services.deviceGroups.create(systemActor, { name: 'Servers' });
      await t.services.deviceGroups.create(systemActor, { name: 'Empty' });
      await t.services.deviceGroups.setAccessFrom(systemActor, servers.id, [groupIds.Lab!]);
      serversId = servers.id;
      await device('100000001', 'alice', 'alice-laptop');
      await device('100000002', 'bob');
      await device('100000003', 'carol');
      await device('100000004', 'erin');
      await device('100000005', 'erin');
      await device('100000006');
      await device('100000007');
      await t.services.deviceGroups.setDevices(systemActor, servers.id, ['100000005', '100000006']);
    });
    after(() => t.close());

    it('answers the client’s exact GETs with {total, data} in the shapes Dart parses', async () => {
      const peers = await get<PeerBody>(PEERS(), tokens.root);
      assert.deepEqual(pageProblems(peers, peerPayloadProblems), []);
      assert.equal(peers.total, 7);
      const alices = peers.data.find((p) => p.id === '100000001');
      assert.deepEqual(alices, {
        id: '100000001',
        info: { username: 'desk-100000001', os: 'ubuntu / Linux 22.04 Ubuntu', device_name: 'alice-laptop' },
        status: 1,
        user: 'alice',
        user_name: 'alice',
        device_group_name: '',
        note: '',
      });
      // A device with no owner and a group: strings, never null.
      const server = peers.data.find((p) => p.id === '100000006');
      assert.deepEqual([server?.user, server?.user_name, server?.device_group_name], ['', '', 'Servers']);

      const users = await get<{ total: number; data: unknown[] }>(USERS(), tokens.root);
      assert.deepEqual(pageProblems(users, (u, where) => userPayloadProblems(u, where)), []);
      const alice = users.data.find((u) => (u as { name: string }).name === 'alice') as Record<string, unknown>;
      assert.deepEqual(
        [alice.name, alice.display_name, alice.email, alice.note, alice.status, alice.is_admin],
        ['alice', '', 'alice@example.com', "alice's note", 1, false],
      );
      assert.equal((users.data.find((u) => (u as { name: string }).name === 'root') as { is_admin: unknown }).is_admin, true);

      const groups = await get<{ total: number; data: { name: string }[] }>(GROUPS(), tokens.root);
      assert.deepEqual(groups, { total: 2, data: [{ name: 'Empty' }, { name: 'Servers' }] });
    });

    it('shows administrators every device, person and device group', async () => {
      assert.deepEqual(await peerIds('root'), ['100000001', '100000002', '100000003', '100000004', '100000005', '100000006', '100000007']);
      assert.deepEqual(await userNames('root'), ['alice', 'bob', 'carol', 'dave', 'erin', 'nobody', 'root']);
    });

    it('shows a person their own devices and those of the people in their user groups', async () => {
      assert.deepEqual(await peerIds('alice'), ['100000001', '100000002']);
      assert.deepEqual(await userNames('alice'), ['alice', 'bob']);
      assert.deepEqual(await groupNames('alice'), []);
      assert.deepEqual(await peerIds('bob'), ['100000001', '100000002']);
    });

    it('adds the devices of the people of the user groups theirs may access, one way only', async () => {
      assert.deepEqual(await peerIds('carol'), ['100000001', '100000002', '100000003']);
      assert.deepEqual(await userNames('carol'), ['alice', 'bob', 'carol']);
      // Sales may not reach Support.
      assert.ok(!(await peerIds('alice')).includes('100000003'));
    });

    it('adds the devices of the device groups their user groups may reach, with those devices’ owners and the group', async () => {
      assert.deepEqual(await peerIds('dave'), ['100000005', '100000006']);
      assert.deepEqual(await userNames('dave'), ['dave', 'erin']);
      assert.deepEqual(await groupNames('dave'), ['Servers']);
      // erin's own devices include the one in Servers: that group holds a device she sees.
      assert.deepEqual(await peerIds('erin'), ['100000004', '100000005']);
      assert.deepEqual(await groupNames('erin'), ['Servers']);
    });

    it('shows nobody else anything of others', async () => {
      assert.deepEqual(await peerIds('nobody'), []);
      assert.deepEqual(await userNames('nobody'), ['nobody']);
      assert.deepEqual(await groupNames('nobody'), []);
      const peers = await get<PeerBody>(PEERS(), tokens.nobody);
      assert.deepEqual(peers, { total: 0, data: [] });
    });

    it('follows access changes at once; status=1 leaves out a disabled device or person, no status lists them with status 0', async () => {
      await t.services.deviceGroups.setUserGroupAccess(systemActor, groupIds.Support!, []);
      assert.deepEqual(await peerIds('carol'), ['100000003']);
      await t.services.deviceGroups.setUserGroupAccess(systemActor, groupIds.Support!, [groupIds.Sales!]);
      await t.store.devices.update('100000002', { enabled: false, updated_at: t.clock.now() });
      const bob = await t.store.users.findByName('bob');
      await t.services.users.setStatus(systemActor, bob!.id, 0);
      // A pull counts afresh once the last count is a second old.
      t.clock.advance(1_000);
      try {
        // status=1 is what the client always sends: what can be reached, who can sign in.
        const listed = async (status: string) => {
          const peers = await get<PeerBody>(`/api/peers?current=1&pageSize=100&accessible=${status}`, tokens.carol);
          const users = await get<{ total: number; data: { name: string; status: number }[] }>(`/api/users?current=1&pageSize=100&accessible=${status}`, tokens.carol);
          return [peers.total, peers.data.map((p) => [p.id, p.status]), users.total, users.data.map((u) => [u.name, u.status])];
        };
        assert.deepEqual(await listed('&status=1'), [2, [['100000001', 1], ['100000003', 1]], 2, [['alice', 1], ['carol', 1]]]);
        assert.deepEqual(await listed('&status=0'), [1, [['100000002', 0]], 1, [['bob', 0]]]);
        assert.deepEqual(await listed('&status=-1'), [0, [], 0, []]);
        const everyone = [3, [['100000001', 1], ['100000002', 0], ['100000003', 1]], 3, [['alice', 1], ['bob', 0], ['carol', 1]]];
        assert.deepEqual(await listed(''), everyone);
        // The administrator's pull, from the directory where there is one, leaves it out too.
        const all = await get<PeerBody>(PEERS(), tokens.root);
        assert.ok(!all.data.some((p) => p.id === '100000002') && all.data.every((p) => p.status === 1), JSON.stringify(all.data));
      } finally {
        await t.store.devices.update('100000002', { enabled: true, updated_at: t.clock.now() });
        await t.services.users.setStatus(systemActor, bob!.id, 1);
        // The next tests' pulls count afresh, not from these.
        t.clock.advance(1_000);
      }
    });

    it('pages in SQL as the client loops: integer totals, pages of 100, past the end an empty page with the total', async () => {
      const bulk = await person('bulk', ['Lab']);
      const now = t.clock.now();
      // More than a thousand: enough for pages read in id order (see the store's DENSE).
      for (let i = 0; i < 1100; i++) {
        await t.store.devices.insert({
          id: `2${String(i).padStart(8, '0')}`, uuid: `u${i}`, hostname: `bulk-${i}`, username: '', os: '', cpu: '', memory: '', version: '', ver: 0,
          user_id: bulk, group_id: null, alias: '', note: '', enabled: true, conns: [], strategy_modified_at: 0, sysinfo_at: now, last_online_at: now,
          created_at: now, updated_at: now,
        });
      }
      // One of them in Servers too, which bulk's group may reach: counted once.
      await t.store.devices.update('200000000', { group_id: serversId, updated_at: now });
      // The client's loop (§10): current = 1, 2, … while current * pageSize < total.
      const seen: string[] = [];
      let total = 0;
      for (let current = 1; ; current++) {
        const body = await get<PeerBody>(PEERS(current), tokens.bulk);
        assert.deepEqual(pageProblems(body, peerPayloadProblems), []);
        if (current === 1) total = body.total;
        assert.equal(body.total, total);
        assert.ok(body.data.length <= 100);
        seen.push(...body.data.map((p) => p.id));
        if (current * 100 >= total) break;
      }
      // bulk (Lab) sees its 1,100 and Servers' two.
      assert.equal(total, 1102);
      assert.equal(seen.length, 1102);
      assert.equal(new Set(seen).size, 1102);
      assert.deepEqual(seen, [...seen].sort());
      assert.deepEqual(await get(PEERS(13), tokens.bulk), { total: 1102, data: [] });
      // A bigger page is served as 100; a missing pageSize too; no paging at all: the first page.
      assert.equal((await get<PeerBody>('/api/peers?current=1&pageSize=1000', tokens.bulk)).data.length, 100);
      assert.equal((await get<PeerBody>('/api/peers?current=2', tokens.bulk)).data[0]?.id, seen[100]);
      assert.equal((await get<PeerBody>('/api/peers', tokens.bulk)).data.length, 100);
      const users = await get<{ total: number; data: unknown[] }>('/api/users?current=2&pageSize=3', tokens.root);
      assert.equal(users.total, 8);
      assert.equal(users.data.length, 3);
    });

    it('writes any text a device reported back exactly: quotes, backslashes, control characters, markup and other scripts', async () => {
      const hostname = 'q"uo\\te\n\t</script> Ωμέγα 🖥';
      await device('000000002', 'bob');
      // Stored as it is (a client's upload has its control characters made spaces).
      await t.store.devices.update('000000002', { hostname, updated_at: t.clock.now() });
      const response = await t.app.inject(clientGet('/api/peers?current=1&pageSize=1&accessible=&status=1', tokens.root));
      assert.equal(response.headers['content-type'], JSON_UTF8);
      const body = JSON.parse(response.body) as PeerBody;
      assert.deepEqual(pageProblems(body, peerPayloadProblems), []);
      assert.deepEqual(body.data[0], {
        id: '000000002',
        info: { username: 'desk-000000002', os: 'ubuntu / Linux 22.04 Ubuntu', device_name: hostname },
        status: 1,
        user: 'bob',
        user_name: 'bob',
        device_group_name: '',
        note: '',
      });
      await t.services.deviceAdmin.delete(systemActor, '000000002');
    });

    it('goes on from the last device of the page before, so a device added or removed during a pull is neither listed twice nor makes one be missed', async () => {
      const page = async (current: number) => get<PeerBody>(`/api/peers?current=${current}&pageSize=3&accessible=&status=1`, tokens.root);
      const first = await page(1);
      const ids = first.data.map((p) => p.id);
      // A device whose id sorts first arrives after page 1: by offset, page 2 would repeat page 1's last.
      await device('000000001');
      const second = await page(2);
      assert.equal(second.total, first.total);
      assert.ok(second.data.every((p) => p.id > (ids.at(-1) ?? '')), `${second.data.map((p) => p.id).join()} after ${ids.join()}`);
      // Page 2's first device goes: page 3 still starts right after page 2's last.
      await t.services.deviceAdmin.delete(systemActor, second.data[0]!.id);
      const third = await page(3);
      assert.ok(third.data.every((p) => p.id > (second.data.at(-1)?.id ?? '')));
      assert.equal(new Set([...ids, ...second.data.map((p) => p.id), ...third.data.map((p) => p.id)]).size, 9);
      // A page asked for out of turn, or once the pull is over, is found by its place.
      t.clock.advance(60_000);
      const fresh = await page(1);
      assert.equal(fresh.data[0]?.id, '000000001');
      assert.deepEqual((await page(2)).data[0]?.id, (await page(2)).data[0]?.id);
      const byPlace = await page(4);
      const all = (await get<PeerBody>('/api/peers?current=1&pageSize=100', tokens.root)).data.map((p) => p.id);
      assert.deepEqual(byPlace.data.map((p) => p.id), all.slice(9, 12));
      await t.services.deviceAdmin.delete(systemActor, '000000001');
    });

    it('counts a person’s devices once for their clients that start pulls at the same time, and afresh for a pull that starts a second later', async () => {
      const counts = t.store.deviceGroups.countPeers;
      let calls = 0;
      t.store.deviceGroups.countPeers = (...args) => {
        calls++;
        return counts(...args);
      };
      try {
        t.clock.advance(60_000);
        const firsts = await Promise.all(Array.from({ length: 20 }, () => get<PeerBody>(PEERS(1), tokens.carol)));
        assert.equal(calls, 1);
        assert.ok(firsts.every((body) => body.total === firsts[0]!.total && body.data.length > 0));
        // One of alice's devices arrives, which carol may reach: her next pull, a second later, counts it.
        await device('000000003', 'alice');
        t.clock.advance(1_000);
        assert.equal((await get<PeerBody>(PEERS(1), tokens.carol)).total, firsts[0]!.total + 1);
        assert.equal(calls, 2);
      } finally {
        t.store.deviceGroups.countPeers = counts;
        await t.services.deviceAdmin.delete(systemActor, '000000003');
      }
    });

    it('answers 401 JSON for a missing, empty, unknown, revoked or disabled person’s token, so the client signs out', async () => {
      const carol = await t.store.users.findByName('carol');
      const revoked = await t.services.accessTokens.issue(carol!.id, { deviceId: 'old', uuid: 'old', deviceInfo: {}, ip: '127.0.0.1' });
      await t.services.accessTokens.revokeToken(revoked);
      const erin = await t.store.users.findByName('erin');
      await t.services.users.setStatus(systemActor, erin!.id, 0);
      for (const url of [PEERS(), USERS(), GROUPS()]) {
        for (const token of [undefined, '', 'not-a-token', revoked, tokens.erin]) {
          const response = await t.app.inject(clientGet(url, token));
          assert.equal(response.statusCode, 401, `${url} ${token}: ${response.body}`);
          assert.equal(response.headers['content-type'], JSON_UTF8);
          assert.deepEqual(errorBodyProblems(response.json()), []);
        }
      }
      await t.services.users.setStatus(systemActor, erin!.id, 1);
    });

    it('refuses a malformed query with 400 JSON, and tolerates parameters it does not use', async () => {
      for (const query of ['current=0', 'current=-1', 'current=abc', 'current=1.5', 'pageSize=0', 'pageSize=abc', 'status=2', 'status=x', 'current=1&current=2']) {
        for (const path of ['/api/peers', '/api/users', '/api/device-group/accessible']) {
          const response = await t.app.inject(clientGet(`${path}?${query}`, tokens.alice));
          assert.equal(response.statusCode, 400, `${path}?${query}: ${response.body}`);
          assert.deepEqual(errorBodyProblems(response.json()), []);
        }
      }
      // The admin scripts' LIKE filters (§10) and future parameters are ignored.
      assert.equal((await get<PeerBody>('/api/peers?current=1&pageSize=100&accessible=&status=1&id=%25x%25&name=a', tokens.alice)).total, 2);
    });
  });
}
