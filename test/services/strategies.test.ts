import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { isAppError, type ErrorCode } from '../../src/errors.js';
import { systemActor } from '../../src/services/audit.js';
import { STRATEGIES_CACHE_MS } from '../../src/services/strategies.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { refuseAudit } from '../support/refuse-audit.js';
import { testEngines } from '../support/databases.js';
import { createUser } from '../support/fixtures.js';
import { DEVICE, rust } from '../support/rustdesk-client.js';

const code = (c: ErrorCode) => (error: unknown) => isAppError(error, c);

for (const engine of await testEngines()) {
  describe(`strategies (${engine})`, () => {
    let t: TestApp;
    let n = 0;
    const names = () => `s${++n}`;

    before(async () => {
      t = await buildTestApp(engine);
    });
    after(() => t.close());
    afterEach(() => refuseAudit(t, false));

    /** A device as the client makes one: its first sysinfo upload (spec §5.3). */
    async function reported(extra: Record<string, unknown> = {}) {
      const device = { id: `${700_000_000 + ++n}`, uuid: `${DEVICE.uuid}${n}` };
      const body = { cpu: '4/4 cores', memory: '8GB', os: 'windows / Windows 11 Pro - 10.0.22631', hostname: `pc-${n}`, username: 'ann', version: '1.4.9', ...device, ...extra };
      assert.equal((await t.app.inject(rust('/api/sysinfo', body))).body, 'SYSINFO_UPDATED');
      return device;
    }

    /**
     * The device's heartbeat as the client sends it (§5.2), echoing `modifiedAt`, and the answer;
     * heartbeats are written (and what the device is under read back) before the next one.
     */
    async function beat(device: { id: string; uuid: string }, modifiedAt: number) {
      const response = await t.app.inject(rust('/api/heartbeat', { id: device.id, uuid: device.uuid, ver: 1004090, modified_at: modifiedAt }));
      await t.services.devices.flush();
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { modified_at: number; strategy?: { config_options: Record<string, string> } };
    }

    /** What the device applies once its heartbeats have settled: the strategy's options and revision, or none. */
    async function settled(device: { id: string; uuid: string }, modifiedAt = 0) {
      // The strategies are read again every few seconds: a change made here is seen at once.
      t.clock.advance(STRATEGIES_CACHE_MS);
      await beat(device, modifiedAt);
      const answer = await beat(device, modifiedAt);
      return answer.strategy ? { revision: answer.modified_at, options: answer.strategy.config_options } : { revision: answer.modified_at };
    }

    it('sends a device nothing while no strategy names it: its own timestamp goes back', async () => {
      const device = await reported();
      assert.deepEqual(await settled(device, 42), { revision: 42 });
    });

    it('gives a device its own strategy before its owner’s, and its owner’s before its group’s, then the default', async () => {
      const owner = await createUser(t, { name: `owner-${engine}` });
      const group = await t.services.deviceGroups.create(systemActor, { name: `Lab ${engine}` });
      const device = await reported();
      await t.services.deviceAdmin.update(systemActor, device.id, { user_id: owner.id, group_id: group.id });
      const make = (options: Record<string, string>, extra = {}) => t.services.strategies.create(systemActor, { name: names(), options, ...extra });
      const byDefault = await make({ 'enable-clipboard': 'N' }, { is_default: true });
      const byGroup = await make({ 'enable-audio': 'N' });
      const byUser = await make({ 'enable-camera': 'N' });
      const own = await make({ 'enable-file-transfer': 'N', whitelist: '' });

      // The Devices page says which one and what gives it.
      const shown = async () => {
        const strategy = (await t.services.deviceAdmin.get(device.id)).strategy;
        return strategy && [strategy.name, strategy.from];
      };
      assert.deepEqual(await settled(device), { revision: byDefault.revision, options: { 'enable-clipboard': 'N' } });
      assert.deepEqual(await shown(), [byDefault.name, 'default']);
      await t.services.strategies.assign(systemActor, byGroup.id, { device_groups: [group.id] });
      assert.deepEqual(await shown(), [byGroup.name, 'device_group']);
      assert.deepEqual(await settled(device, byDefault.revision), { revision: byGroup.revision, options: { 'enable-audio': 'N' } });
      await t.services.strategies.assign(systemActor, byUser.id, { users: [owner.id] });
      assert.deepEqual(await settled(device, byGroup.revision), { revision: byUser.revision, options: { 'enable-camera': 'N' } });
      assert.deepEqual(await shown(), [byUser.name, 'owner']);
      await t.services.strategies.assign(systemActor, own.id, { devices: [device.id] });
      assert.deepEqual(await shown(), [own.name, 'device']);
      // '' goes to the client as it is: the client puts its own default back.
      assert.deepEqual(await settled(device, byUser.revision), { revision: own.revision, options: { 'enable-file-transfer': 'N', whitelist: '' } });
      // Applied: nothing more is sent.
      assert.deepEqual(await settled(device, own.revision), { revision: own.revision });

      // Taken off the device, its owner's is next; the owner's taken off, the group's.
      await t.services.strategies.assign(systemActor, null, { devices: [device.id], users: [owner.id] });
      assert.deepEqual(await settled(device, own.revision), { revision: byGroup.revision, options: { 'enable-audio': 'N' } });
      const listed = new Map((await t.services.strategies.list()).map((s) => [s.id, s]));
      assert.deepEqual(
        [listed.get(byGroup.id)?.device_group_count, listed.get(byGroup.id)?.applied_count, listed.get(own.id)?.device_count, listed.get(own.id)?.applied_count],
        [1, 1, 0, 0],
      );
      for (const s of [byDefault, byGroup, byUser, own]) await t.services.strategies.delete(systemActor, s.id);
      assert.equal(await shown(), null);
    });

    it('sends a strategy again when its options change, not when only its name or note does', async () => {
      const device = await reported();
      const strategy = await t.services.strategies.create(systemActor, { name: names(), options: { 'approve-mode': 'click' } });
      await t.services.strategies.assign(systemActor, strategy.id, { devices: [device.id] });
      assert.equal((await settled(device)).revision, strategy.revision);
      const renamed = await t.services.strategies.update(systemActor, strategy.id, { name: `${strategy.name}-renamed`, note: 'front desk', options: { 'approve-mode': 'click' } });
      assert.equal(renamed.revision, strategy.revision);
      assert.deepEqual(await settled(device, strategy.revision), { revision: strategy.revision });
      const changed = await t.services.strategies.update(systemActor, strategy.id, { options: { 'approve-mode': 'password', 'enable-tunnel': 'N' } });
      assert.ok(changed.revision > strategy.revision);
      assert.deepEqual(await settled(device, strategy.revision), { revision: changed.revision, options: { 'approve-mode': 'password', 'enable-tunnel': 'N' } });
      await t.services.strategies.delete(systemActor, strategy.id);
    });

    it('reaches no device while disabled (nothing falls through to the next one), and again once enabled', async () => {
      const owner = await createUser(t, { name: `dis-${engine}` });
      const device = await reported();
      await t.services.deviceAdmin.update(systemActor, device.id, { user_id: owner.id });
      const byUser = await t.services.strategies.create(systemActor, { name: names(), options: { 'enable-keyboard': 'N' } });
      const own = await t.services.strategies.create(systemActor, { name: names(), options: { 'enable-keyboard': 'Y' }, enabled: false });
      await t.services.strategies.assign(systemActor, byUser.id, { users: [owner.id] });
      await t.services.strategies.assign(systemActor, own.id, { devices: [device.id] });
      assert.deepEqual(await settled(device), { revision: 0 });
      assert.equal((await t.services.strategies.get(own.id)).applied_count, 0);
      await t.services.strategies.update(systemActor, own.id, { enabled: true });
      assert.deepEqual(await settled(device), { revision: own.revision, options: { 'enable-keyboard': 'Y' } });
      await t.services.strategies.delete(systemActor, own.id);
      await t.services.strategies.delete(systemActor, byUser.id);
    });

    it('gives every strategy a revision of its own, so a device moved between two always gets the other', async () => {
      const a = await t.services.strategies.create(systemActor, { name: names() });
      const b = await t.services.strategies.create(systemActor, { name: names() });
      const c = await t.services.strategies.update(systemActor, a.id, { options: { 'enable-audio': 'N' } });
      assert.equal(new Set([a.revision, b.revision, c.revision]).size, 3);
      assert.ok(c.revision > b.revision && b.revision > a.revision);
      await t.services.strategies.delete(systemActor, a.id);
      await t.services.strategies.delete(systemActor, b.id);
    });

    it('keeps one default: making another the default takes it from the first', async () => {
      const a = await t.services.strategies.create(systemActor, { name: names(), is_default: true });
      const b = await t.services.strategies.create(systemActor, { name: names() });
      await t.services.strategies.update(systemActor, b.id, { is_default: true });
      const listed = await t.services.strategies.list();
      assert.deepEqual(listed.filter((s) => s.is_default).map((s) => s.id), [b.id]);
      await t.services.strategies.delete(systemActor, a.id);
      await t.services.strategies.delete(systemActor, b.id);
    });

    it('keeps one default, a revision of their own and unique names when administrators change strategies at the same moment', async () => {
      const made = await Promise.all(
        Array.from({ length: 8 }, (_, i) => t.services.strategies.create(systemActor, { name: `race-${engine}-${i}`, is_default: true, options: { 'enable-audio': 'N' } })),
      );
      let listed = await t.services.strategies.list();
      assert.equal(listed.filter((s) => s.is_default).length, 1);
      const changed = await Promise.all(made.map((s, i) => t.services.strategies.update(systemActor, s.id, { options: { 'enable-audio': `${i}` } })));
      assert.equal(new Set(changed.map((s) => s.revision)).size, 8);
      const renamed = await Promise.allSettled(made.map((s) => t.services.strategies.update(systemActor, s.id, { name: `Same ${engine}` })));
      assert.equal(renamed.filter((r) => r.status === 'fulfilled').length, 1);
      assert.ok(renamed.every((r) => r.status === 'fulfilled' || isAppError(r.reason, 'strategy.name_taken')));
      listed = await t.services.strategies.list();
      assert.equal(listed.filter((s) => s.name === `Same ${engine}`).length, 1);
      for (const s of made) await t.services.strategies.delete(systemActor, s.id);
    });

    it('gives a device the strategy of one of two administrators who name it at the same moment, never an error', async () => {
      const device = await reported();
      const a = await t.services.strategies.create(systemActor, { name: names() });
      const b = await t.services.strategies.create(systemActor, { name: names() });
      for (let round = 0; round < 5; round++) {
        await t.services.strategies.assign(systemActor, null, { devices: [device.id] });
        await Promise.all([a, b].map((s) => t.services.strategies.assign(systemActor, s.id, { devices: [device.id] })));
        const named = [...(await t.services.strategies.targets(a.id)).devices, ...(await t.services.strategies.targets(b.id)).devices];
        assert.deepEqual(named, [device.id]);
      }
      await t.services.strategies.delete(systemActor, a.id);
      await t.services.strategies.delete(systemActor, b.id);
    });

    it('refuses a taken name (any case), options the client could not take or that name the server, and unknown targets', async () => {
      const taken = await t.services.strategies.create(systemActor, { name: 'Front Desk' });
      await assert.rejects(t.services.strategies.create(systemActor, { name: 'front desk' }), code('strategy.name_taken'));
      const other = await t.services.strategies.create(systemActor, { name: 'Back office' });
      await assert.rejects(t.services.strategies.update(systemActor, other.id, { name: 'FRONT DESK' }), code('strategy.name_taken'));
      for (const options of [
        { 'api-server': 'https://elsewhere.example' },
        { 'custom-rendezvous-server': 'x' },
        { key: 'x' },
        { 'relay-server': 'x' },
        { 'has space': 'Y' },
        { '-leading': 'Y' },
        { ['k'.repeat(65)]: 'Y' },
        { 'enable-audio': 'N\n' },
        { 'enable-audio': 'x'.repeat(1001) },
        { 'enable-audio': 1 as unknown as string },
        Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`opt-${i}`, 'Y'])),
      ]) {
        await assert.rejects(t.services.strategies.create(systemActor, { name: names(), options }), code('strategy.invalid'), JSON.stringify(options).slice(0, 80));
      }
      for (const name of ['', '   ', 'x'.repeat(65), 'tab\there']) {
        await assert.rejects(t.services.strategies.create(systemActor, { name }), code('strategy.invalid'));
      }
      await assert.rejects(t.services.strategies.assign(systemActor, taken.id, { devices: ['no-such-device'] }), code('strategy.unknown_target'));
      await assert.rejects(t.services.strategies.assign(systemActor, taken.id, { users: ['no-such-user'] }), code('strategy.unknown_target'));
      await assert.rejects(t.services.strategies.assign(systemActor, taken.id, { device_groups: ['no-such-group'] }), code('strategy.unknown_target'));
      await assert.rejects(t.services.strategies.assign(systemActor, 'no-such-strategy', { devices: [] }), code('strategy.not_found'));
      await assert.rejects(t.services.strategies.update(systemActor, 'no-such-strategy', {}), code('strategy.not_found'));
      await assert.rejects(t.services.strategies.delete(systemActor, 'no-such-strategy'), code('strategy.not_found'));
      assert.deepEqual((await t.services.strategies.list()).map((s) => s.name), ['Back office', 'Front Desk']);
      await t.services.strategies.delete(systemActor, taken.id);
      await t.services.strategies.delete(systemActor, other.id);
    });

    it('keeps no change whose audit record cannot be written, and records each change', async () => {
      const device = await reported();
      const kept = await t.services.strategies.create(systemActor, { name: names(), options: { 'enable-audio': 'N' } });
      await refuseAudit(t, true);
      await assert.rejects(t.services.strategies.create(systemActor, { name: 'never' }), /audit refused/);
      await assert.rejects(t.services.strategies.update(systemActor, kept.id, { options: {} }), /audit refused/);
      await assert.rejects(t.services.strategies.assign(systemActor, kept.id, { devices: [device.id] }), /audit refused/);
      await assert.rejects(t.services.strategies.delete(systemActor, kept.id), /audit refused/);
      await refuseAudit(t, false);
      assert.deepEqual(await t.services.strategies.get(kept.id), { ...kept });
      assert.deepEqual(await t.services.strategies.targets(kept.id), { devices: [], users: [], device_groups: [] });
      assert.equal(await t.services.strategies.findByName('never'), undefined);
      await t.services.strategies.assign(systemActor, kept.id, { devices: [device.id] });
      await t.services.strategies.assign(systemActor, null, { devices: [device.id] });
      await t.services.strategies.delete(systemActor, kept.id);
      const records = await t.services.audit.list({}, { current: 1, pageSize: 10 });
      const mine = records.data.filter((r) => r.target.id === kept.id || r.action === 'strategy.unassign').map((r) => r.action);
      assert.deepEqual(mine.slice(0, 4).sort(), ['strategy.assign', 'strategy.create', 'strategy.delete', 'strategy.unassign']);
    });

    it('forgets what named a strategy with it, and a device, person or group with theirs', async () => {
      const owner = await createUser(t, { name: `gone-${engine}` });
      const group = await t.services.deviceGroups.create(systemActor, { name: `Gone ${engine}` });
      const device = await reported();
      const strategy = await t.services.strategies.create(systemActor, { name: names() });
      await t.services.strategies.assign(systemActor, strategy.id, { devices: [device.id], users: [owner.id], device_groups: [group.id] });
      assert.deepEqual(await t.services.strategies.targets(strategy.id), { devices: [device.id], users: [owner.id], device_groups: [group.id] });
      await t.services.deviceAdmin.delete(systemActor, device.id);
      await t.services.users.delete(systemActor, owner.id);
      await t.services.deviceGroups.delete(systemActor, group.id);
      assert.deepEqual(await t.services.strategies.targets(strategy.id), { devices: [], users: [], device_groups: [] });
      const again = await reported();
      await t.services.strategies.assign(systemActor, strategy.id, { devices: [again.id] });
      await t.services.strategies.delete(systemActor, strategy.id);
      assert.deepEqual(await t.store.db.kysely.selectFrom('device_strategies').selectAll().execute(), []);
    });

    it('gives a new device the strategy its preset names when device presets are accepted', async () => {
      const strategy = await t.services.strategies.create(systemActor, { name: 'Kiosk', options: { 'enable-keyboard': 'N' } });
      const ignored = await reported({ 'preset-strategy-name': 'kiosk' });
      assert.deepEqual((await t.services.strategies.targets(strategy.id)).devices, []);
      await t.services.settings.set(systemActor, 'accept_device_presets', true);
      try {
        const device = await reported({ 'preset-strategy-name': 'KIOSK' });
        const unknown = await reported({ 'preset-strategy-name': 'no such' });
        assert.deepEqual((await t.services.strategies.targets(strategy.id)).devices, [device.id]);
        // Its first heartbeats carry it.
        assert.deepEqual(await settled(device), { revision: strategy.revision, options: { 'enable-keyboard': 'N' } });
        const records = await t.services.audit.list({}, { current: 1, pageSize: 50 });
        const detail = (id: string) => records.data.find((r) => r.target.id === id && r.action.startsWith('device.presets'))?.detail;
        assert.deepEqual(detail(device.id), { applied: { 'preset-strategy-name': 'Kiosk' }, ignored: {} });
        assert.deepEqual(detail(unknown.id), { applied: {}, ignored: { 'preset-strategy-name': 'no such strategy' } });
        assert.deepEqual(detail(ignored.id), { applied: {}, ignored: { 'preset-strategy-name': 'Accept device presets is off' } });
      } finally {
        await t.services.settings.set(systemActor, 'accept_device_presets', false);
        await t.services.strategies.delete(systemActor, strategy.id);
      }
    });
  });
}
