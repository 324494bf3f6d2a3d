import type { Kysely } from 'kysely';
import { columnsOf, precompile, writeAll } from './precompiled.js';
import type { ConsoleAuditStore } from './console-audit.js';
import type { AuditRow, Database, UserIdentityRow, UserRow } from './schema.js';
import type { UserStore } from './users.js';

const COLUMNS = columnsOf<UserIdentityRow>({
  id: true, user_id: true, provider_id: true, issuer: true, subject: true, email: true, created_at: true, last_sign_in_at: true,
});

/** A person's first single sign-on: their user, membership, link and audit records, all or nothing. */
export interface Registration {
  user: UserRow;
  groupId: string;
  identity: UserIdentityRow;
  audit: AuditRow[];
}

/** Links between users and provider identities, keyed by (issuer, subject). */
export function createIdentityStore(db: Kysely<Database>, stores: { users: UserStore; consoleAudit: ConsoleAuditStore }) {
  const insert = precompile(db, (row: UserIdentityRow) => db.insertInto('user_identities').values(row), COLUMNS);
  // Every returning sign-in: the link and its user in one query.
  const linkedUser = precompile(db, (p: { issuer: string; subject: string }) =>
    db
      .selectFrom('user_identities as i')
      .innerJoin('users as u', 'u.id', 'i.user_id')
      .selectAll('u')
      .select('i.id as identity_id')
      .where('i.issuer', '=', p.issuer)
      .where('i.subject', '=', p.subject),
  );
  const touch = precompile(db, (p: { id: string; at: number; email: string }) =>
    db.updateTable('user_identities').set({ last_sign_in_at: p.at, email: p.email }).where('id', '=', p.id),
  );
  const addMember = precompile(db, (p: { group_id: string; user_id: string }) =>
    db.insertInto('user_group_members').values({ group_id: p.group_id, user_id: p.user_id }),
  );

  return {
    async find(issuer: string, subject: string): Promise<UserIdentityRow | undefined> {
      return db
        .selectFrom('user_identities')
        .selectAll()
        .where('issuer', '=', issuer)
        .where('subject', '=', subject)
        .executeTakeFirst();
    },
    /** The user an identity is linked to, and the link's id. */
    async findLinkedUser(issuer: string, subject: string): Promise<{ identityId: string; user: UserRow } | undefined> {
      const row = await linkedUser.first({ issuer, subject });
      if (!row) return undefined;
      const { identity_id, ...user } = row;
      return { identityId: identity_id, user };
    },
    async listForUser(userId: string): Promise<UserIdentityRow[]> {
      return db.selectFrom('user_identities').selectAll().where('user_id', '=', userId).orderBy('created_at').execute();
    },
    /** Writes a registration in one transaction; a unique index refusing it rolls it all back. */
    async register(registration: Registration): Promise<void> {
      await writeAll(db, [
        stores.users.insertQuery(registration.user),
        addMember.bind({ group_id: registration.groupId, user_id: registration.user.id }),
        insert.bind(registration.identity),
        ...registration.audit.map((row) => stores.consoleAudit.insertQuery(row)),
      ]);
    },
    async touch(id: string, at: number, email: string): Promise<void> {
      await touch.run({ id, at, email });
    },
    async delete(id: string, userId: string): Promise<boolean> {
      const result = await db.deleteFrom('user_identities').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },
    /** Users created by single sign-on, for the "maximum number of authorized users" cap. */
    async countLinkedUsers(): Promise<number> {
      const row = await db
        .selectFrom('user_identities')
        .select((eb) => eb.fn.count<number | string>('user_id').distinct().as('n'))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type IdentityStore = ReturnType<typeof createIdentityStore>;
