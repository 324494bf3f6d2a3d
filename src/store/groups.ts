import type { Kysely } from 'kysely';
import { offsetOf, type Page, type PageRequest } from './paging.js';
import type { Group, GroupPatch } from '../domain/group.js';
import type { Database, GroupRow } from './schema.js';

export interface GroupWithCount extends Group {
  member_count: number;
}

/** A row of `user_groups` as the domain sees it (the lower-cased name is the store's). */
const toGroup = (row: GroupRow): Group => ({
  id: row.id,
  name: row.name,
  note: row.note,
  created_at: row.created_at,
  updated_at: row.updated_at,
});
const toRow = (group: Group): GroupRow => ({ ...group, name_key: group.name.toLowerCase() });

export function createGroupStore(db: Kysely<Database>) {
  return {
    async findById(id: string): Promise<Group | undefined> {
      const row = await db.selectFrom('user_groups').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toGroup(row);
    },

    async findByName(name: string): Promise<Group | undefined> {
      const row = await db
        .selectFrom('user_groups')
        .selectAll()
        .where('name_key', '=', name.toLowerCase())
        .executeTakeFirst();
      return row && toGroup(row);
    },

    /** The groups of these names, ignoring case; names no group has are left out. */
    async findByNames(names: string[]): Promise<Group[]> {
      const keys = [...new Set(names.map((name) => name.toLowerCase()))];
      if (keys.length === 0) return [];
      return (await db.selectFrom('user_groups').selectAll().where('name_key', 'in', keys).orderBy('name_key').execute()).map(toGroup);
    },

    async findByIds(ids: string[]): Promise<Group[]> {
      if (ids.length === 0) return [];
      return (await db.selectFrom('user_groups').selectAll().where('id', 'in', ids).execute()).map(toGroup);
    },

    async list(page: PageRequest): Promise<Page<GroupWithCount>> {
      const [rows, count] = await Promise.all([
        db
          .selectFrom('user_groups as g')
          .selectAll('g')
          .select((eb) =>
            eb
              .selectFrom('user_group_members as m')
              .whereRef('m.group_id', '=', 'g.id')
              .select((e) => e.fn.countAll<number | string>().as('c'))
              .as('member_count'),
          )
          .orderBy('g.name_key')
          .limit(page.pageSize)
          .offset(offsetOf(page))
          .execute(),
        db
          .selectFrom('user_groups')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return {
        total: Number(count.n),
        rows: rows.map((row) => ({ ...toGroup(row), member_count: Number(row.member_count ?? 0) })),
      };
    },

    async insert(group: Group): Promise<void> {
      await db.insertInto('user_groups').values(toRow(group)).execute();
    },

    /** Inserts unless a group with that name exists (two instances creating it at once). */
    async insertIfAbsent(group: Group): Promise<void> {
      await db.insertInto('user_groups').values(toRow(group)).onConflict((oc) => oc.column('name_key').doNothing()).execute();
    },

    async update(id: string, patch: GroupPatch): Promise<void> {
      const columns = patch.name === undefined ? patch : { ...patch, name_key: patch.name.toLowerCase() };
      await db.updateTable('user_groups').set(columns).where('id', '=', id).execute();
    },

    async delete(id: string): Promise<boolean> {
      const result = await db.deleteFrom('user_groups').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async members(groupId: string): Promise<{ id: string; name: string }[]> {
      return db
        .selectFrom('user_group_members as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.id', 'u.name'])
        .where('m.group_id', '=', groupId)
        .orderBy('u.name_key')
        .execute();
    },

    async addMembers(groupId: string, userIds: string[]): Promise<void> {
      if (userIds.length === 0) return;
      await db
        .insertInto('user_group_members')
        .values(userIds.map((user_id) => ({ group_id: groupId, user_id })))
        .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
        .execute();
    },

    async removeMembers(groupId: string, userIds: string[]): Promise<void> {
      if (userIds.length === 0) return;
      await db
        .deleteFrom('user_group_members')
        .where('group_id', '=', groupId)
        .where('user_id', 'in', userIds)
        .execute();
    },
  };
}

export type GroupStore = ReturnType<typeof createGroupStore>;
