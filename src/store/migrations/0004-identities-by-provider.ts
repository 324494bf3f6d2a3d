import { randomBytes } from 'node:crypto';
import { SqliteAdapter, sql, type Kysely } from 'kysely';

/**
 * Identities were unique by (issuer, subject), and an `oauth2` provider's issuer is free text:
 * another provider claiming the same issuer reached the same people. They are now unique by
 * (provider_id, subject): a link is only ever reached through the provider that made it
 * (DESIGN.md "Sign-in design"). Every row stays, with one exception: two links of one provider
 * with one subject (made under two issuers, when the provider's issuer was changed) cannot both
 * stay; the one used last is kept, and the other is removed with a console audit record naming it.
 */

interface IdentityRow {
  id: string;
  user_id: string;
  provider_id: string;
  issuer: string;
  subject: string;
  email: string;
  created_at: number;
  last_sign_in_at: number;
}

interface Tables {
  user_identities: IdentityRow;
  users: { id: string; name: string };
  console_audit: {
    id: string;
    created_at: number;
    actor_type: string;
    actor_id: string;
    actor_name: string;
    action: string;
    target_type: string;
    target_id: string;
    target_name: string;
    detail: string;
    ip: string;
  };
}

/** Removes all but the last used link of each (provider_id, subject), recording each removal. */
async function keepOneLinkPerSubject(k: Kysely<Tables>): Promise<void> {
  const rows = await k
    .selectFrom('user_identities as i')
    .leftJoin('users as u', 'u.id', 'i.user_id')
    .select(['i.id', 'i.user_id', 'i.provider_id', 'i.issuer', 'i.subject', 'u.name as user_name'])
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('user_identities as o')
          .select('o.id')
          .whereRef('o.provider_id', '=', 'i.provider_id')
          .whereRef('o.subject', '=', 'i.subject')
          .whereRef('o.id', '<>', 'i.id'),
      ),
    )
    .orderBy('i.provider_id')
    .orderBy('i.subject')
    .orderBy('i.last_sign_in_at', 'desc')
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id', 'desc')
    .execute();
  const now = Date.now();
  let sequence = 0;
  let kept: (typeof rows)[number] | undefined;
  for (const row of rows) {
    if (!kept || kept.provider_id !== row.provider_id || kept.subject !== row.subject) {
      kept = row;
      continue;
    }
    await k.deleteFrom('user_identities').where('id', '=', row.id).execute();
    // The audit log's time-ordered id (services/secrets.ts newTimeOrderedId).
    const id = `${now.toString(16).padStart(12, '0')}-${(++sequence).toString(16).padStart(6, '0')}-${randomBytes(6).toString('hex')}`;
    await k
      .insertInto('console_audit')
      .values({
        id,
        created_at: now,
        actor_type: 'system',
        actor_id: '',
        actor_name: 'deskgate',
        action: 'identity.unlink',
        target_type: 'user',
        target_id: row.user_id,
        target_name: row.user_name ?? '',
        detail: JSON.stringify({
          identity: row.id,
          provider_id: row.provider_id,
          issuer: row.issuer,
          subject: row.subject,
          kept: kept.id,
          reason: 'two links of one provider had this subject; the one used last is kept',
        }),
        ip: '',
      })
      .execute();
  }
}

/** SQLite cannot drop a constraint made with its table: the table is made again, rows copied. */
async function rebuildOnSqlite(k: Kysely<Tables>): Promise<void> {
  await k.schema
    .createTable('user_identities_by_provider')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('issuer', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_sign_in_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('user_identities_provider_subject', ['provider_id', 'subject'])
    .execute();
  await sql`insert into user_identities_by_provider (id, user_id, provider_id, issuer, subject, email, created_at, last_sign_in_at)
    select id, user_id, provider_id, issuer, subject, email, created_at, last_sign_in_at from user_identities`.execute(k);
  await k.schema.dropTable('user_identities').execute();
  await k.schema.alterTable('user_identities_by_provider').renameTo('user_identities').execute();
  await k.schema.createIndex('user_identities_user').on('user_identities').column('user_id').execute();
}

export async function up(db: Kysely<unknown>): Promise<void> {
  const k = db as unknown as Kysely<Tables>;
  if (k.getExecutor().adapter instanceof SqliteAdapter) {
    // Kysely runs SQLite migrations outside a transaction (no transactional DDL there): all or nothing here.
    await k.transaction().execute(async (trx) => {
      await keepOneLinkPerSubject(trx);
      await rebuildOnSqlite(trx);
    });
    return;
  }
  // PostgreSQL: inside the migration's transaction.
  await keepOneLinkPerSubject(k);
  await k.schema.alterTable('user_identities').dropConstraint('user_identities_issuer_subject').execute();
  await k.schema.alterTable('user_identities').addUniqueConstraint('user_identities_provider_subject', ['provider_id', 'subject']).execute();
}

export async function down(): Promise<void> {
  throw new Error('deskgate migrations are forward-only');
}
