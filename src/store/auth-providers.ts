import type { Kysely } from 'kysely';
import type { AuthProviderRow, Database } from './schema.js';

export function createAuthProviderStore(db: Kysely<Database>) {
  return {
    async list(): Promise<AuthProviderRow[]> {
      return db.selectFrom('auth_providers').selectAll().orderBy('position').orderBy('name').execute();
    },
    async findById(id: string): Promise<AuthProviderRow | undefined> {
      return db.selectFrom('auth_providers').selectAll().where('id', '=', id).executeTakeFirst();
    },
    async findByName(name: string): Promise<AuthProviderRow | undefined> {
      return db.selectFrom('auth_providers').selectAll().where('name', '=', name).executeTakeFirst();
    },
    async maxPosition(): Promise<number> {
      const row = await db
        .selectFrom('auth_providers')
        .select((eb) => eb.fn.max<number | null>('position').as('p'))
        .executeTakeFirst();
      return Number(row?.p ?? -1);
    },
    async insert(row: AuthProviderRow): Promise<void> {
      await db.insertInto('auth_providers').values(row).execute();
    },
    async update(id: string, patch: Partial<Omit<AuthProviderRow, 'id'>>): Promise<void> {
      await db.updateTable('auth_providers').set(patch).where('id', '=', id).execute();
    },
  };
}

export type AuthProviderStore = ReturnType<typeof createAuthProviderStore>;
