import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { buildApp, type App } from '../../../src/app.js';
import { systemActor } from '../../../src/services/audit.js';
import { LISTENER_NAME } from '../../../src/store/change-notices.js';
import { openDatabase } from '../../../src/store/db.js';
import { buildTestApp, testPasswords, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { createUser } from '../../support/fixtures.js';
import { rust } from '../../support/rustdesk-client.js';
import { pageProblems, peerPayloadProblems } from '../../support/rustdesk-shapes.js';

interface Peer {
  id: string;
  info: { username: string; os: string; device_name: string };
  status: number;
  user: string;
  user_name: string;
  device_group_name: string;
  note: string;
}

/**
 * An administrator's RustDesk client pulls every device (spec §9, §10) from one instance while
 * another changes them. On PostgreSQL the pulling instance serves pages from memory, kept up to
 * date by the database's change notices (services/peer-directory.ts); on SQLite from the
 * database. Either way a pull sees every change committed before it started.
 */
for (const engine of await testEngines()) {
  describe(`an administrator's device list on one instance while another changes devices (${engine})`, () => {
    let t: TestApp;
    let other: App;
    let token = '';
    /** Page queries `other` made in its database. */
    let pageQueries = 0;

    /** A device reporting in as the client does (§5.3). */
    async function device(id: string, hostname = `host-${id}`): Promise<void> {
      const body = { id, uuid: `uuid-${id}`, hostname, username: `desk-${id}`, os: 'windows / Windows 11 Pro', cpu: 'x', memory: '8GB', version: '1.4.9' };
      assert.equal((await t.app.inject(rust('/api/sysinfo', body))).body, 'SYSINFO_UPDATED');
    }

    /** Every page of `other`'s /api/peers, as the client pulls them, and the totals it was told. */
    async function pull(pageSize = 3): Promise<{ totals: number[]; peers: Peer[] }> {
      const totals: number[] = [];
      const peers: Peer[] = [];
      for (let current = 1; current < 100; current++) {
        const response = await other.app.inject({ method: 'GET', url: `/api/peers?current=${current}&pageSize=${pageSize}&accessible=&status=1`, headers: { authorization: `Bearer ${token}` } });
        assert.equal(response.statusCode, 200, response.body);
        const body = JSON.parse(response.body) as { total: number; data: Peer[] };
        assert.deepEqual(pageProblems(body, peerPayloadProblems), []);
        totals.push(body.total);
        peers.push(...body.data);
        if (body.data.length < pageSize) break;
      }
      return { totals, peers };
    }

    before(async () => {
      t = await buildTestApp(engine);
      other = await buildApp(t.config, { clock: t.clock, passwords: testPasswords, db: openDatabase(t.database.location) });
      const store = other.store.deviceGroups;
      const { visiblePeers } = store;
      store.visiblePeers = (...args) => {
        pageQueries++;
        return visiblePeers(...args);
      };
      const admin = await createUser(t, { name: 'root', is_admin: true });
      token = await t.services.accessTokens.issue(admin.id, { deviceId: '900000001', uuid: 'dXVpZA==', deviceInfo: {}, ip: '127.0.0.1' });
      for (let i = 1; i <= 7; i++) await device(`10000000${i}`);
    });
    after(async () => {
      await other.close();
      await t.close();
    });

    it('lists every device once, in id order, with what each reported', async () => {
      const { totals, peers } = await pull();
      assert.deepEqual(totals, [7, 7, 7]);
      assert.deepEqual(peers.map((p) => p.id), ['100000001', '100000002', '100000003', '100000004', '100000005', '100000006', '100000007']);
      assert.deepEqual(peers[0], {
        id: '100000001',
        info: { username: 'desk-100000001', os: 'windows / Windows 11 Pro', device_name: 'host-100000001' },
        status: 1,
        user: '',
        user_name: '',
        device_group_name: '',
        note: '',
      });
    });

    it('shows in the next pull a device added, changed, given an owner and a group, disabled or deleted on the other instance', async () => {
      const owner = await createUser(t, { name: 'dora' });
      const group = await t.services.deviceGroups.create(systemActor, { name: 'Lab' });
      await device('100000000', 'newcomer');
      await t.services.deviceAdmin.update(systemActor, '100000002', { note: 'front desk', user_id: owner.id });
      await t.services.deviceAdmin.update(systemActor, '100000006', { enabled: false });
      await t.services.deviceGroups.setDevices(systemActor, group.id, ['100000003']);
      await t.services.deviceAdmin.delete(systemActor, '100000004');
      await device('100000005', 'renamed-by-sysinfo');
      t.clock.advance(1_000);
      let { totals, peers } = await pull();
      assert.deepEqual(totals, [6, 6, 6]);
      const byId = new Map(peers.map((p) => [p.id, p]));
      // The client asks for enabled devices (status=1): the disabled one is left out.
      assert.deepEqual([...byId.keys()], ['100000000', '100000001', '100000002', '100000003', '100000005', '100000007']);
      assert.equal(byId.get('100000000')?.info.device_name, 'newcomer');
      assert.deepEqual({ note: byId.get('100000002')?.note, user: byId.get('100000002')?.user }, { note: 'front desk', user: 'dora' });
      assert.equal(byId.get('100000003')?.device_group_name, 'Lab');
      assert.equal(byId.get('100000005')?.info.device_name, 'renamed-by-sysinfo');

      // Enabled again, it is back; the group renamed, then deleted; the owner deleted.
      await t.services.deviceAdmin.update(systemActor, '100000006', { enabled: true });
      await t.services.deviceGroups.update(systemActor, group.id, { name: 'Lab 2' });
      t.clock.advance(1_000);
      ({ totals, peers } = await pull());
      assert.equal(totals[0], 7);
      assert.equal(peers.find((p) => p.id === '100000006')?.status, 1);
      assert.equal(peers.find((p) => p.id === '100000003')?.device_group_name, 'Lab 2');
      await t.services.deviceGroups.delete(systemActor, group.id);
      await t.services.users.delete(systemActor, owner.id);
      ({ totals, peers } = await pull());
      assert.equal(peers.find((p) => p.id === '100000003')?.device_group_name, '');
      assert.equal(peers.find((p) => p.id === '100000002')?.user, '');
    });

    if (engine === 'postgres') {
      it('serves the pages from memory, without a query per page', async () => {
        await pull();
        const before = pageQueries;
        const { peers } = await pull(2);
        assert.equal(peers.length, 7);
        assert.equal(pageQueries, before);
      });

      it('takes a fleet reporting in at once (more changes than it moves one by one) by reading every device again', async () => {
        const before = (await pull(100)).peers.length;
        await sql`insert into devices (id, uuid, hostname, created_at, updated_at)
          select (300000000 + i)::text, 'bulk-' || i, 'bulk-' || i, 0, 0 from generate_series(1, 1500) as i`.execute(t.store.db.kysely);
        const { totals, peers } = await pull(100);
        assert.equal(totals[0], before + 1500);
        assert.equal(peers.length, before + 1500);
        assert.deepEqual(peers.map((p) => p.id), [...peers.map((p) => p.id)].sort());
        await sql`delete from devices where id like '3000%'`.execute(t.store.db.kysely);
        assert.equal((await pull(100)).peers.length, before);
      });

      it('reads pages from the database while the notices are lost, and from memory again once they are back', async () => {
        await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = ${LISTENER_NAME} and datname = current_database()`.execute(t.store.db.kysely);
        // Changed while nobody hears: the pull must still show it.
        await t.services.deviceAdmin.update(systemActor, '100000006', { note: 'while deaf' });
        const before = pageQueries;
        for (let waited = 0; other.store.db.changeNotices?.listening !== false && waited < 100; waited++) await new Promise((resolve) => setTimeout(resolve, 20));
        assert.equal((await pull()).peers.find((p) => p.id === '100000006')?.note, 'while deaf');
        assert.ok(pageQueries > before, 'read from the database');
        for (let waited = 0; other.store.db.changeNotices?.listening !== true && waited < 200; waited++) await new Promise((resolve) => setTimeout(resolve, 50));
        assert.equal(other.store.db.changeNotices?.listening, true);
        await pull();
        const again = pageQueries;
        assert.equal((await pull()).peers.find((p) => p.id === '100000006')?.note, 'while deaf');
        assert.equal(pageQueries, again);
      });
    }
  });
}
