import type { SignInFailure, SignInFailureFilter } from '../domain/sign-in-failure.js';
import type { Store } from '../store/index.js';
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
