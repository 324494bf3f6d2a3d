import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAppError, type ErrorCode } from '../../src/errors.js';
import { systemActor, type Actor } from '../../src/services/audit.js';
import { DEFAULT_GROUP, createGroupService } from '../../src/services/groups.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { createUser } from '../support/fixtures.js';

const code = (c: ErrorCode) => (error: unknown) => isAppError(error, c);
const person: Actor = { type: 'user', id: 'admin-id', name: 'root', ip: '10.0.0.5' };

for (const engine of await testEngines()) {
  describe(`groups (${engine})`, () => {
    let t: TestApp;
    let groups: TestApp['services']['groups'];
    before(async () => {
      t = await buildTestApp(engine);
      groups = t.services.groups;
    });
    after(() => t.close());

    it('makes the Default group once, even when several instances ask at once', async () => {
      const instances = Array.from({ length: 4 }, () => createGroupService({ store: t.store, clock: t.clock, audit: t.services.audit }));
      const ids = await Promise.all(instances.map((g) => g.defaultGroupId()));
      assert.equal(new Set(ids).size, 1);
      assert.equal((await groups.get(ids[0] ?? '')).name, DEFAULT_GROUP);
      assert.equal(await groups.defaultGroupId(), ids[0]);
    });

    it('creates a group with a trimmed name, unique in any case, and audits it', async () => {
      const ops = await groups.create(person, { name: '  Ops  ', note: 'on call' });
      assert.equal(ops.name, 'Ops');
      assert.equal(ops.note, 'on call');
      assert.equal(ops.member_count, 0);
      await assert.rejects(groups.create(person, { name: 'OPS' }), code('group.name_taken'));
      await assert.rejects(groups.create(person, { name: '   ' }), code('group.invalid_name'));
      await assert.rejects(groups.create(person, { name: 'g'.repeat(65) }), code('group.invalid_name'));
      const [record] = (await t.services.audit.list({ action: 'group.create', target: 'Ops' }, { current: 1, pageSize: 1 })).data;
      assert.equal(record?.target.id, ops.id);
      assert.equal(record?.actor.name, 'root');
    });

    it('renames and annotates a group, refusing a taken name, and writes nothing when nothing changes', async () => {
      const a = await groups.create(person, { name: 'Alpha' });
      await groups.create(person, { name: 'Beta' });
      await assert.rejects(groups.update(person, a.id, { name: 'beta' }), code('group.name_taken'));
      const renamed = await groups.update(person, a.id, { name: 'Alpha Team', note: 'first' });
      assert.equal(renamed.name, 'Alpha Team');
      assert.equal(renamed.note, 'first');
      // The same name in another case is the group's own: allowed.
      assert.equal((await groups.update(person, a.id, { name: 'ALPHA TEAM' })).name, 'ALPHA TEAM');
      const before = (await t.services.audit.list({ action: 'group.update' }, { current: 1, pageSize: 100 })).total;
      await groups.update(person, a.id, { name: 'ALPHA TEAM', note: 'first' });
      assert.equal((await t.services.audit.list({ action: 'group.update' }, { current: 1, pageSize: 100 })).total, before);
      await assert.rejects(groups.update(person, 'no-such-group', { note: 'x' }), code('group.not_found'));
    });

    it('never deletes or renames the Default group', async () => {
      const id = await groups.defaultGroupId();
      await assert.rejects(groups.delete(person, id), code('group.default_protected'));
      await assert.rejects(groups.update(person, id, { name: 'Everyone' }), code('group.default_protected'));
      // Its note may change.
      assert.equal((await groups.update(person, id, { note: 'everyone' })).note, 'everyone');
    });

    it('adds and removes members, refusing unknown users, and a deleted group leaves its members', async () => {
      const team = await groups.create(person, { name: 'Team' });
      const ann = await createUser(t, { name: 'ann' });
      const ben = await createUser(t, { name: 'ben' });
      await assert.rejects(groups.changeMembers(person, team.id, { add: [ann.id, 'no-such-user'] }), code('user.not_found'));
      assert.equal((await groups.get(team.id)).member_count, 0);
      const withBoth = await groups.changeMembers(person, team.id, { add: [ann.id, ben.id, ann.id] });
      assert.equal(withBoth.member_count, 2);
      const withBen = await groups.changeMembers(person, team.id, { remove: [ann.id] });
      assert.equal(withBen.member_count, 1);
      const [record] = (await t.services.audit.list({ action: 'group.members', target: 'Team' }, { current: 1, pageSize: 1 })).data;
      assert.deepEqual(record?.detail, { add: [], remove: [ann.id] });

      await groups.delete(person, team.id);
      await assert.rejects(groups.get(team.id), code('group.not_found'));
      await assert.rejects(groups.delete(person, team.id), code('group.not_found'));
      await assert.rejects(groups.changeMembers(person, team.id, { add: [ben.id] }), code('group.not_found'));
      assert.equal((await t.services.users.get(ben.id)).name, 'ben');
      assert.ok(!(await t.services.users.get(ben.id)).groups.some((g) => g.id === team.id));
    });

    it('lists groups with their member counts, paged', async () => {
      const listed = await groups.list({ current: 1, pageSize: 2 });
      assert.equal(listed.data.length, 2);
      const all = await groups.list({ current: 1, pageSize: 100 });
      assert.equal(all.total, all.data.length);
      const def = all.data.find((g) => g.name === DEFAULT_GROUP);
      assert.equal(def?.member_count, (await groups.get(def?.id ?? '')).members.length);
      assert.ok(await groups.findByName('alpha team'));
      await groups.delete(systemActor, (await groups.findByName('Beta'))?.id ?? '');
      assert.equal(await groups.findByName('Beta'), undefined);
    });
  });
}
