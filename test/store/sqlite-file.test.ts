import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import { CHECKPOINT_EVERY_MS, openDatabase, type Db } from '../../src/store/db.js';

/**
 * The keys in `settings` as the database file alone has them, without its write-ahead log; none
 * while the file does not even have the table yet.
 */
function settingsInFileAlone(file: string, dir: string): string[] {
  const copy = path.join(dir, `copy-${Date.now()}-${Math.random()}.db`);
  copyFileSync(file, copy);
  const reader = new SQLite(copy, { readonly: true });
  try {
    const table = reader.prepare("select 1 from sqlite_master where type = 'table' and name = 'settings'").get();
    if (!table) return [];
    return (reader.prepare('select key from settings order by key').all() as { key: string }[]).map((row) => row.key);
  } finally {
    reader.close();
  }
}

describe('SQLite database file', () => {
  let dir: string;
  let file: string;
  let db: Db;

  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'deskgate-sqlite-'));
    file = path.join(dir, 'deskgate.db');
    db = openDatabase({ sqliteFile: file });
    await db.migrate();
  });
  after(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds a change within seconds, not only its write-ahead log (a copy of the file alone has it)', async () => {
    // One small write: far below the 1000 log pages after which SQLite would copy it by itself.
    await db.kysely.insertInto('settings').values({ key: 'checkpoint_probe', value: '"x"', updated_at: 1 }).execute();
    let keys: string[] = [];
    for (let waited = 0; waited <= 5 * CHECKPOINT_EVERY_MS; waited += 100) {
      keys = settingsInFileAlone(file, dir);
      if (keys.includes('checkpoint_probe')) break;
      await sleep(100);
    }
    assert.ok(keys.includes('checkpoint_probe'), `the file alone has only ${keys.join(', ') || 'no settings'}`);
  });

  it('does not copy the log while a transaction is open, and the transaction still commits', async () => {
    await db.kysely.transaction().execute(async (trx) => {
      await trx.insertInto('settings').values({ key: 'in_transaction', value: '"y"', updated_at: 1 }).execute();
      // Two checkpoint ticks pass inside the transaction.
      await sleep(2 * CHECKPOINT_EVERY_MS + 100);
      await trx.insertInto('settings').values({ key: 'in_transaction_2', value: '"z"', updated_at: 1 }).execute();
    });
    const rows = await db.kysely.selectFrom('settings').select('key').where('key', 'like', 'in_transaction%').execute();
    assert.deepEqual(rows.map((row) => row.key).sort(), ['in_transaction', 'in_transaction_2']);
  });
});
