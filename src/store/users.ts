import { sql, type Kysely } from 'kysely';
import { likePattern, offsetOf, type Page, type PageRequest } from './paging.js';
import type { Database, NewUserRow, UserRow, UserUpdate } from './schema.js';

export interface UserFilter {
  search?: string | undefined;
  status?: number | undefined;
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

  return {
    async findById(id: string): Promise<UserRow | undefined> {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async findByName(name: string): Promise<UserRow | undefined> {
      return db
        .selectFrom('users')
        .selectAll()
        .where('name_key', '=', name.toLowerCase())
        .executeTakeFirst();
    },

    async list(filter: UserFilter, page: PageRequest): Promise<Page<UserRow>> {
      const [rows, count] = await Promise.all([
        filtered(filter)
          .selectAll()
          .orderBy('name_key')
          .limit(page.pageSize)
          .offset(offsetOf(page))
          .execute(),
        filtered(filter).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { total: Number(count.n), rows };
    },

    async insert(row: NewUserRow): Promise<void> {
      await db.insertInto('users').values(row).execute();
    },

    async update(id: string, patch: UserUpdate): Promise<void> {
      await db.updateTable('users').set(patch).where('id', '=', id).execute();
    },

    async delete(id: string): Promise<boolean> {
      const result = await db.deleteFrom('users').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
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
      await db.transaction().execute(async (trx) => {
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
