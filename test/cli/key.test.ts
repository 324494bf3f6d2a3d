import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateRendezvousKey } from '../../src/services/rendezvous-key.js';
import { testEngines } from '../support/databases.js';
import { cliBed, type CliBed } from './cli-harness.js';

/** The vector of spec/rustdesk-rendezvous.md §7 (seed 01×32). */
const ID_ED25519 = 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQGKiOPddAnxlf1S2y08ul1yymcJvx2UEhvzdIgBtA9vXA==';
const PUBLIC = 'iojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w=';

for (const engine of await testEngines()) {
  describe(`deskgate key (${engine})`, () => {
    let bed: CliBed;
    let hbbs: string;

    before(async () => {
      bed = await cliBed(engine);
      // An hbbs working directory, as stock writes it (no newline).
      hbbs = path.join(bed.dataDir, 'hbbs');
      mkdirSync(hbbs);
      writeFileSync(path.join(hbbs, 'id_ed25519'), ID_ED25519);
      writeFileSync(path.join(hbbs, 'id_ed25519.pub'), PUBLIC);
    });
    after(() => bed.close());

    it('shows the public key, the same on every call and as the server sees it', async () => {
      const shown = await bed.run(['key', 'show']);
      assert.equal(shown.code, 0, shown.err);
      assert.match(shown.out, /^[A-Za-z0-9+]{43}=\n$/);
      assert.equal((await bed.run(['key', 'show'])).out, shown.out);
      assert.equal(`${await (await bed.core()).services.rendezvousKey.publicKey()}\n`, shown.out);
    });

    it('refuses to replace the key without --force, saying it breaks every client\'s Key', async () => {
      const before = (await bed.run(['key', 'show'])).out;
      const refused = await bed.run(['key', 'import', 'hbbs/id_ed25519']);
      assert.equal(refused.code, 1);
      assert.match(refused.err, /already has a different key .*breaks the Key setting of every RustDesk client .*--force/);
      assert.equal((await bed.run(['key', 'show'])).out, before);
    });

    it('imports hbbs\'s files with --force, and prints the Key clients keep', async () => {
      const before = (await bed.run(['key', 'show'])).out.trimEnd();
      const imported = await bed.run(['key', 'import', 'hbbs/id_ed25519', '--force']);
      assert.equal(imported.code, 0, imported.err);
      assert.match(imported.out, new RegExp(`the Key for RustDesk clients is ${PUBLIC.replaceAll('+', '\\+')}`));
      assert.ok(imported.out.includes(`It replaces ${before}`));
      assert.equal((await bed.run(['key', 'show'])).out, `${PUBLIC}\n`);
      const again = await bed.run(['key', 'import', path.join(hbbs, 'id_ed25519')]);
      assert.equal(again.code, 0, again.err);
      assert.equal(again.out, `deskgate already has this key: ${PUBLIC}\n`);
    });

    it('refuses a .pub that does not match, a missing file and a damaged one, and keeps the key', async () => {
      const other = path.join(bed.dataDir, 'other');
      mkdirSync(other);
      writeFileSync(path.join(other, 'id_ed25519'), ID_ED25519);
      writeFileSync(path.join(other, 'id_ed25519.pub'), generateRendezvousKey().publicKeyBase64);
      const mismatched = await bed.run(['key', 'import', 'other/id_ed25519', '--force']);
      assert.equal(mismatched.code, 1);
      assert.match(mismatched.err, /id_ed25519\.pub \(.*\) does not belong to id_ed25519/);

      const missing = await bed.run(['key', 'import', 'nowhere/id_ed25519']);
      assert.equal(missing.code, 1);
      assert.match(missing.err, /cannot read .*nowhere\/id_ed25519: no such file/);

      writeFileSync(path.join(other, 'damaged'), ID_ED25519.slice(0, 40));
      const damaged = await bed.run(['key', 'import', 'other/damaged', '--force']);
      assert.equal(damaged.code, 1);
      assert.match(damaged.err, /not base64|holds \d+ bytes/);
      assert.equal((await bed.run(['key', 'show'])).out, `${PUBLIC}\n`);
    });

    it('exports hbbs\'s two files byte for byte, the secret one 0600, and will not overwrite them unasked', async () => {
      const backup = path.join(bed.dataDir, 'backup');
      mkdirSync(backup);
      const exported = await bed.run(['key', 'export', 'backup']);
      assert.equal(exported.code, 0, exported.err);
      assert.equal(readFileSync(path.join(backup, 'id_ed25519'), 'utf8'), ID_ED25519);
      assert.equal(readFileSync(path.join(backup, 'id_ed25519.pub'), 'utf8'), PUBLIC);
      assert.equal(statSync(path.join(backup, 'id_ed25519')).mode & 0o777, 0o600);

      writeFileSync(path.join(backup, 'id_ed25519'), 'something else', { mode: 0o644 });
      const refused = await bed.run(['key', 'export', 'backup']);
      assert.equal(refused.code, 1);
      assert.match(refused.err, /backup\/id_ed25519 already exists; use --force/);
      assert.equal(readFileSync(path.join(backup, 'id_ed25519'), 'utf8'), 'something else');

      const forced = await bed.run(['key', 'export', 'backup', '--force']);
      assert.equal(forced.code, 0, forced.err);
      assert.equal(readFileSync(path.join(backup, 'id_ed25519'), 'utf8'), ID_ED25519);
      assert.equal(statSync(path.join(backup, 'id_ed25519')).mode & 0o777, 0o600);

      // Into the current directory by default; and what it wrote imports back.
      const here = await bed.run(['key', 'export']);
      assert.equal(here.code, 0, here.err);
      assert.equal(readFileSync(path.join(bed.dataDir, 'id_ed25519'), 'utf8'), ID_ED25519);
      assert.equal((await bed.run(['key', 'import', 'id_ed25519'])).out, `deskgate already has this key: ${PUBLIC}\n`);

      const audit = await (await bed.core()).services.audit.list({ action: 'rendezvous.key_export' }, { current: 1, pageSize: 10 });
      assert.equal(audit.total, 3);
      assert.match(audit.data[0]?.actor.name ?? '', /^cli/);
    });

    it('refuses to run with another secret key, naming the setting, and leaves the key as it was', async () => {
      const refused = await bed.run(['key', 'export', 'elsewhere'], { env: { DESKGATE_SECRET_KEY: 'another-secret-key-another-secret-key' } });
      assert.equal(refused.code, 1);
      assert.match(refused.err, /^deskgate: A stored secret cannot be opened: the secret key \(DESKGATE_SECRET_KEY, or secret\.key in the data directory\) is not the one it was sealed with/);
      assert.equal((await bed.run(['key', 'show'])).out, `${PUBLIC}\n`);
    });

    it('makes a new key pair only with --force, saying which Key it replaces', async () => {
      const refused = await bed.run(['key', 'new']);
      assert.equal(refused.code, 1);
      assert.match(refused.err, /already has a different key .*breaks the Key setting of every RustDesk client .*--force/);
      assert.equal((await bed.run(['key', 'show'])).out, `${PUBLIC}\n`);

      const made = await bed.run(['key', 'new', '--force']);
      assert.equal(made.code, 0, made.err);
      const fresh = /the Key for RustDesk clients is ([A-Za-z0-9+/]{43}=)/.exec(made.out)?.[1];
      assert.ok(fresh && fresh !== PUBLIC, made.out);
      assert.ok(made.out.includes(`It replaces ${PUBLIC}: every client configured with that Key must be given the new one.`));
      assert.equal((await bed.run(['key', 'show'])).out, `${fresh}\n`);
      const audit = await (await bed.core()).services.audit.list({ action: 'rendezvous.key_new' }, { current: 1, pageSize: 10 });
      assert.equal(audit.total, 1);
      // Put back as the other tests found it.
      assert.equal((await bed.run(['key', 'import', 'hbbs/id_ed25519', '--force'])).code, 0);
    });

    it('after the secret key is lost, takes the backup of its own key back without --force, and another key only with it', async () => {
      const lost = { DESKGATE_SECRET_KEY: 'a-new-secret-key-after-the-old-was-lost' };
      const other = path.join(bed.dataDir, 'another');
      mkdirSync(other);
      const another = generateRendezvousKey();
      writeFileSync(path.join(other, 'id_ed25519'), Buffer.concat([another.seed, another.publicKey]).toString('base64'));
      const refused = await bed.run(['key', 'import', 'another/id_ed25519'], { env: lost });
      assert.equal(refused.code, 1);
      assert.match(refused.err, /cannot be opened with this secret key .* and .* is another key: restore the secret key, import the backup of .*--force/);

      const restored = await bed.run(['key', 'import', 'hbbs/id_ed25519'], { env: lost });
      assert.equal(restored.code, 0, restored.err);
      assert.match(restored.out, /the Key for RustDesk clients is /);
      assert.ok(!restored.out.includes('It replaces'));
      // Sealed again under the new secret key: it opens with that one, and the Key is unchanged.
      assert.equal((await bed.run(['key', 'show'], { env: lost })).out, `${PUBLIC}\n`);
      mkdirSync(path.join(bed.dataDir, 'again'));
      assert.equal((await bed.run(['key', 'export', 'again'], { env: lost })).code, 0);
      assert.equal(readFileSync(path.join(bed.dataDir, 'again', 'id_ed25519'), 'utf8'), ID_ED25519);

      // With the original secret key lost in turn and no backup, --force replaces the key it cannot open.
      const forced = await bed.run(['key', 'import', 'another/id_ed25519', '--force'], { env: { DESKGATE_SECRET_KEY: 'yet-another-secret-key-yet-another-key' } });
      assert.equal(forced.code, 0, forced.err);
      assert.ok(forced.out.includes(`It replaces ${PUBLIC}`));
      assert.equal((await bed.run(['key', 'show'], { env: { DESKGATE_SECRET_KEY: 'yet-another-secret-key-yet-another-key' } })).out, `${another.publicKeyBase64}\n`);
      // Put back as the other tests found it.
      assert.equal((await bed.run(['key', 'import', 'hbbs/id_ed25519', '--force'])).code, 0);
      assert.equal((await bed.run(['key', 'show'])).out, `${PUBLIC}\n`);
    });
  });
}
