import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { systemActor } from '../../src/services/audit.js';
import { CHANGE_ID_EVERY_MS, REFUSALS } from '../../src/services/connect-policy.js';
import { newId } from '../../src/services/secrets.js';
import type { NewDevice } from '../../src/store/devices.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { createUser } from '../support/fixtures.js';

const admin = systemActor;
const PK = Buffer.alloc(32, 7).toString('base64');
const PK2 = Buffer.alloc(32, 9).toString('base64');

for (const engine of await testEngines()) {
  describe(`connect policy (${engine})`, () => {
    let t: TestApp;
    let n = 0;

    async function device(fields: Partial<NewDevice> = {}): Promise<string> {
      const now = t.clock.now();
      const id = fields.id ?? `${400_000_000 + ++n}`;
      await t.store.devices.insert({
        id, uuid: `u${id}`, hostname: `host-${id}`, username: '', os: '', cpu: '', memory: '', version: '', ver: 0, user_id: null, group_id: null, alias: '',
        note: '', enabled: true, conns: [], strategy_modified_at: 0, sysinfo_at: now, last_online_at: now, created_at: now, updated_at: now, ...fields,
      });
      return id;
    }

    async function person(name: string, isAdmin = false): Promise<{ id: string; token: string }> {
      const user = await createUser(t, { name, is_admin: isAdmin });
      const token = await t.services.accessTokens.issue(user.id, { deviceId: '', uuid: '', deviceInfo: {}, ip: '192.0.2.1' });
      return { id: user.id, token };
    }

    const admit = (token: string, targetId: string, kind: 'punch' | 'relay' = 'punch') =>
      t.services.connectPolicy.admitConnection({ token, targetId, kind, from: '203.0.113.9' });
    const set = (values: Record<string, unknown>) => t.services.settings.setMany(admin, values);
    const serverRecords = async (deviceId: string) =>
      (await t.store.db.kysely.selectFrom('device_audit').selectAll().where('device_id', '=', deviceId).where('source', '=', 'server').orderBy('id').execute()).map(
        (row) => ({ action: row.action, ip: row.ip, peer_name: row.peer_name, info: JSON.parse(row.info) as Record<string, unknown> }),
      );

    before(async () => {
      t = await buildTestApp(engine);
    });
    after(() => t.close());
    beforeEach(() => set({ 'rendezvous.login_required': false, 'rendezvous.admission': 'off' }));

    describe('admitConnection', () => {
      it('lets an anonymous request through when signing in is not required, and refuses it at once when it becomes required', async () => {
        const target = await device();
        assert.equal((await admit('', target)).ok, true);
        await set({ 'rendezvous.login_required': true });
        assert.deepEqual(await admit('', target), { ok: false, reason: REFUSALS.signInRequired });
      });

      it('writes a server-side connection record for each request, allowed or refused, with who, where from and why', async () => {
        const target = await device();
        const alice = await person('rec-alice', true);
        const allowed = await admit(alice.token, target, 'relay');
        assert.ok(allowed.ok);
        await set({ 'rendezvous.login_required': true });
        await admit('', target, 'punch');
        const records = await serverRecords(target);
        assert.deepEqual(records, [
          { action: 'relay', ip: '203.0.113.9', peer_name: 'rec-alice', info: { allowed: true, user_id: alice.id, user_name: 'rec-alice' } },
          { action: 'punch', ip: '203.0.113.9', peer_name: '', info: { allowed: false, reason: REFUSALS.signInRequired, user_id: null, user_name: null } },
        ]);
        const ref = await t.store.db.kysely.selectFrom('device_audit').select(['id', 'kind', 'closed_at']).where('id', '=', allowed.auditRef).executeTakeFirstOrThrow();
        assert.equal(ref.kind, 'conn');
        // A request, not an open session: the connection log never shows it as live.
        assert.notEqual(Number(ref.closed_at), 0);
      });

      it('refuses a revoked token at once, even with signing in not required, with words asking to sign in again', async () => {
        const target = await device();
        const bob = await person('rev-bob', true);
        assert.equal((await admit(bob.token, target)).ok, true);
        await t.services.accessTokens.revokeToken(bob.token);
        assert.deepEqual(await admit(bob.token, target), { ok: false, reason: REFUSALS.signInAgain });
        assert.deepEqual(await admit('not-a-token', target), { ok: false, reason: REFUSALS.signInAgain });
      });

      it('refuses an expired token', async () => {
        const target = await device();
        const carol = await person('exp-carol', true);
        assert.equal((await admit(carol.token, target)).ok, true);
        t.clock.advance(31 * 86_400_000 + 1);
        const refused = await admit(carol.token, target);
        assert.deepEqual(refused, { ok: false, reason: REFUSALS.signInAgain });
      });

      it('lets a person reach their own devices and those of a device group their user group may reach, and nothing else; an administrator reaches all', async () => {
        const dave = await person('acl-dave');
        const boss = await person('acl-boss', true);
        const own = await device({ user_id: dave.id });
        const others = await device();
        const grouped = await device();
        assert.equal((await admit(dave.token, own)).ok, true);
        assert.deepEqual(await admit(dave.token, others), { ok: false, reason: REFUSALS.notAllowed });
        assert.deepEqual(await admit(dave.token, grouped), { ok: false, reason: REFUSALS.notAllowed });
        // A device group reachable from a user group dave is in.
        const dg = await t.services.deviceGroups.create(admin, { name: 'acl-lab' });
        await t.services.deviceGroups.setDevices(admin, dg.id, [grouped]);
        const ug = await t.services.groups.create(admin, { name: 'acl-team' });
        await t.services.groups.changeMembers(admin, ug.id, { add: [dave.id] });
        await t.services.deviceGroups.setAccessFrom(admin, dg.id, [ug.id]);
        assert.equal((await admit(dave.token, grouped)).ok, true);
        assert.deepEqual(await admit(dave.token, others), { ok: false, reason: REFUSALS.notAllowed });
        for (const id of [own, others, grouped]) assert.equal((await admit(boss.token, id)).ok, true);
        // Someone who may not reach an id learns nothing about it, not even that it is unknown.
        assert.deepEqual(await admit(dave.token, 'nosuchdevice'), { ok: false, reason: REFUSALS.notAllowed });
        assert.deepEqual(await admit(boss.token, 'nosuchdevice'), { ok: false, reason: REFUSALS.unknownDevice });
      });

      it('with approval required, refuses a device not approved until an administrator approves it; with it off, lets it through', async () => {
        const waiting = await device({ approved: false });
        assert.equal((await admit('', waiting)).ok, true);
        await set({ 'rendezvous.admission': 'approval' });
        assert.deepEqual(await admit('', waiting), { ok: false, reason: REFUSALS.awaitingApproval });
        const approved = await t.services.deviceAdmin.approve(admin, waiting);
        assert.equal(approved.approved, true);
        assert.equal((await admit('', waiting)).ok, true);
      });

      it('answers an id no device can have as unknown, without looking further, and records it cut short', async () => {
        const boss = await person('bad-boss', true);
        for (const bad of ['', 'a b', 'x'.repeat(101), 'id\u0000', 'tab\tid']) assert.deepEqual(await admit(boss.token, bad), { ok: false, reason: REFUSALS.unknownDevice }, JSON.stringify(bad));
        const long = await t.store.db.kysely.selectFrom('device_audit').select('device_id').where('device_id', '=', 'x'.repeat(100)).execute();
        assert.equal(long.length, 1);
      });

      it('refuses a disabled device', async () => {
        const off = await device({ enabled: false });
        const boss = await person('dis-boss', true);
        assert.deepEqual(await admit(boss.token, off), { ok: false, reason: REFUSALS.disabled });
      });
    });

    describe('registration', () => {
      it('admits every registration when admission is off or approval, and only deployed or known devices when it is deployment', async () => {
        const known = await device();
        const input = (id: string) => ({ id, uuid: `u${id}`, pk: PK, from: '198.51.100.1' });
        for (const mode of ['off', 'approval'] as const) {
          await set({ 'rendezvous.admission': mode });
          assert.equal(await t.services.connectPolicy.admitRegistration(input('newcomer1')), 'ok');
        }
        await set({ 'rendezvous.admission': 'deployment' });
        assert.equal(await t.services.connectPolicy.admitRegistration(input('newcomer1')), 'not_deployed');
        assert.equal(await t.services.connectPolicy.admitRegistration(input(known)), 'ok');
        // Made by a system-information upload while deployment is required: not deployed.
        const uploaded = await t.services.devices.sysinfo({ body: { id: 'uploaded1', uuid: 'uuploaded1', hostname: 'h' }, ip: '198.51.100.1' });
        assert.equal(uploaded, 'SYSINFO_UPDATED');
        assert.equal(await t.services.connectPolicy.admitRegistration(input('uploaded1')), 'not_deployed');
        // Deployed with `rustdesk --deploy`: registers.
        const deployed = await t.services.deviceCli.deploy(admin, { id: 'newcomer1', uuid: 'unewcomer1', pk: PK });
        assert.equal(deployed, 'OK');
        assert.equal(await t.services.connectPolicy.admitRegistration(input('newcomer1')), 'ok');
        assert.equal((await t.store.devices.findById('newcomer1'))?.pk, PK);
      });

      it('stores a new device with its key, unapproved while approval is required; a changed key is written, an unchanged one only counts as seen', async () => {
        await set({ 'rendezvous.admission': 'approval' });
        const policy = t.services.connectPolicy;
        assert.equal(await policy.recordRegistration({ id: 'regnew01', uuid: 'ureg', pk: PK, ip: '198.51.100.2' }), 'ok');
        const stored = await t.store.devices.findById('regnew01');
        assert.deepEqual([stored?.pk, stored?.approved, stored?.uuid, stored?.sysinfo_at], [PK, false, 'ureg', 0]);
        assert.equal(await policy.recordRegistration({ id: 'regnew01', uuid: 'another', pk: PK, ip: '198.51.100.2' }), 'uuid_mismatch');
        assert.equal(await policy.recordRegistration({ id: 'regnew01', uuid: 'ureg', pk: PK2, ip: '198.51.100.2' }), 'ok');
        assert.equal((await t.store.devices.findById('regnew01'))?.pk, PK2);
        const before = (await t.store.devices.findById('regnew01'))?.last_online_at ?? 0;
        t.clock.advance(15_000);
        assert.equal(await policy.recordRegistration({ id: 'regnew01', uuid: 'ureg', pk: PK2, ip: '198.51.100.2' }), 'ok');
        await t.services.devices.flush();
        assert.equal((await t.store.devices.findById('regnew01'))?.last_online_at, before + 15_000);
        // Deleted (on any instance): the next registration a minute on makes it again, as new.
        await t.store.devices.delete('regnew01');
        t.clock.advance(60_000);
        await set({ 'rendezvous.admission': 'approval' });
        assert.equal(await policy.recordRegistration({ id: 'regnew01', uuid: 'ureg', pk: PK2, ip: '198.51.100.2' }), 'ok');
        assert.equal((await t.store.devices.findById('regnew01'))?.approved, false);
        // Approval off: a new device is approved.
        await set({ 'rendezvous.admission': 'off' });
        await policy.recordRegistration({ id: 'regnew02', uuid: 'ureg2', pk: PK, ip: '198.51.100.2' });
        assert.equal((await t.store.devices.findById('regnew02'))?.approved, true);
      });
      it('answers a malformed id, uuid or key as invalid, storing nothing', async () => {
        const policy = t.services.connectPolicy;
        for (const bad of [
          { id: '', uuid: 'u1', pk: PK },
          { id: 'nul\u0000id', uuid: 'u1', pk: PK },
          { id: 'x'.repeat(101), uuid: 'u1', pk: PK },
          { id: 'goodid01', uuid: '', pk: PK },
          { id: 'goodid01', uuid: 'u\u0000', pk: PK },
          { id: 'goodid01', uuid: 'u1', pk: '' },
          { id: 'goodid01', uuid: 'u1', pk: 'k'.repeat(513) },
        ]) {
          assert.equal(await policy.admitRegistration({ ...bad, from: '198.51.100.3' }), 'invalid', JSON.stringify(bad));
          assert.equal(await policy.recordRegistration({ ...bad, ip: '198.51.100.3' }), 'invalid', JSON.stringify(bad));
        }
        assert.equal(await t.store.devices.findById('goodid01'), undefined);
        assert.equal(await policy.changeId({ oldId: 'nul\u0000id', newId: 'Fresh-id-1', uuid: 'u1' }), 'uuid_mismatch');
      });
    });

    describe('changeId', () => {
      it('moves the device with its owner, group, note, approval and key, and its address-book entries, in one go, with an audit record', async () => {
        const owner = await person('cid-owner');
        const dg = await t.services.deviceGroups.create(admin, { name: 'cid-group' });
        const old = await device({ id: 'oldid001', user_id: owner.id, group_id: dg.id, note: 'desk', alias: 'Mine', pk: PK, approved: false });
        const now = t.clock.now();
        const bookId = newId();
        await t.store.addressBooks.insert({ id: bookId, guid: newId(), kind: 'shared', owner_id: owner.id, name: 'cid-book', note: '', password: null, accept_presets: false, created_at: now, updated_at: now });
        await t.store.db.kysely.insertInto('address_book_peers').values({ book_id: bookId, peer_id: old, alias: 'in book', created_at: now, updated_at: now }).execute();
        const revision = (await t.store.db.kysely.selectFrom('address_books').select('revision').where('id', '=', bookId).executeTakeFirstOrThrow()).revision;

        assert.equal(await t.services.connectPolicy.changeId({ oldId: old, newId: 'Newid-001', uuid: `u${old}` }), 'ok');
        assert.equal(await t.store.devices.findById(old), undefined);
        const moved = await t.store.devices.findById('Newid-001');
        assert.deepEqual(
          [moved?.uuid, moved?.user_id, moved?.group_id, moved?.note, moved?.alias, moved?.pk, moved?.approved],
          [`u${old}`, owner.id, dg.id, 'desk', 'Mine', PK, false],
        );
        const peers = await t.store.db.kysely.selectFrom('address_book_peers').select(['peer_id', 'alias']).where('book_id', '=', bookId).execute();
        assert.deepEqual(peers, [{ peer_id: 'Newid-001', alias: 'in book' }]);
        const after = (await t.store.db.kysely.selectFrom('address_books').select('revision').where('id', '=', bookId).executeTakeFirstOrThrow()).revision;
        assert.ok(Number(after) > Number(revision));
        const audit = (await t.services.audit.list({}, { current: 1, pageSize: 1 })).data[0];
        assert.equal(audit?.action, 'device.change_id');
        assert.deepEqual(audit?.detail, { old_id: old, new_id: 'Newid-001', address_books: 1 });
      });

      it('refuses a malformed new id, a taken one, another machine’s uuid, an unknown old id, and a second change too soon', async () => {
        const a = await device({ id: 'cidaaa01' });
        const b = await device({ id: 'cidbbb01' });
        const policy = t.services.connectPolicy;
        for (const bad of ['1abcdef', 'ab', 'a'.repeat(17), 'abc def1', 'abcdé123']) assert.equal(await policy.changeId({ oldId: a, newId: bad, uuid: `u${a}` }), 'invalid');
        assert.equal(await policy.changeId({ oldId: a, newId: b, uuid: `u${a}` }), 'id_exists');
        assert.equal(await policy.changeId({ oldId: a, newId: 'cidfree01', uuid: 'someone-else' }), 'uuid_mismatch');
        assert.equal(await policy.changeId({ oldId: 'nosuch01', newId: 'cidfree01', uuid: 'unosuch01' }), 'uuid_mismatch');
        // Refusals changed nothing.
        assert.equal((await t.store.devices.findById(a))?.uuid, `u${a}`);
        assert.equal(await policy.changeId({ oldId: a, newId: 'cidfree01', uuid: `u${a}` }), 'ok');
        assert.equal(await policy.changeId({ oldId: 'cidfree01', newId: 'cidfree02', uuid: `u${a}` }), 'too_frequent');
        t.clock.advance(CHANGE_ID_EVERY_MS);
        assert.equal(await policy.changeId({ oldId: 'cidfree01', newId: 'cidfree02', uuid: `u${a}` }), 'ok');
      });

      if (engine === 'postgres') {
        it('gives a new id to exactly one of several devices asking for it at once', async () => {
          const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => device({ id: `race${i}0001` })));
          const results = await Promise.all(ids.map((id) => t.services.connectPolicy.changeId({ oldId: id, newId: 'Wanted-01', uuid: `u${id}` })));
          assert.equal(results.filter((r) => r === 'ok').length, 1);
          assert.equal(results.filter((r) => r === 'id_exists').length, ids.length - 1);
          const winner = ids[results.indexOf('ok')];
          assert.equal((await t.store.devices.findById('Wanted-01'))?.uuid, `u${winner}`);
          // The others are still under their own ids.
          for (const id of ids) if (id !== winner) assert.equal((await t.store.devices.findById(id))?.uuid, `u${id}`);
        });
      }
    });
  });
}
