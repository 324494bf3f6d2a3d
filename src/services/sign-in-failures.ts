import type { SignInFailure, SignInFailureFilter } from '../domain/sign-in-failure.js';
import type { Store } from '../store/index.js';
import { newTimeOrderedId } from './secrets.js';
import type { PageRequest } from '../store/paging.js';

export type { SignInFailure } from '../domain/sign-in-failure.js';

/**
 * The log of failed sign-ins, newest first: password failures that sign-in.ts records and single
 * sign-on failures that sso-sign-in.ts records, filtered by kind and provider.
 */
export function createSignInFailureService({ store }: { store: Store }) {
  return {
    async list(page: PageRequest, filter: SignInFailureFilter = {}): Promise<{ total: number; data: SignInFailure[] }> {
      const { total, rows } = await store.signInAttempts.listFailures(filter, page);
      return { total, data: rows };
    },
  };
}

export type SignInFailureService = ReturnType<typeof createSignInFailureService>;

/**
 * A link from an e-mail (an invitation, a password reset) that is not, or no longer, valid: in
 * the log of failed sign-ins beside wrong passwords, since trying links is trying credentials.
 */
export async function recordBadMailLink(
  store: Store,
  now: number,
  failure: { reason: 'invalid_invitation_link' | 'invalid_reset_link'; ip: string; name?: string | undefined },
): Promise<void> {
  await store.signInAttempts.recordFailure({
    id: newTimeOrderedId(now),
    created_at: now,
    ip: failure.ip,
    name: (failure.name ?? '').slice(0, 128),
    reason: failure.reason,
    channel: 'console',
  });
}
