import type { Kysely } from 'kysely';
import type { NewSignInFailure, SignInFailure, SignInFailureFilter } from '../domain/sign-in-failure.js';
import { offsetOf, type Page, type PageRequest } from './paging.js';
import type { Database, LoginFailureRow } from './schema.js';

/** What the log shows: the row as it is, its kind one of the two (anything else reads as a password failure). */
function toFailure(row: LoginFailureRow): SignInFailure {
  return { ...row, kind: row.kind === 'sso' ? 'sso' : 'password' };
}

/** A provider's latest failure that says something about the provider. */
export interface ProviderFailure {
  at: number;
  reason: string;
  detail: string;
}

export interface ThrottleState {
  failures: number;
  lockedUntil: number;
}

/** Failed sign-ins (the alarm log) and the per-username lock-out they drive. */
export function createSignInAttemptStore(db: Kysely<Database>) {
  return {
    async recordFailure(failure: NewSignInFailure): Promise<void> {
      await db.insertInto('login_failures').values(failure).execute();
    },

    /** Newest first, by kind and provider when asked. */
    async listFailures(filter: SignInFailureFilter, page: PageRequest): Promise<Page<SignInFailure>> {
      let query = db.selectFrom('login_failures');
      if (filter.kind !== undefined) query = query.where('kind', '=', filter.kind);
      if (filter.providerId !== undefined) query = query.where('provider_id', '=', filter.providerId);
      const [rows, count] = await Promise.all([
        query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.pageSize).offset(offsetOf(page)).execute(),
        query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { total: Number(count.n), rows: rows.map(toFailure) };
    },

    /**
     * Each provider's latest single sign-on failure, unless someone has signed in through it
     * since (its identities' last sign-in is later) or its reason is in `ignoredReasons`.
     * Providers without such a failure are absent. One indexed lookup per provider.
     */
    async latestProviderFailures(providerIds: string[], ignoredReasons: readonly string[]): Promise<Map<string, ProviderFailure>> {
      const found = new Map<string, ProviderFailure>();
      if (providerIds.length === 0) return found;
      const successes = await db
        .selectFrom('user_identities')
        .select(['provider_id', (eb) => eb.fn.max('last_sign_in_at').as('at')])
        .where('provider_id', 'in', providerIds)
        .groupBy('provider_id')
        .execute();
      const lastSuccess = new Map(successes.map((row) => [row.provider_id, Number(row.at)]));
      for (const providerId of providerIds) {
        let query = db
          .selectFrom('login_failures')
          .select(['created_at', 'reason', 'detail'])
          .where('provider_id', '=', providerId)
          .where('kind', '=', 'sso')
          .where('created_at', '>', lastSuccess.get(providerId) ?? -1);
        if (ignoredReasons.length > 0) query = query.where('reason', 'not in', [...ignoredReasons]);
        const row = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst();
        if (row) found.set(providerId, { at: Number(row.created_at), reason: row.reason, detail: row.detail });
      }
      return found;
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
