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

    /**
     * One more failure for a name, counted by the statement that writes it (STYLE.md "Entities
     * and invariants"): concurrent failures each get their own count back, none is lost. A
     * streak whose lock ended before `streakSince` starts again at 1.
     */
    async countFailure(nameKey: string, at: number, streakSince: number): Promise<ThrottleState> {
      const row = await db
        .insertInto('login_throttle')
        .values({ name_key: nameKey, failures: 1, locked_until: at, updated_at: at })
        .onConflict((oc) =>
          oc.column('name_key').doUpdateSet((eb) => ({
            failures: eb
              .case()
              .when('login_throttle.locked_until', '>', streakSince)
              .then(eb('login_throttle.failures', '+', 1))
              .else(1)
              .end(),
            // The streak's time mark moves to now, never back from a lock a concurrent failure set.
            locked_until: eb.case().when('login_throttle.locked_until', '>', at).then(eb.ref('login_throttle.locked_until')).else(at).end(),
            updated_at: at,
          })),
        )
        .returning(['failures', 'locked_until'])
        .executeTakeFirstOrThrow();
      return { failures: row.failures, lockedUntil: row.locked_until };
    },

    /** Extends a name's lock to `until`; a lock already longer (set by a later failure) stays. */
    async lockUntil(nameKey: string, until: number): Promise<void> {
      await db
        .updateTable('login_throttle')
        .set({ locked_until: until })
        .where('name_key', '=', nameKey)
        .where('locked_until', '<', until)
        .execute();
    },

    async clearThrottle(nameKey: string): Promise<void> {
      await db.deleteFrom('login_throttle').where('name_key', '=', nameKey).execute();
    },
  };
}

export type SignInAttemptStore = ReturnType<typeof createSignInAttemptStore>;
