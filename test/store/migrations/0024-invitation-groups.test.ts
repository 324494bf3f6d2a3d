import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Kysely } from 'kysely';
import { type Db } from '../../../src/store/db.js';
import type { Database } from '../../../src/store/schema.js';
import { createMailLinkStore } from '../../../src/store/mail-links.js';
import { testEngines } from '../../support/databases.js';
import { previousSchema } from '../../support/migrations.js';

const T0 = Date.UTC(2026, 0, 1);
const THIS = '0024-invitation-groups';

/** Rows as the schema before this migration stores them. */
const invitation = (id: string, email: string) => ({
  id, email, email_key: email, name: '', token_hash: `hash-${id}`, invited_by: 'root', created_at: T0, sent_at: T0, expires_at: T0 + 72 * 3_600_000,
});
const group = (id: string, name: string) => ({ id, name, name_key: name.toLowerCase(), note: '', created_at: T0, updated_at: T0 });

for (const engine of await testEngines()) {
  describe(`migration ${THIS} (${engine})`, () => {
    let db: Db;
    let drop: () => Promise<void>;
    let k: Kysely<Database>;

    before(async () => {
      ({ db, drop } = await previousSchema(engine, THIS));
      k = db.kysely;
      const old = k as unknown as Kysely<{ invitations: ReturnType<typeof invitation>; user_groups: ReturnType<typeof group> }>;
      await old.insertInto('invitations').values([invitation('i1', 'ann@example.test'), invitation('i2', 'bob@example.test')]).execute();
      await old.insertInto('user_groups').values([group('g1', 'Ops'), group('g2', 'Lab')]).execute();
      const applied = await db.migrate();
      assert.ok(applied.includes(THIS), `applied: ${applied.join(', ')}`);
    });
    after(() => drop());

    it('keeps invitations sent before as they said: a plain user, no groups of their own (the Default group)', async () => {
      const links = createMailLinkStore(k);
      const listed = await links.listInvitations();
      assert.deepEqual(listed.map((i) => [i.id, i.email, i.token_hash, i.is_admin]).sort(), [
        ['i1', 'ann@example.test', 'hash-i1', false],
        ['i2', 'bob@example.test', 'hash-i2', false],
      ]);
      assert.equal((await links.groupsOfInvitations(['i1', 'i2'])).size, 0);
    });

    it('keeps a new invitation’s groups, which go with the group and with the invitation', async () => {
      const links = createMailLinkStore(k);
      const fresh = { ...invitation('i3', 'cy@example.test'), is_admin: true };
      assert.equal(await links.insertInvitation(fresh, ['g1', 'g2']), true);
      assert.deepEqual((await links.findInvitation('i3'))?.is_admin, true);
      assert.deepEqual((await links.groupsOfInvitations(['i3'])).get('i3'), [
        { id: 'g2', name: 'Lab' },
        { id: 'g1', name: 'Ops' },
      ]);
      await k.deleteFrom('user_groups').where('id', '=', 'g2').execute();
      assert.deepEqual((await links.groupsOfInvitations(['i3'])).get('i3'), [{ id: 'g1', name: 'Ops' }]);
      assert.ok(await links.takeInvitation('hash-i3', T0));
      assert.deepEqual(await k.selectFrom('invitation_groups').selectAll().execute(), []);
    });
  });
}
