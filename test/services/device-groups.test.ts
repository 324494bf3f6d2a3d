import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import type { NewDevice } from '../../src/store/devices.js';
import { AppError } from '../../src/errors.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { refuseAudit } from '../support/refuse-audit.js';
import { testEngines } from '../support/databases.js';

const admin = { type: 'cli' as const, id: '', name: 'test', ip: '' };

const refusedWith = (code: string) => (error: unknown) => error instanceof AppError && error.code === code;

for (const engine of await testEngines()) {
  describe(`device groups and access rules (${engine})`, () => {
    let t: TestApp;
    let n = 0;

    async function device(): Promise<string> {
      const now = t.clock.now();
      const id = `${300_000_000 + ++n}`;
      const row: NewDevice = {
        id, uuid: `u${id}`, hostname: '', username: '', os: '', cpu: '', memory: '', version: '', ver: 0, user_id: null, group_id: null, alias: '',
        note: '', enabled: true, conns: [], strategy_modified_at: 0, sysinfo_at: now, last_online_at: now, created_at: now, updated_at: now,
      };
      await t.store.devices.insert(row);
      return id;
    }
    const groupOf = async (id: string) => (await t.store.devices.findById(id))?.group_id ?? null;
    const lastAudit = async () => (await t.services.audit.list({}, { current: 1, pageSize: 1 })).data[0];

    before(async () => {
      t = await buildTestApp(engine);
    });
    after(() => t.close());
    afterEach(() => refuseAudit(t, false));

    it('creates, renames, notes and deletes a group, each change with its audit record', async () => {
      const made = await t.services.deviceGroups.create(admin, { name: '  Lab  ', note: 'first floor' });
      assert.deepEqual([made.name, made.note, made.device_count, made.user_groups], ['Lab', 'first floor', 0, []]);
      assert.deepEqual([(await lastAudit())?.action, (await lastAudit())?.target], ['device_group.create', { type: 'device_group', id: made.id, name: 'Lab' }]);

      const renamed = await t.services.deviceGroups.update(admin, made.id, { name: 'Lab 2', note: 'second floor' });
      assert.deepEqual([renamed.name, renamed.note], ['Lab 2', 'second floor']);
      assert.deepEqual([(await lastAudit())?.action, (await lastAudit())?.detail], ['device_group.update', { name: 'Lab 2', note: 'second floor' }]);
      assert.equal((await t.store.deviceGroups.findByName('LAB 2'))?.id, made.id);

      const member = await device();
      await t.services.deviceGroups.setDevices(admin, made.id, [member]);
      await t.services.deviceGroups.delete(admin, made.id);
      assert.equal((await lastAudit())?.action, 'device_group.delete');
      await assert.rejects(t.services.deviceGroups.get(made.id), refusedWith('devicegroup.not_found'));
      // Its devices stay, in no group.
      assert.ok(await t.store.devices.findById(member));
      assert.equal(await groupOf(member), null);
    });

    it('keeps names unique ignoring case, and refuses empty or over-long names', async () => {
      const one = await t.services.deviceGroups.create(admin, { name: 'Servers' });
      await assert.rejects(t.services.deviceGroups.create(admin, { name: 'SERVERS' }), refusedWith('devicegroup.name_taken'));
      const other = await t.services.deviceGroups.create(admin, { name: 'Desktops' });
      await assert.rejects(t.services.deviceGroups.update(admin, other.id, { name: 'servers ' }), refusedWith('devicegroup.name_taken'));
      // A change of case of its own name is a rename.
      assert.equal((await t.services.deviceGroups.update(admin, one.id, { name: 'servers' })).name, 'servers');
      for (const name of ['', '   ', 'x'.repeat(65), 'a\u0007b']) {
        await assert.rejects(t.services.deviceGroups.create(admin, { name }), refusedWith('devicegroup.invalid_name'));
      }
    });

    it('lets one of two creating the same name at once win', async () => {
      const results = await Promise.allSettled([
        t.services.deviceGroups.create(admin, { name: 'Racing' }),
        t.services.deviceGroups.create(admin, { name: 'racing' }),
        t.services.deviceGroups.create(admin, { name: 'RACING' }),
      ]);
      assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
      for (const r of results) if (r.status === 'rejected') assert.ok(refusedWith('devicegroup.name_taken')(r.reason), String(r.reason));
    });

    it('sets a group’s devices: listed ones join (leaving any other group), the others leave; unknown ids change nothing', async () => {
      const a = await t.services.deviceGroups.create(admin, { name: 'A' });
      const b = await t.services.deviceGroups.create(admin, { name: 'B' });
      const [d1, d2, d3] = [await device(), await device(), await device()];
      assert.equal((await t.services.deviceGroups.setDevices(admin, a.id, [d1, d2, d2])).device_count, 2);
      assert.deepEqual((await lastAudit())?.detail, { devices: 2, added: 2, removed: 0 });
      await t.services.deviceGroups.setDevices(admin, b.id, [d2, d3]);
      assert.deepEqual([await groupOf(d1), await groupOf(d2), await groupOf(d3)], [a.id, b.id, b.id]);
      assert.equal((await t.services.deviceGroups.get(a.id)).device_count, 1);
      await t.services.deviceGroups.setDevices(admin, b.id, [d3]);
      assert.deepEqual([await groupOf(d2), await groupOf(d3)], [null, b.id]);
      await assert.rejects(t.services.deviceGroups.setDevices(admin, a.id, ['999999999', d3]), refusedWith('devicegroup.unknown_device'));
      assert.deepEqual([await groupOf(d1), await groupOf(d3)], [a.id, b.id]);
      await assert.rejects(t.services.deviceGroups.setDevices(admin, 'no-such-group', []), refusedWith('devicegroup.not_found'));
    });

    it('records which user groups may reach a device group, and what a user group may reach', async () => {
      const dg = await t.services.deviceGroups.create(admin, { name: 'Kiosks' });
      const sales = await t.services.groups.create(admin, { name: 'Sales' });
      const ops = await t.services.groups.create(admin, { name: 'Ops' });
      const set = await t.services.deviceGroups.setAccessFrom(admin, dg.id, [sales.id, ops.id]);
      assert.deepEqual(set.user_groups.map((g) => g.name), ['Ops', 'Sales']);
      assert.deepEqual((await lastAudit())?.detail, { user_groups: ['Ops', 'Sales'] });
      await assert.rejects(t.services.deviceGroups.setAccessFrom(admin, dg.id, ['no-such-group']), refusedWith('group.not_found'));
      assert.equal((await t.services.deviceGroups.get(dg.id)).user_groups.length, 2);

      const access = await t.services.deviceGroups.setUserGroupAccess(admin, ops.id, [sales.id]);
      assert.deepEqual(access, { target_groups: [{ id: sales.id, name: 'Sales' }], device_groups: [{ id: dg.id, name: 'Kiosks' }] });
      assert.deepEqual([(await lastAudit())?.action, (await lastAudit())?.detail], ['group.access', { target_groups: ['Sales'] }]);
      assert.deepEqual((await t.services.deviceGroups.setUserGroupAccess(admin, ops.id, [])).target_groups, []);
      await assert.rejects(t.services.deviceGroups.userGroupAccess('no-such-group'), refusedWith('group.not_found'));

      // Deleting a user group drops its rules with it.
      await t.services.groups.delete(admin, sales.id);
      assert.deepEqual((await t.services.deviceGroups.get(dg.id)).user_groups.map((g) => g.name), ['Ops']);
    });

    it('takes the same access rules saved several times at once', async () => {
      const dg = await t.services.deviceGroups.create(admin, { name: 'Concurrent' });
      const ug = await t.services.groups.create(admin, { name: 'Savers' });
      const other = await t.services.groups.create(admin, { name: 'Others' });
      const saves = await Promise.allSettled([
        ...Array.from({ length: 5 }, () => t.services.deviceGroups.setAccessFrom(admin, dg.id, [ug.id, other.id])),
        ...Array.from({ length: 5 }, () => t.services.deviceGroups.setUserGroupAccess(admin, ug.id, [other.id])),
      ]);
      assert.deepEqual(saves.filter((s) => s.status === 'rejected').map((s) => String((s as PromiseRejectedResult).reason)), []);
      assert.deepEqual((await t.services.deviceGroups.get(dg.id)).user_groups.map((g) => g.name), ['Others', 'Savers']);
      assert.deepEqual((await t.services.deviceGroups.userGroupAccess(ug.id)).target_groups.map((g) => g.name), ['Others']);
    });

    it('lists groups by name with their device counts and rules, paged', async () => {
      const page = await t.services.deviceGroups.list({ current: 1, pageSize: 2 });
      const all = await t.services.deviceGroups.list({ current: 1, pageSize: 100 });
      assert.equal(page.total, all.total);
      assert.deepEqual(page.data, all.data.slice(0, 2));
      const names = all.data.map((g) => g.name.toLowerCase());
      assert.deepEqual(names, [...names].sort());
    });

    it('changes nothing when the audit record cannot be written', async () => {
      const dg = await t.services.deviceGroups.create(admin, { name: 'Audited' });
      const ug = await t.services.groups.create(admin, { name: 'Auditors' });
      const member = await device();
      const state = async () => ({ group: await t.services.deviceGroups.get(dg.id), access: await t.services.deviceGroups.userGroupAccess(ug.id), member: await groupOf(member) });
      const before = await state();
      await refuseAudit(t, true);
      await assert.rejects(t.services.deviceGroups.create(admin, { name: 'Unrecorded' }), /audit refused/);
      await assert.rejects(t.services.deviceGroups.update(admin, dg.id, { name: 'Renamed', note: 'n' }), /audit refused/);
      await assert.rejects(t.services.deviceGroups.setDevices(admin, dg.id, [member]), /audit refused/);
      await assert.rejects(t.services.deviceGroups.setAccessFrom(admin, dg.id, [ug.id]), /audit refused/);
      await assert.rejects(t.services.deviceGroups.setUserGroupAccess(admin, ug.id, [ug.id]), /audit refused/);
      await assert.rejects(t.services.deviceGroups.delete(admin, dg.id), /audit refused/);
      await refuseAudit(t, false);
      assert.equal(await t.store.deviceGroups.findByName('Unrecorded'), undefined);
      assert.deepEqual(await state(), before);
    });
  });
}
