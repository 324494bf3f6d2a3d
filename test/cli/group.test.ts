import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { testEngines } from '../support/databases.js';
import { cliBed, type CliBed } from './cli-harness.js';

for (const engine of await testEngines()) {
  describe(`deskgate group (${engine})`, () => {
    let bed: CliBed;

    before(async () => {
      bed = await cliBed(engine);
      // A first user makes the Default group, as the first start does.
      assert.equal((await bed.run(['user', 'add', 'alice', '--password', 'correct horse battery'])).code, 0);
    });
    after(() => bed.close());

    it('adds a group with a note', async () => {
      const result = await bed.run(['group', 'add', 'Support', '--note', 'first line']);
      assert.equal(result.code, 0, result.err);
      assert.equal(result.out, 'created group "Support"\n');
      const group = await (await bed.core()).services.groups.findByName('support');
      assert.equal(group?.note, 'first line');
    });

    it('refuses a name that is taken (in any case) or empty', async () => {
      const taken = await bed.run(['group', 'add', 'SUPPORT']);
      assert.equal(taken.code, 1);
      assert.equal(taken.err, 'deskgate: A group with this name already exists\n');
      const empty = await bed.run(['group', 'add', '  ']);
      assert.equal(empty.code, 1);
      assert.equal(empty.err, 'deskgate: Group names are 1-64 characters\n');
    });

    it('lists groups with member counts as a table and as JSON', async () => {
      const table = await bed.run(['group', 'list']);
      assert.equal(table.code, 0, table.err);
      assert.deepEqual(table.out.trimEnd().split('\n'), [
        'NAME     MEMBERS  NOTE',
        'Default  1',
        'Support  0        first line',
      ]);
      const json = await bed.run(['group', 'list', '--json']);
      const groups = JSON.parse(json.out) as { name: string; member_count: number; note: string }[];
      assert.deepEqual(
        groups.map(({ name, member_count, note }) => ({ name, member_count, note })),
        [
          { name: 'Default', member_count: 1, note: '' },
          { name: 'Support', member_count: 0, note: 'first line' },
        ],
      );
    });

    it('deletes a group by name, case-insensitively, and audits it as the command line', async () => {
      const result = await bed.run(['group', 'delete', 'support']);
      assert.equal(result.code, 0, result.err);
      assert.equal(result.out, 'deleted group "Support"\n');
      const core = await bed.core();
      assert.equal(await core.services.groups.findByName('Support'), undefined);
      const { data } = await core.services.audit.list({ action: 'group.' }, { current: 1, pageSize: 10 });
      const records = data.map((r) => `${r.action} ${r.actor.type} ${r.target.name}`).sort();
      assert.deepEqual(records, ['group.create cli Support', 'group.delete cli Support']);
    });

    it('refuses to delete the Default group', async () => {
      const result = await bed.run(['group', 'delete', 'Default']);
      assert.equal(result.code, 1);
      assert.equal(result.err, 'deskgate: The Default group cannot be deleted\n');
      assert.ok(await (await bed.core()).services.groups.findByName('Default'));
    });

    it('answers "Group not found" for an unknown group', async () => {
      const result = await bed.run(['group', 'delete', 'nope']);
      assert.equal(result.code, 1);
      assert.equal(result.err, 'deskgate: Group not found\n');
    });
  });
}
