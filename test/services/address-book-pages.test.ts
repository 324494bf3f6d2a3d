import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp, type App } from '../../src/app.js';
import { systemActor } from '../../src/services/audit.js';
import { openDatabase } from '../../src/store/db.js';
import { buildTestApp, testPasswords, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { createUser } from '../support/fixtures.js';

/**
 * A book's pages are kept in memory per revision of the book (services/address-books.ts): a
 * client's pull reads them again only after a change, made on this instance or another.
 */
for (const engine of await testEngines()) {
  describe(`pages of an address book kept between changes (${engine})`, () => {
    let t: TestApp;
    let other: App;
    let reads = 0;
    let guid = '';
    let viewer = { user_id: '', is_admin: true };
    const page = { current: 1, pageSize: 100 };

    before(async () => {
      t = await buildTestApp(engine);
      other = await buildApp(t.config, { clock: t.clock, passwords: testPasswords, db: openDatabase(t.database.location) });
      const { listPeers } = other.store.addressBooks;
      other.store.addressBooks.listPeers = (...args) => {
        reads++;
        return listPeers(...args);
      };
      const admin = await createUser(t, { name: 'root', is_admin: true });
      viewer = { user_id: admin.id, is_admin: true };
      guid = (await t.services.addressBooks.createShared(systemActor, viewer, { name: 'Team' })).guid;
      await t.services.addressBooks.addPeer(viewer, guid, { id: '123456789', fields: { alias: 'first', password: 'pw-1' } });
    });
    after(async () => {
      await other.close();
      await t.close();
    });

    const peersOnOther = async () => (await other.services.addressBooks.peers(viewer, guid, page)).data;

    it('reads a page once while the book does not change', async () => {
      assert.equal((await peersOnOther())[0]?.alias, 'first');
      const before = reads;
      assert.equal((await peersOnOther())[0]?.password, 'pw-1');
      assert.equal(reads, before);
    });

    it('shows at once a peer changed, added or deleted, a tag renamed, on another instance', async () => {
      await t.services.addressBooks.updatePeer(viewer, guid, { id: '123456789', fields: { alias: 'second', password: 'pw-2', tags: [] } });
      assert.deepEqual((await peersOnOther()).map((p) => [p.alias, p.password]), [['second', 'pw-2']]);
      await t.services.addressBooks.addTag(viewer, guid, { name: 'lab', color: 4280391411 });
      await t.services.addressBooks.addPeer(viewer, guid, { id: '223456789', fields: { tags: ['lab'] } });
      assert.deepEqual((await peersOnOther()).map((p) => p.id), ['123456789', '223456789']);
      await t.services.addressBooks.renameTag(viewer, guid, { from: 'lab', to: 'office' });
      assert.deepEqual((await peersOnOther())[1]?.tags, ['office']);
      await t.services.addressBooks.deletePeers(viewer, guid, ['123456789']);
      assert.deepEqual((await peersOnOther()).map((p) => p.id), ['223456789']);
    });
  });
}
