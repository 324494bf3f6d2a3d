import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAppError } from '../../src/errors.js';
import { createAuditService } from '../../src/services/audit.js';
import { RENDEZVOUS_KEY_SETTING, createRendezvousKeyService, generateRendezvousKey } from '../../src/services/rendezvous-key.js';
import { createSecretBox, loadSecretKey } from '../../src/services/secret-box.js';
import { openDatabase } from '../../src/store/db.js';
import { createStore, type Store } from '../../src/store/index.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';

const admin = { type: 'cli' as const, id: '', name: 'test', ip: '' };

/** The vector of spec/rustdesk-rendezvous.md §7: seed 01×32 and its public key. */
const VECTOR = {
  idEd25519: 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQGKiOPddAnxlf1S2y08ul1yymcJvx2UEhvzdIgBtA9vXA==',
  idEd25519Pub: 'iojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w=',
};

const invalid = (words: RegExp) => (error: unknown) => isAppError(error, 'rendezvous.invalid_key') && words.test(error.publicMessage);

for (const engine of await testEngines()) {
  describe(`the rendezvous key (${engine})`, () => {
    let t: TestApp;
    let keys: TestApp['services']['rendezvousKey'];
    before(async () => {
      t = await buildTestApp(engine);
      keys = t.services.rendezvousKey;
    });
    after(() => t.close());

    const records = async (action: string) => (await t.services.audit.list({ action }, { current: 1, pageSize: 50 })).data;

    it('is made on the first call, audited once, and the same key after (here and after a restart)', async () => {
      const first = await keys.ensure();
      assert.equal(first.seed.length, 32);
      assert.equal(first.publicKey.length, 32);
      assert.equal(first.publicKeyBase64, Buffer.from(first.publicKey).toString('base64'));
      assert.equal((await keys.ensure()).publicKeyBase64, first.publicKeyBase64);
      assert.equal(await keys.publicKey(), first.publicKeyBase64);
      const created = await records('rendezvous.key_create');
      assert.equal(created.length, 1);
      assert.deepEqual(created[0]?.detail, { public_key: first.publicKeyBase64 });

      // A restarted server (a new service on the same database) reads the same pair.
      const restarted = createRendezvousKeyService({
        store: t.store, clock: t.clock, audit: t.services.audit, secretBox: sameBox(t), publicBase: async (o) => o, rendezvousPort: 21116, relayHost: undefined,
      });
      const again = await restarted.ensure();
      assert.deepEqual(Buffer.from(again.seed), Buffer.from(first.seed));
      assert.equal((await records('rendezvous.key_create')).length, 1);
    });

    it('keeps the seed sealed in the database, never in clear', async () => {
      const key = await keys.ensure();
      const row = await t.store.db.kysely.selectFrom('settings').select('value').where('key', '=', RENDEZVOUS_KEY_SETTING).executeTakeFirstOrThrow();
      const seed = Buffer.from(key.seed);
      const secretKey = Buffer.concat([seed, Buffer.from(key.publicKey)]);
      for (const clear of [seed.toString('base64'), seed.toString('base64url'), seed.toString('hex'), secretKey.toString('base64'), secretKey.toString('base64url')]) {
        assert.ok(!row.value.includes(clear), 'the seed is in the row in clear');
      }
      const stored = JSON.parse(row.value) as { seed: string; public_key: string };
      assert.match(stored.seed, /^v1\./);
      assert.equal(stored.public_key, key.publicKeyBase64);
    });

    it('imports hbbs\'s files (the spec\'s vector) and exports them byte for byte', async () => {
      const before = await keys.publicKey();
      await assert.rejects(keys.importHbbs(admin, { ...VECTOR }), (error: unknown) =>
        isAppError(error, 'rendezvous.key_exists') && /breaks the Key setting of every RustDesk client/.test(error.publicMessage) && error.publicMessage.includes(before));
      assert.equal(await keys.publicKey(), before);

      const imported = await keys.importHbbs(admin, { idEd25519: `${VECTOR.idEd25519}\n`, idEd25519Pub: ` ${VECTOR.idEd25519Pub}\r\n`, force: true });
      assert.deepEqual(imported, { publicKeyBase64: VECTOR.idEd25519Pub, replaced: before, changed: true });
      assert.equal(await keys.publicKey(), VECTOR.idEd25519Pub);
      assert.deepEqual(Buffer.from((await keys.ensure()).seed), Buffer.alloc(32, 1));
      const [record] = await records('rendezvous.key_import');
      assert.deepEqual(record?.detail, { public_key: VECTOR.idEd25519Pub, replaced: before });
      assert.equal(record?.actor.name, 'test');

      assert.deepEqual(await keys.exportHbbs(admin), VECTOR);
      assert.equal((await records('rendezvous.key_export')).length, 1);

      // The same pair again changes nothing and needs no --force.
      assert.deepEqual(await keys.importHbbs(admin, { idEd25519: VECTOR.idEd25519 }), { publicKeyBase64: VECTOR.idEd25519Pub, replaced: undefined, changed: false });
      assert.equal((await records('rendezvous.key_import')).length, 1);
    });

    it('refuses malformed files with words that say what is wrong, and keeps its key', async () => {
      const kept = await keys.publicKey();
      const secret = Buffer.from(VECTOR.idEd25519, 'base64');
      const mismatched = Buffer.concat([secret.subarray(0, 32), Buffer.alloc(32, 2)]).toString('base64');
      const other = generateRendezvousKey().publicKeyBase64;
      const cases: [{ idEd25519: string; idEd25519Pub?: string }, RegExp][] = [
        [{ idEd25519: VECTOR.idEd25519Pub }, /holds 32 bytes, not the 64.*\.pub file/],
        [{ idEd25519: secret.subarray(0, 48).toString('base64') }, /holds 48 bytes/],
        [{ idEd25519: '' }, /holds 0 bytes/],
        [{ idEd25519: 'not base64 at all!' }, /not base64/],
        [{ idEd25519: `-${VECTOR.idEd25519.slice(1)}` }, /not base64/], // base64url is not hbbs's
        [{ idEd25519: VECTOR.idEd25519.replace('==', '') }, /not base64/],
        [{ idEd25519: mismatched }, /second half is not the public key of its first half/],
        [{ idEd25519: VECTOR.idEd25519, idEd25519Pub: other }, /does not belong to id_ed25519, whose public key is iojj3XQJ/],
        [{ idEd25519: VECTOR.idEd25519, idEd25519Pub: 'iojj3XQJ' }, /\.pub is not a public key/],
        [{ idEd25519: VECTOR.idEd25519, idEd25519Pub: VECTOR.idEd25519 }, /\.pub is not a public key/],
      ];
      for (const [input, words] of cases) {
        await assert.rejects(keys.importHbbs(admin, { ...input, force: true }), invalid(words), JSON.stringify(input));
      }
      assert.equal(await keys.publicKey(), kept);
    });

    it('names the client settings from the public URL and the ports', async () => {
      const service = (rendezvousPort: number, relayHost: string | undefined, publicUrl?: string) =>
        createRendezvousKeyService({
          store: t.store, clock: t.clock, audit: t.services.audit, secretBox: sameBox(t),
          publicBase: async (origin) => publicUrl ?? origin, rendezvousPort, relayHost,
        });
      const key = await keys.publicKey();
      assert.deepEqual(await service(21116, undefined).clientSettings('http://desk.example:21114'), {
        public_key: key, id_server: 'desk.example', relay_server: 'desk.example:21117', api_server: 'http://desk.example:21114',
      });
      assert.deepEqual(await service(31116, 'relay.example:443', 'https://desk.example.org/rustdesk').clientSettings('http://10.0.0.1:21114'), {
        public_key: key, id_server: 'desk.example.org:31116', relay_server: 'relay.example:443', api_server: 'https://desk.example.org/rustdesk',
      });
      assert.deepEqual((await service(21116, undefined).clientSettings('http://[::1]:21114')).id_server, '[::1]');
    });

    it('looks again after 5 seconds, so an import made elsewhere is used everywhere', async () => {
      const other = createRendezvousKeyService({
        store: t.store, clock: t.clock, audit: t.services.audit, secretBox: sameBox(t), publicBase: async (o) => o, rendezvousPort: 21116, relayHost: undefined,
      });
      const before = await keys.publicKey();
      assert.equal(await other.publicKey(), before);
      const fresh = generateRendezvousKey();
      const idEd25519 = Buffer.concat([fresh.seed, fresh.publicKey]).toString('base64');
      await keys.importHbbs(admin, { idEd25519, force: true });
      assert.equal(await keys.publicKey(), fresh.publicKeyBase64);
      assert.equal(await other.publicKey(), before);
      t.clock.advance(5_000);
      assert.equal(await other.publicKey(), fresh.publicKeyBase64);
    });
  });
}

/** The secret box the test app uses (its key file in the data directory, or the shared key). */
function sameBox(t: TestApp) {
  return createSecretBox(loadSecretKey({ secretKey: t.config.secretKey, dataDir: t.config.dataDir }));
}

describe('generated rendezvous keys', () => {
  it('never have "/" in their base64, and are valid pairs', () => {
    // Half the raw keys have a '/': 200 keys without one show the rule is applied.
    for (let i = 0; i < 200; i++) {
      const key = generateRendezvousKey();
      assert.ok(!key.publicKeyBase64.includes('/'), key.publicKeyBase64);
      assert.equal(key.publicKeyBase64.length, 44);
    }
  });
});

if ((await testEngines()).includes('postgres')) {
  describe('the rendezvous key on several instances starting together (postgres)', () => {
    let t: TestApp;
    const stores: Store[] = [];
    before(async () => {
      t = await buildTestApp('postgres');
      for (let i = 0; i < 4; i++) stores.push(createStore(openDatabase(t.database.location)));
    });
    after(async () => {
      for (const store of stores) await store.db.close();
      await t.close();
    });

    it('ends with one key that every instance uses, made and audited once', async () => {
      for (let round = 0; round < 5; round++) {
        await t.store.db.kysely.deleteFrom('settings').where('key', '=', RENDEZVOUS_KEY_SETTING).execute();
        const instances = stores.map((store) =>
          createRendezvousKeyService({
            store, clock: t.clock, audit: createAuditService({ store, clock: t.clock }), secretBox: sameBox(t),
            publicBase: async (o) => o, rendezvousPort: 21116, relayHost: undefined,
          }),
        );
        const keys = await Promise.all(instances.map((instance) => instance.ensure()));
        assert.equal(new Set(keys.map((key) => key.publicKeyBase64)).size, 1, `round ${round}`);
        assert.equal(new Set(keys.map((key) => Buffer.from(key.seed).toString('hex'))).size, 1);
      }
      assert.equal((await t.services.audit.list({ action: 'rendezvous.key_create' }, { current: 1, pageSize: 50 })).total, 5);
    });
  });
}
