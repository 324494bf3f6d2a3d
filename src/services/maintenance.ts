import type { Clock } from '../clock.js';
import type { Store } from '../store/index.js';

const DAY = 86_400_000;

/**
 * Drops what has expired: sign-in transactions and client sign-ins (an hour after expiry), and
 * revoked or expired tokens and sessions after 30 days (kept that long for the console).
 */
export function createMaintenance({ store, clock }: { store: Store; clock: Clock }) {
  return {
    async purgeExpired(): Promise<void> {
      const now = clock.now();
      await store.signInTransactions.purge(now - 3_600_000);
      await store.clientSignIns.purge(now - 3_600_000);
      await store.accessTokens.purge(now - 30 * DAY);
      await store.consoleSessions.purge(now - 30 * DAY);
    },
  };
}
