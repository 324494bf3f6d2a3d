import { sql } from 'kysely';
import type { TestApp } from './app.js';

/**
 * Makes every console audit insert fail (a full disk, a lost connection) until turned off: a
 * change and its audit record must commit together or not at all (CONTRIBUTING.md).
 */
export async function refuseAudit(t: TestApp, refuse: boolean): Promise<void> {
  const k = t.store.db.kysely;
  if (t.store.db.engine === 'sqlite') {
    await sql
      .raw(refuse ? `create trigger refuse_audit before insert on console_audit begin select raise(abort, 'audit refused'); end` : 'drop trigger if exists refuse_audit')
      .execute(k);
    return;
  }
  if (refuse) {
    await sql`create or replace function refuse_audit() returns trigger language plpgsql as $$ begin raise exception 'audit refused'; end $$`.execute(k);
    await sql`create trigger refuse_audit before insert on console_audit for each row execute function refuse_audit()`.execute(k);
  } else {
    await sql`drop trigger if exists refuse_audit on console_audit`.execute(k);
  }
}
