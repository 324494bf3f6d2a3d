import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Store } from '../../src/store/index.js';
import type { Group } from '../../src/domain/group.js';
import type { User } from '../../src/domain/user.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';

const user = (id: string): User => ({
  id, name: id, display_name: '', email: '', note: '', status: 1, is_admin: false, password_hash: null, created_at: 1, updated_at: 1,
});
const group = (name: string): Group => ({ id: `g-${name}`, name, note: '', created_at: 1, updated_at: 1 });

for (const engine of await testEngines()) {
  describe(`store.transaction (${engine})`, () => {
    let t: TestApp;
    let store: Store;
    before(async () => {
      t = await buildTestApp(engine);
      store = t.store;
    });
    after(() => t.close());

    it('commits what was written through the transaction and answers what the function returned', async () => {
      const answer = await store.transaction(async (tx) => {
        await tx.groups.insert(group('Committed'));
        return (await tx.groups.findByName('committed'))?.id;
      });
      assert.equal(answer, 'g-Committed');
      assert.ok(await store.groups.findByName('Committed'));
    });

    it('rolls every write back when the function throws', async () => {
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.groups.insert(group('Rolled'));
          await tx.users.setGroups('nobody', []);
          throw new Error('stop');
        }),
        /stop/,
      );
      assert.equal(await store.groups.findByName('Rolled'), undefined);
    });

    it('joins a nested transaction, and a store method that runs its own transaction, into the outer one', async () => {
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.transaction(async (inner) => inner.groups.insert(group('Nested')));
          await tx.users.insert(user('u-member'));
          // setGroups runs a transaction of its own outside store.transaction; inside, it joins.
          await tx.users.setGroups('u-member', ['g-Nested']);
          assert.deepEqual((await tx.users.groupsOf(['u-member'])).get('u-member'), [{ id: 'g-Nested', name: 'Nested' }]);
          throw new Error('stop');
        }),
        /stop/,
      );
      assert.equal(await store.groups.findByName('Nested'), undefined);
      assert.equal(await store.users.findById('u-member'), undefined);
    });

    it('lets precompiled queries from outside wait for the transaction rather than run inside it', async () => {
      let outside: Promise<unknown> | undefined;
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.users.insert(user('u-outside'));
          // A concurrent request's lookup (precompiled, run on the spot when it can be): it must
          // neither see the uncommitted row nor deadlock with the transaction.
          outside = store.users.findById('u-outside');
          throw new Error('stop');
        }),
        /stop/,
      );
      assert.equal(await outside, undefined);
      assert.equal(await store.users.findById('u-outside'), undefined);
    });
  });
}
