import type { Kysely } from 'kysely';
import { offsetOf, type Page, type PageRequest } from './paging.js';
import type { Database, LoginFailureRow } from './schema.js';

export interface ThrottleState {
  failures: number;
  lockedUntil: number;
}

/** Failed sign-ins (the alarm log) and the per-username lock-out they drive. */
export function createSignInAttemptStore(db: Kysely<Database>) {
  return {
    async recordFailure(row: LoginFailureRow): Promise<void> {
      await db.insertInto('login_failures').values(row).execute();
    },

    async listFailures(page: PageRequest): Promise<Page<LoginFailureRow>> {
      const [rows, count] = await Promise.all([
        db
          .selectFrom('login_failures')
          .selectAll()
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(page.pageSize)
          .offset(offsetOf(page))
          .execute(),
        db
          .selectFrom('login_failures')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      return { total: Number(count.n), rows };
    },

    async throttle(nameKey: string): Promise<ThrottleState | undefined> {
      const row = await db
        .selectFrom('login_throttle')
        .select(['failures', 'locked_until'])
        .where('name_key', '=', nameKey)
        .executeTakeFirst();
      return row && { failures: row.failures, lockedUntil: row.locked_until };
    },

    async saveThrottle(nameKey: string, state: ThrottleState, at: number): Promise<void> {
      await db
        .insertInto('login_throttle')
        .values({ name_key: nameKey, failures: state.failures, locked_until: state.lockedUntil, updated_at: at })
        .onConflict((oc) =>
          oc.column('name_key').doUpdateSet({
            failures: state.failures,
            locked_until: state.lockedUntil,
            updated_at: at,
          }),
        )
        .execute();
    },

    async clearThrottle(nameKey: string): Promise<void> {
      await db.deleteFrom('login_throttle').where('name_key', '=', nameKey).execute();
    },
  };
}

export type SignInAttemptStore = ReturnType<typeof createSignInAttemptStore>;
