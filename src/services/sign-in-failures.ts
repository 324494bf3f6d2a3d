import type { Store } from '../store/index.js';
import type { PageRequest } from '../store/paging.js';

/** One failed password sign-in, as the alarm log shows it. */
export interface SignInFailure {
  id: string;
  created_at: number;
  ip: string;
  name: string;
  /** `bad_credentials`, `bad_credentials_locked`, `locked`, `rate_limited`, `disabled`. */
  reason: string;
  /** `client` (RustDesk /api/login) or `console`. */
  channel: string;
}

/** The alarm log of failed sign-ins that sign-in.ts records, newest first. */
export function createSignInFailureService({ store }: { store: Store }) {
  return {
    async list(page: PageRequest): Promise<{ total: number; data: SignInFailure[] }> {
      const { total, rows } = await store.signInAttempts.listFailures(page);
      return {
        total,
        data: rows.map((row) => ({
          id: row.id,
          created_at: row.created_at,
          ip: row.ip,
          name: row.name,
          reason: row.reason,
          channel: row.channel,
        })),
      };
    },
  };
}

export type SignInFailureService = ReturnType<typeof createSignInFailureService>;
