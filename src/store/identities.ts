import { sql, type CompiledQuery, type Kysely } from 'kysely';
import { engineOf, inTransaction } from './db.js';
import { columnsOf, precompile, writeAll } from './precompiled.js';
import type { ConsoleAuditStore } from './console-audit.js';
import type { StoredProvider } from '../domain/auth-provider.js';
import { providerRowPatch } from './auth-providers.js';
import type { AuditRecord } from '../domain/audit-record.js';
import type { Database, UserIdentityRow } from './schema.js';
import type { User } from '../domain/user.js';
import { toUser, type UserStore } from './users.js';

const COLUMNS = columnsOf<UserIdentityRow>({
  id: true, user_id: true, provider_id: true, issuer: true, subject: true, email: true, created_at: true, last_sign_in_at: true,
  tenant_id: true, object_id: true, refresh_token: true, revalidated_at: true,
});

/** A person's first single sign-on: their user, membership, link and audit records, all or nothing. */
export interface Registration {
  user: User;
  groupId: string;
  identity: UserIdentityRow;
  audit: AuditRecord[];
}

/** How a provider names a person: its subject, and for Entra the tenant and object id too. */
export interface IdentityKey {
  subject: string;
  tenantId?: string | undefined;
  objectId?: string | undefined;
}

/** A returning person's link and user. */
export interface LinkedUser {
  identityId: string;
  issuer: string;
  subject: string;
  tenantId: string;
  objectId: string;
  user: User;
}

type Executor = Kysely<Database>;

/** Users with at least one link: those single sign-on created, for the "maximum number of authorized users" cap. */
async function countLinked(executor: Executor): Promise<number> {
  const row = await executor
    .selectFrom('user_identities')
    .select((eb) => eb.fn.count<number | string>('user_id').distinct().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Links between users and provider identities, keyed by (provider, subject): an identity is only
 * ever reached through the provider that vouched for it (DESIGN.md "Sign-in design").
 */
export function createIdentityStore(db: Kysely<Database>, stores: { users: UserStore; consoleAudit: ConsoleAuditStore }) {
  const sqlite = engineOf(db) === 'sqlite';
  const insert = precompile(db, (row: UserIdentityRow) => db.insertInto('user_identities').values(row), COLUMNS);
  // Every returning sign-in: the link and its user in one query.
  const linkedColumns = [
    'i.id as identity_id',
    'i.issuer as identity_issuer',
    'i.subject as identity_subject',
    'i.tenant_id as identity_tenant_id',
    'i.object_id as identity_object_id',
  ] as const;
  const linkedUser = precompile(db, (p: { provider_id: string; subject: string }) =>
    db
      .selectFrom('user_identities as i')
      .innerJoin('users as u', 'u.id', 'i.user_id')
      .selectAll('u')
      .select(linkedColumns)
      .where('i.provider_id', '=', p.provider_id)
      .where('i.subject', '=', p.subject),
  );
  // Entra: by (tenant, object id) or by subject, the (tenant, object id) match first. Each side
  // of the OR names the provider, so each can use its own index.
  const linkedUserByObject = precompile(db, (p: { provider_id: string; subject: string; tenant_id: string; object_id: string }) =>
    db
      .selectFrom('user_identities as i')
      .innerJoin('users as u', 'u.id', 'i.user_id')
      .selectAll('u')
      .select(linkedColumns)
      .where((eb) =>
        eb.or([
          eb.and([eb('i.provider_id', '=', p.provider_id), eb('i.tenant_id', '=', p.tenant_id), eb('i.object_id', '=', p.object_id)]),
          eb.and([eb('i.provider_id', '=', p.provider_id), eb('i.subject', '=', p.subject)]),
        ]),
      )
      .orderBy(sql`case when i.tenant_id = ${p.tenant_id} and i.object_id = ${p.object_id} then 0 else 1 end`)
      .orderBy('i.created_at'),
  );
  // The key an Entra link is found by: its tenant and object id filled in (a link made before
  // they were kept), or its subject replaced (a new app registration's pairwise `sub`). Never
  // onto a subject another link of the provider holds: the unique index would refuse it.
  const rekey = precompile(db, (p: { id: string; provider_id: string; subject: string; tenant_id: string; object_id: string }) =>
    db
      .updateTable('user_identities')
      .set({ subject: p.subject, tenant_id: p.tenant_id, object_id: p.object_id })
      .where('id', '=', p.id)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('user_identities as other')
              .select('other.id')
              .where('other.provider_id', '=', p.provider_id)
              .where('other.subject', '=', p.subject)
              .where('other.id', '<>', p.id),
          ),
        ),
      ),
  );
  const touch = precompile(db, (p: { id: string; at: number; email: string }) =>
    db.updateTable('user_identities').set({ last_sign_in_at: p.at, email: p.email }).where('id', '=', p.id),
  );
  const addMember = precompile(db, (p: { group_id: string; user_id: string }) =>
    db.insertInto('user_group_members').values({ group_id: p.group_id, user_id: p.user_id }),
  );

  /**
   * Writes only while fewer than `cap` users are linked, deciding inside the writing transaction
   * (DESIGN.md "Safety rules"): concurrent first sign-ins, on any instance, cannot pass the cap.
   */
  async function writeUnderCap(writes: readonly CompiledQuery[], cap: number): Promise<boolean> {
    if (!sqlite || db.isTransaction) {
      // Inside a transaction already (SQLite): its connection is this process's only one, and a
      // transaction that read before another process wrote cannot write after it
      // (SQLITE_BUSY_SNAPSHOT), so the count still decides.
      return inTransaction(db, async (trx) => {
        // Under READ COMMITTED two transactions would each count before either inserted. This
        // lock conflicts with itself and with every insert of a link, so the count is current.
        if (!sqlite) await sql`lock table user_identities in share row exclusive mode`.execute(trx);
        if ((await countLinked(trx)) >= cap) return false;
        for (const query of writes) await trx.executeQuery(query);
        return true;
      });
    }
    return db.connection().execute(async (connection) => {
      // One connection serves this process; BEGIN IMMEDIATE also keeps other processes from
      // writing between the count and the inserts (a deferred BEGIN would take the lock later).
      await sql`begin immediate`.execute(connection);
      try {
        const room = (await countLinked(connection)) < cap;
        if (room) for (const query of writes) await connection.executeQuery(query);
        await sql.raw(room ? 'commit' : 'rollback').execute(connection);
        return room;
      } catch (error) {
        // The statement's own error is the one to report, not a failed rollback's.
        await sql`rollback`.execute(connection).catch(() => undefined);
        throw error;
      }
    });
  }

  /**
   * The user a provider's identity is linked to, with the link's id, the issuer it was made
   * under and the key it is stored with. By subject; for Entra (an `objectId` given), by tenant
   * and object id first, else by subject (a link made before they were kept).
   */
  async function findLinked(providerId: string, key: IdentityKey): Promise<LinkedUser | undefined> {
    const row = key.objectId
      ? await linkedUserByObject.first({ provider_id: providerId, subject: key.subject, tenant_id: key.tenantId ?? '', object_id: key.objectId })
      : await linkedUser.first({ provider_id: providerId, subject: key.subject });
    if (!row) return undefined;
    const { identity_id, identity_issuer, identity_subject, identity_tenant_id, identity_object_id, ...user } = row;
    return {
      identityId: identity_id,
      issuer: identity_issuer,
      subject: identity_subject,
      tenantId: identity_tenant_id,
      objectId: identity_object_id,
      user: toUser(user),
    };
  }

  return {
    /** A link by the issuer it was made under (for tests and diagnostics; sign-ins go by provider). */
    async find(issuer: string, subject: string): Promise<UserIdentityRow | undefined> {
      return db
        .selectFrom('user_identities')
        .selectAll()
        .where('issuer', '=', issuer)
        .where('subject', '=', subject)
        .executeTakeFirst();
    },
    async findByProvider(providerId: string, subject: string): Promise<UserIdentityRow | undefined> {
      return db
        .selectFrom('user_identities')
        .selectAll()
        .where('provider_id', '=', providerId)
        .where('subject', '=', subject)
        .executeTakeFirst();
    },
    findLinked,
    /** The user a provider's subject is linked to (back-channel logout names only `sub`). */
    async findLinkedUser(providerId: string, subject: string): Promise<LinkedUser | undefined> {
      return findLinked(providerId, { subject });
    },
    /** A provider's link of an identity, found as `findLinked` finds it. */
    async findByKey(providerId: string, key: IdentityKey): Promise<UserIdentityRow | undefined> {
      let query = db.selectFrom('user_identities').selectAll().where('provider_id', '=', providerId);
      query = key.objectId
        ? query
            .where((eb) => eb.or([eb.and([eb('tenant_id', '=', key.tenantId ?? ''), eb('object_id', '=', key.objectId ?? '')]), eb('subject', '=', key.subject)]))
            .orderBy(sql`case when tenant_id = ${key.tenantId ?? ''} and object_id = ${key.objectId} then 0 else 1 end`)
            .orderBy('created_at')
        : query.where('subject', '=', key.subject);
      return query.executeTakeFirst();
    },
    /**
     * Stores a link's Entra key (tenant and object id) and subject; false when another link of
     * the provider holds that subject (nothing changes then).
     */
    async rekey(id: string, providerId: string, key: Required<IdentityKey>): Promise<boolean> {
      return (await rekey.run({ id, provider_id: providerId, subject: key.subject, tenant_id: key.tenantId, object_id: key.objectId })) > 0;
    },
    async listForUser(userId: string): Promise<UserIdentityRow[]> {
      return db.selectFrom('user_identities').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
    },
    /**
     * Writes a registration in one transaction; a unique index refusing it rolls it all back.
     * With a `cap` above 0, writes nothing and answers false when that many users are linked.
     */
    async register(registration: Registration, cap = 0): Promise<boolean> {
      const writes = [
        stores.users.insertQuery(registration.user),
        addMember.bind({ group_id: registration.groupId, user_id: registration.user.id }),
        insert.bind(registration.identity),
        ...registration.audit.map((row) => stores.consoleAudit.insertQuery(row)),
      ];
      if (cap > 0) return writeUnderCap(writes, cap);
      await writeAll(db, writes);
      return true;
    },
    /** Links an identity to an existing user; the unique (provider, subject) index refuses a second link. */
    async insert(row: UserIdentityRow): Promise<void> {
      await insert.run(row);
    },
    async touch(id: string, at: number, email: string): Promise<void> {
      await touch.run({ id, at, email });
    },
    /** Gives the link `id` of `fromUserId` to `toUserId`; false when `fromUserId` has no such link. */
    async move(id: string, fromUserId: string, toUserId: string): Promise<boolean> {
      const result = await db.updateTable('user_identities').set({ user_id: toUserId }).where('id', '=', id).where('user_id', '=', fromUserId).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
    async delete(id: string, userId: string): Promise<boolean> {
      const result = await db.deleteFrom('user_identities').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    /** Users created by single sign-on, for the "maximum number of authorized users" cap. */
    async countLinkedUsers(): Promise<number> {
      return countLinked(db);
    },
    /** People linked through a provider. */
    async countForProvider(providerId: string): Promise<number> {
      const row = await db
        .selectFrom('user_identities')
        .select((eb) => eb.fn.count<number | string>('user_id').distinct().as('n'))
        .where('provider_id', '=', providerId)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
    /** The people linked through a provider, with whether each is an administrator. */
    async linkedUsers(providerId: string): Promise<{ id: string; is_admin: boolean }[]> {
      const rows = await db
        .selectFrom('user_identities')
        .innerJoin('users', 'users.id', 'user_identities.user_id')
        .select(['users.id', 'users.is_admin'])
        .distinct()
        .where('user_identities.provider_id', '=', providerId)
        .execute();
      return rows.map((row) => ({ id: row.id, is_admin: row.is_admin === 1 }));
    },
    /**
     * Changes a provider and deletes every link made through it, with the audit record (given
     * the number of links deleted), in one transaction. Returns the ids of the people unlinked.
     */
    async updateProviderUnlinking(providerId: string, patch: Partial<Omit<StoredProvider, 'id'>>, audit: (unlinked: number) => AuditRecord): Promise<string[]> {
      return inTransaction(db, async (trx) => {
        const removed = await trx.deleteFrom('user_identities').where('provider_id', '=', providerId).returning('user_id').execute();
        await trx.updateTable('auth_providers').set(providerRowPatch(patch)).where('id', '=', providerId).execute();
        await trx.executeQuery(stores.consoleAudit.insertQuery(audit(removed.length)));
        return [...new Set(removed.map((row) => row.user_id))];
      });
    },
    /**
     * Deletes a provider with its links (they could never be used again) and the audit record
     * (given the number of links deleted), in one transaction. Returns the ids of the people
     * unlinked; undefined when there was no such provider.
     */
    async deleteProvider(providerId: string, audit: (unlinked: number) => AuditRecord): Promise<string[] | undefined> {
      return inTransaction(db, async (trx) => {
        const provider = await trx.deleteFrom('auth_providers').where('id', '=', providerId).executeTakeFirst();
        if (Number(provider.numDeletedRows) === 0) return undefined;
        const removed = await trx.deleteFrom('user_identities').where('provider_id', '=', providerId).returning('user_id').execute();
        await trx.executeQuery(stores.consoleAudit.insertQuery(audit(removed.length)));
        return [...new Set(removed.map((row) => row.user_id))];
      });
    },
    /**
     * A sign-in's refresh token (sealed) kept on the link it signed in through, as checked at
     * `at`. The link is the person's at that provider by subject, or for Entra ID by tenant and
     * object id (its `sub` differs per app registration).
     */
    async keepRefreshToken(
      link: { providerId: string; userId: string; subject: string; tenantId?: string | undefined; objectId?: string | undefined },
      sealed: string,
      at: number,
    ): Promise<void> {
      await db
        .updateTable('user_identities')
        .set({ refresh_token: sealed, revalidated_at: at })
        .where('provider_id', '=', link.providerId)
        .where('user_id', '=', link.userId)
        .where((eb) =>
          link.objectId && link.tenantId
            ? eb.or([eb('subject', '=', link.subject), eb.and([eb('object_id', '=', link.objectId), eb('tenant_id', '=', link.tenantId)])])
            : eb('subject', '=', link.subject),
        )
        .execute();
    },
    /**
     * Links due a check at their provider: a refresh token kept, the provider enabled and
     * checking (`revalidate_minutes` > 0), and the last check at least that long before `now`.
     * The longest waiting first, at most `limit`.
     */
    async dueForRevalidation(now: number, limit: number): Promise<RevalidationDue[]> {
      return db
        .selectFrom('user_identities as i')
        .innerJoin('auth_providers as p', 'p.id', 'i.provider_id')
        .select(['i.id', 'i.user_id', 'i.provider_id', 'i.subject', 'i.tenant_id', 'i.object_id', 'i.refresh_token', 'i.revalidated_at', 'p.revalidate_minutes'])
        .where('i.refresh_token', '<>', '')
        .where('p.enabled', '=', 1)
        .where('p.revalidate_minutes', '>', 0)
        .where(sql<number>`i.revalidated_at + p.revalidate_minutes * cast(60000 as bigint)`, '<=', now)
        .orderBy('i.revalidated_at')
        .orderBy('i.id')
        .limit(limit)
        .execute();
    },
    /**
     * Takes a due link for one check by moving its stamp from the one read to `at`: true for
     * the one caller (on any instance) whose update found the link as it read it.
     */
    async claimRevalidation(due: Pick<RevalidationDue, 'id' | 'revalidated_at' | 'refresh_token'>, at: number): Promise<boolean> {
      const result = await db
        .updateTable('user_identities')
        .set({ revalidated_at: at })
        .where('id', '=', due.id)
        .where('revalidated_at', '=', due.revalidated_at)
        .where('refresh_token', '=', due.refresh_token)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    /**
     * A check's outcome (a rotated or cleared refresh token, the next check's stamp), written
     * only while the link still holds the refresh token the check used: a sign-in since then
     * brought a newer one, which stays. True when written.
     */
    async settleRevalidation(id: string, used: string, patch: { refresh_token?: string; revalidated_at: number }): Promise<boolean> {
      const result = await db
        .updateTable('user_identities')
        .set(patch)
        .where('id', '=', id)
        .where('refresh_token', '=', used)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

/** A link due a check at its provider with the refresh token it keeps (sealed). */
export interface RevalidationDue {
  id: string;
  user_id: string;
  provider_id: string;
  subject: string;
  /** Entra ID links: the person's key (tid, oid), lower case; '' otherwise. */
  tenant_id: string;
  object_id: string;
  refresh_token: string;
  revalidated_at: number;
  revalidate_minutes: number;
}

export type IdentityStore = ReturnType<typeof createIdentityStore>;
