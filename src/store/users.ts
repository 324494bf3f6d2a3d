import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import { likePattern, offsetOf, type Page, type PageRequest } from './paging.js';
import { engineOf, inTransaction } from './db.js';
import { columnsOf, precompile } from './precompiled.js';
import { isUserStatus, UserStatus, type User, type UserPatch } from '../domain/user.js';
import type { Database, UserRow, UserUpdate } from './schema.js';

const COLUMNS = columnsOf<UserRow>({
  id: true, name: true, name_key: true, display_name: true, email: true, note: true, status: true, is_admin: true,
  password_hash: true, created_at: true, updated_at: true,
});

/** A user's columns when joined as `u` next to another table's (`u_`-prefixed). */
export const JOINED_USER = [
  'u.id as u_id',
  'u.name as u_name',
  'u.name_key as u_name_key',
  'u.display_name as u_display_name',
  'u.email as u_email',
  'u.note as u_note',
  'u.status as u_status',
  'u.is_admin as u_is_admin',
  'u.password_hash as u_password_hash',
  'u.created_at as u_created_at',
  'u.updated_at as u_updated_at',
] as const;

type Prefixed<T> = { [K in keyof T as `u_${K & string}`]: T[K] | null };

/** A row of `users` as the domain sees it. A status the schema does not know counts as disabled. */
export function toUser(row: UserRow): User {
  return {
    id: row.id,
    name: row.name,
    display_name: row.display_name,
    email: row.email,
    note: row.note,
    status: isUserStatus(row.status) ? row.status : UserStatus.Disabled,
    is_admin: row.is_admin === 1,
    password_hash: row.password_hash,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

/** A user as its row (the lower-cased name is the store's, for lookups and uniqueness). */
export function toUserRow(user: User): UserRow {
  return {
    id: user.id,
    name: user.name,
    name_key: user.name.toLowerCase(),
    display_name: user.display_name,
    email: user.email,
    note: user.note,
    status: user.status,
    is_admin: user.is_admin ? 1 : 0,
    password_hash: user.password_hash,
    created_at: user.created_at,
    updated_at: user.updated_at,
  };
}

/** A patch as columns: only the keys it sets. */
function toUserUpdate(patch: UserPatch): UserUpdate {
  const { is_admin, ...rest } = patch;
  return is_admin === undefined ? rest : { ...rest, is_admin: is_admin ? 1 : 0 };
}

/**
 * Splits a row selected with JOINED_USER into the other table's row and the user; undefined when
 * a left join found no user.
 */
export function splitJoinedUser<R extends Prefixed<UserRow>>(row: R): { rest: Omit<R, keyof Prefixed<UserRow>>; user: User | undefined } {
  const {
    u_id, u_name, u_name_key, u_display_name, u_email, u_note, u_status, u_is_admin, u_password_hash, u_created_at, u_updated_at,
    ...rest
  } = row;
  if (u_id === null) return { rest, user: undefined };
  // The other columns are null only when the join found no user, which `id` shows.
  const user = {
    id: u_id,
    name: u_name,
    name_key: u_name_key,
    display_name: u_display_name,
    email: u_email,
    note: u_note,
    status: u_status,
    is_admin: u_is_admin,
    password_hash: u_password_hash,
    created_at: u_created_at,
    updated_at: u_updated_at,
  } as UserRow;
  return { rest, user: toUser(user) };
}

/**
 * Conditions a change to a user must meet when it is written, not before (DESIGN.md "Safety
 * rules"), so that concurrent requests and several instances cannot race past them.
 */
export interface WriteConditions {
  /** Refuse unless the user is not an enabled administrator or another enabled one remains. */
  keepAnAdmin?: boolean;
  /** Refuse if the user is an administrator (a caller without the `admin` scope). */
  notAdmin?: boolean;
}

/** Serialises changes that may remove an enabled administrator, on PostgreSQL (see `guarded`). */
const LAST_ADMIN_LOCK = 0x6467_0001; // "dg" + 1: deskgate's advisory lock for the administrators

export interface UserFilter {
  search?: string | undefined;
  status?: UserStatus | undefined;
  groupId?: string | undefined;
  isAdmin?: boolean | undefined;
}

export function createUserStore(db: Kysely<Database>) {
  function filtered(filter: UserFilter) {
    let query = db.selectFrom('users');
    if (filter.search) {
      const pattern = likePattern(filter.search.toLowerCase());
      query = query.where((eb) =>
        eb.or([
          eb('name_key', 'like', sql<string>`${pattern} escape '\\'`),
          eb(eb.fn('lower', ['display_name']), 'like', sql<string>`${pattern} escape '\\'`),
          eb(eb.fn('lower', ['email']), 'like', sql<string>`${pattern} escape '\\'`),
        ]),
      );
    }
    if (filter.status !== undefined) query = query.where('status', '=', filter.status);
    if (filter.isAdmin !== undefined) query = query.where('is_admin', '=', filter.isAdmin ? 1 : 0);
    if (filter.groupId) {
      const groupId = filter.groupId;
      query = query.where('id', 'in', (eb) =>
        eb.selectFrom('user_group_members').select('user_id').where('group_id', '=', groupId),
      );
    }
    return query;
  }

  const byId = precompile(db, (p: { id: string }) => db.selectFrom('users').selectAll().where('id', '=', p.id));
  const postgres = engineOf(db) === 'postgres';

  /** The row `id`, if it meets `conditions` at the moment of writing. */
  function target(eb: ExpressionBuilder<Database, 'users'>, id: string, conditions: WriteConditions) {
    const all = [eb('users.id', '=', id)];
    if (conditions.notAdmin) all.push(eb('users.is_admin', '=', 0));
    if (conditions.keepAnAdmin) {
      all.push(
        eb.or([
          eb('users.is_admin', '!=', 1),
          eb('users.status', '!=', 1),
          eb.exists(
            eb
              .selectFrom('users as other')
              .select(sql`1`.as('one'))
              .where('other.is_admin', '=', 1)
              .where('other.status', '=', 1)
              .where('other.id', '!=', id),
          ),
        ]),
      );
    }
    return eb.and(all);
  }

  /**
   * Runs a conditional write. With `keepAnAdmin` on PostgreSQL it first takes a transaction-scoped
   * advisory lock: under READ COMMITTED two statements disabling the last two administrators
   * would each still see the other enabled (write skew), whereas after the lock each statement
   * reads what the one before it committed. SQLite runs one writing statement at a time anyway.
   */
  async function guarded(conditions: WriteConditions, write: (executor: Kysely<Database>) => Promise<bigint>): Promise<boolean> {
    if (!(postgres && conditions.keepAnAdmin)) return (await write(db)) > 0n;
    return inTransaction(db, async (trx) => {
      await sql`select pg_advisory_xact_lock(${LAST_ADMIN_LOCK})`.execute(trx);
      return (await write(trx)) > 0n;
    });
  }
  const insert = precompile(db, (row: UserRow) => db.insertInto('users').values(row), COLUMNS);

  return {
    async findById(id: string): Promise<User | undefined> {
      const row = await byId.first({ id });
      return row && toUser(row);
    },

    async findByName(name: string): Promise<User | undefined> {
      const row = await db
        .selectFrom('users')
        .selectAll()
        .where('name_key', '=', name.toLowerCase())
        .executeTakeFirst();
      return row && toUser(row);
    },

    /** Up to `limit` users whose e-mail is this one, ignoring case (for linking by a verified e-mail). */
    async findByEmail(email: string, limit = 2): Promise<User[]> {
      if (!email) return [];
      const rows = await db
        .selectFrom('users')
        .selectAll()
        .where((eb) => eb(eb.fn('lower', ['email']), '=', email.toLowerCase()))
        .orderBy('created_at')
        .limit(limit)
        .execute();
      return rows.map(toUser);
    },

    /** Which of these lower-cased names are taken. */
    async takenNames(nameKeys: string[]): Promise<Set<string>> {
      if (nameKeys.length === 0) return new Set();
      const rows = await db.selectFrom('users').select('name_key').where('name_key', 'in', nameKeys).execute();
      return new Set(rows.map((r) => r.name_key));
    },

    async list(filter: UserFilter, page: PageRequest): Promise<Page<User>> {
      const [rows, count] = await Promise.all([
        filtered(filter)
          .selectAll()
          .orderBy('name_key')
          .limit(page.pageSize)
          .offset(offsetOf(page))
          .execute(),
        filtered(filter).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { total: Number(count.n), rows: rows.map(toUser) };
    },

    async insert(user: User): Promise<void> {
      await insert.run(toUserRow(user));
    },
    /** The insert as a query, to write together with others (`writeAll`). */
    insertQuery(user: User) {
      return insert.bind(toUserRow(user));
    },

    async update(id: string, patch: UserPatch): Promise<void> {
      await db.updateTable('users').set(toUserUpdate(patch)).where('id', '=', id).execute();
    },

    async delete(id: string): Promise<boolean> {
      const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** `update`, written only if the user meets `conditions` then; false when not (or not found). */
    async updateIf(id: string, patch: UserPatch, conditions: WriteConditions): Promise<boolean> {
      const columns = toUserUpdate(patch);
      return guarded(conditions, async (executor) => {
        const result = await executor.updateTable('users').set(columns).where((eb) => target(eb, id, conditions)).executeTakeFirst();
        return result.numUpdatedRows;
      });
    },

    /** `delete`, done only if the user meets `conditions` then; false when not (or not found). */
    async deleteIf(id: string, conditions: WriteConditions): Promise<boolean> {
      return guarded(conditions, async (executor) => {
        const result = await executor.deleteFrom('users').where((eb) => target(eb, id, conditions)).executeTakeFirst();
        return result.numDeletedRows;
      });
    },

    /**
     * Inside a transaction: on PostgreSQL, takes the administrators' advisory lock (`guarded`'s)
     * until the transaction ends, so that changes which could leave no administrator a way to
     * sign in are decided one after the other. SQLite runs one transaction at a time anyway.
     */
    async lockAdministrators(): Promise<void> {
      if (postgres) await sql`select pg_advisory_xact_lock(${LAST_ADMIN_LOCK})`.execute(db);
    },

    /** Enabled administrators, optionally leaving one out (the one about to change). */
    async countEnabledAdmins(exceptId?: string): Promise<number> {
      let query = db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('is_admin', '=', 1)
        .where('status', '=', 1);
      if (exceptId) query = query.where('id', '!=', exceptId);
      const row = await query.executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** The groups of several users in one query (no query per row). */
    async groupsOf(userIds: string[]): Promise<Map<string, { id: string; name: string }[]>> {
      const result = new Map<string, { id: string; name: string }[]>();
      if (userIds.length === 0) return result;
      const rows = await db
        .selectFrom('user_group_members as m')
        .innerJoin('user_groups as g', 'g.id', 'm.group_id')
        .select(['m.user_id', 'g.id', 'g.name'])
        .where('m.user_id', 'in', userIds)
        .orderBy('g.name_key')
        .execute();
      for (const row of rows) {
        const list = result.get(row.user_id) ?? [];
        list.push({ id: row.id, name: row.name });
        result.set(row.user_id, list);
      }
      return result;
    },

    async setGroups(userId: string, groupIds: string[]): Promise<void> {
      await inTransaction(db, async (trx) => {
        await trx.deleteFrom('user_group_members').where('user_id', '=', userId).execute();
        if (groupIds.length > 0) {
          await trx
            .insertInto('user_group_members')
            .values(groupIds.map((group_id) => ({ group_id, user_id: userId })))
            .execute();
        }
      });
    },
  };
}

export type UserStore = ReturnType<typeof createUserStore>;
