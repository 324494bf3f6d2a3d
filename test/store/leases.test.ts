import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase, type Db } from '../../src/store/db.js';
import { createLeaseStore, type LeaseStore } from '../../src/store/leases.js';
import { createTestDatabase, testEngines, type TestDatabase } from '../support/databases.js';

const T0 = Date.UTC(2026, 0, 1);
const HOUR = 3_600_000;

for (const engine of await testEngines()) {
  describe(`leases (${engine})`, () => {
    let database: TestDatabase;
    let leases: LeaseStore;
    before(async () => {
      database = await createTestDatabase(engine);
      leases = createLeaseStore(database.db.kysely);
    });
    after(() => database.drop());

    it('gives a free lease to whoever asks and keeps it from others until it expires', async () => {
      assert.equal(await leases.acquire('nightly', 'instance-a', T0, HOUR), true);
      assert.equal(await leases.acquire('nightly', 'instance-b', T0 + 1, HOUR), false);
      assert.equal(await leases.acquire('nightly', 'instance-b', T0 + HOUR - 1, HOUR), false);
      // Expired: the next to ask takes it, and the former holder no longer has it.
      assert.equal(await leases.acquire('nightly', 'instance-b', T0 + HOUR, HOUR), true);
      assert.equal(await leases.acquire('nightly', 'instance-a', T0 + HOUR + 1, HOUR), false);
    });

    it('lets the holder renew its lease before it expires', async () => {
      assert.equal(await leases.acquire('renewed', 'instance-a', T0, HOUR), true);
      assert.equal(await leases.acquire('renewed', 'instance-a', T0 + 10, HOUR), true);
      // Renewed at T0 + 10: still held at T0 + HOUR.
      assert.equal(await leases.acquire('renewed', 'instance-b', T0 + HOUR, HOUR), false);
    });

    it('frees a lease its holder releases, and ignores a release by anyone else', async () => {
      assert.equal(await leases.acquire('released', 'instance-a', T0, HOUR), true);
      await leases.release('released', 'instance-b');
      assert.equal(await leases.acquire('released', 'instance-b', T0 + 1, HOUR), false);
      await leases.release('released', 'instance-a');
      assert.equal(await leases.acquire('released', 'instance-b', T0 + 2, HOUR), true);
    });

    it('keeps leases of different names apart', async () => {
      assert.equal(await leases.acquire('one', 'instance-a', T0, HOUR), true);
      assert.equal(await leases.acquire('two', 'instance-b', T0, HOUR), true);
    });

    if (engine === 'postgres') {
      describe('two instances racing for a lease (PostgreSQL)', () => {
        let second: Db;
        let secondLeases: LeaseStore;
        before(() => {
          second = openDatabase({ databaseUrl: database.url });
          secondLeases = createLeaseStore(second.kysely);
        });
        after(() => second.close());

        /** Ten holders on each instance ask at once; who got it, and whose name the row holds. */
        async function race(name: string, now: number) {
          const asks = Array.from({ length: 20 }, (_, i) => {
            const holder = `${i % 2 === 0 ? 'first' : 'second'}-${i}`;
            const store = i % 2 === 0 ? leases : secondLeases;
            return store.acquire(name, holder, now, HOUR).then((held) => (held ? holder : undefined));
          });
          const winners = (await Promise.all(asks)).filter((holder) => holder !== undefined);
          const row = await database.db.kysely.selectFrom('leases').select('holder').where('name', '=', name).executeTakeFirstOrThrow();
          return { winners, holder: row.holder };
        }

        it('gives a lease nobody held to exactly one of them', async () => {
          for (let round = 0; round < 10; round++) {
            const { winners, holder } = await race(`fresh-${round}`, T0);
            assert.equal(winners.length, 1, `round ${round}: ${winners.join(', ')}`);
            assert.equal(holder, winners[0]);
          }
        });

        it('gives an expired lease to exactly one of them', async () => {
          for (let round = 0; round < 10; round++) {
            const name = `expired-${round}`;
            assert.equal(await leases.acquire(name, 'gone', T0, HOUR), true);
            const { winners, holder } = await race(name, T0 + HOUR);
            assert.equal(winners.length, 1, `round ${round}: ${winners.join(', ')}`);
            assert.equal(holder, winners[0]);
          }
        });
      });
    }
  });
}
