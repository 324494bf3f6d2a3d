import type { Clock } from '../clock.js';
import type { Store } from '../store/index.js';
import { REVALIDATION_EVERY_MS, type Revalidation, type RevalidationRound } from './revalidation.js';

const DAY = 86_400_000;

/**
 * Periodic work: dropping what has expired — sign-in transactions and client sign-ins (an hour
 * after expiry), and revoked or expired tokens and sessions after 30 days (kept that long for
 * the console) — and re-validating people at their providers (revalidation.ts).
 */
export function createMaintenance({ store, clock, revalidation }: { store: Store; clock: Clock; revalidation: Pick<Revalidation, 'runRound'> }) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;

  return {
    async purgeExpired(): Promise<void> {
      const now = clock.now();
      await store.signInTransactions.purge(now - 3_600_000);
      await store.clientSignIns.purge(now - 3_600_000);
      await store.accessTokens.purge(now - 30 * DAY);
      await store.consoleSessions.purge(now - 30 * DAY);
    },

    /** One round of re-validation at the providers (the timer's work; tests call it directly). */
    revalidate(): Promise<RevalidationRound> {
      return revalidation.runRound();
    },

    /**
     * Runs a re-validation round every minute until `stop()`; a round still under way when the
     * next is due is not doubled. Each link is claimed in the database before it is checked, so
     * several instances running rounds at once never check one twice.
     */
    start(onError: (error: unknown) => void): void {
      if (timer) return;
      timer = setInterval(() => {
        if (running) return;
        running = revalidation
          .runRound()
          .catch(onError)
          .finally(() => {
            running = undefined;
          });
      }, REVALIDATION_EVERY_MS);
      timer.unref();
    },

    /** Stops the timer and waits for a round under way (at shutdown, before the database closes). */
    async stop(): Promise<void> {
      clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
