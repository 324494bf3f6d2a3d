import { sql, SqliteAdapter, type Kysely } from 'kysely';

/**
 * PostgreSQL tells every deskgate instance of a change that alters what a token check answers,
 * through `pg_notify` on the channel `deskgate_token_changes` (store/change-notices.ts listens):
 *
 * - `t:<token_hash>` when an access token's `revoked_at` or `expires_at` changes, or it is deleted
 *   unrevoked (the last-used time, written in batches all day long, tells nobody anything, and
 *   no instance keeps a revoked token, so purging them says nothing either);
 * - `u:<user id>` when a user is updated in any way (status, rights, name … all reach a token
 *   check's answer) or deleted.
 *
 * Triggers, not the services, send them, so every way of writing is covered: the services, the
 * command line, an administrator's SQL. A notice is delivered when its transaction commits, and
 * never if it rolls back. SQLite has no such thing: there a token check trusts its memory for a
 * few seconds only (services/access-tokens.ts).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) return;
  await sql`
    create function deskgate_token_change_notice() returns trigger language plpgsql as $$
    begin
      if tg_table_name = 'access_tokens' then
        perform pg_notify('deskgate_token_changes', 't:' || old.token_hash);
      else
        perform pg_notify('deskgate_token_changes', 'u:' || old.id);
      end if;
      return null;
    end
    $$`.execute(db);
  await sql`
    create trigger access_tokens_change_notice after update on access_tokens for each row
    when (old.revoked_at is distinct from new.revoked_at or old.expires_at is distinct from new.expires_at
      or old.token_hash is distinct from new.token_hash)
    execute function deskgate_token_change_notice()`.execute(db);
  await sql`
    create trigger access_tokens_delete_notice after delete on access_tokens for each row
    when (old.revoked_at is null)
    execute function deskgate_token_change_notice()`.execute(db);
  await sql`
    create trigger users_change_notice after update on users for each row
    when (old.* is distinct from new.*)
    execute function deskgate_token_change_notice()`.execute(db);
  await sql`
    create trigger users_delete_notice after delete on users for each row
    execute function deskgate_token_change_notice()`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('deskgate migrations are forward-only');
}
