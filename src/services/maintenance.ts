import type { Clock } from '../clock.js';
import type { Store } from '../store/index.js';
import type { AddressBookService } from './address-books.js';
import type { DeviceAuditService } from './device-audit.js';
import { LOG_RETENTION_EVERY_MS, type LogRetention } from './log-retention.js';
import { REVALIDATION_EVERY_MS, type Revalidation, type RevalidationRound } from './revalidation.js';

const DAY = 86_400_000;

/** Which periodic work failed, for the log line. */
export type MaintenanceWork = 'revalidation' | 'log retention';

/**
 * Periodic work: dropping what has expired — sign-in transactions and client sign-ins (an hour
 * after expiry), revoked or expired tokens and sessions after 30 days (kept that long for
 * the console), device audit nonces after a day, and address book peers 30 days in a recycle
 * bin — re-validating people at their providers
 * (revalidation.ts), and pruning old log records hourly (log-retention.ts).
 */
export function createMaintenance({
  store,
  clock,
  revalidation,
  logRetention,
  deviceAudit,
  addressBooks,
}: {
  store: Store;
  clock: Clock;
  revalidation: Pick<Revalidation, 'runRound'>;
  logRetention: Pick<LogRetention, 'pruneOnce'>;
  deviceAudit: Pick<DeviceAuditService, 'purge'>;
  addressBooks: Pick<AddressBookService, 'purgeBin'>;
}) {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> | undefined;
  let pruneTimer: NodeJS.Timeout | undefined;
  let pruning: Promise<unknown> | undefined;

  /** One prune, unless one is under way; errors go to `onError`. */
  function prune(onError: (error: unknown, work: MaintenanceWork) => void): void {
    if (pruning) return;
    pruning = logRetention
      .pruneOnce()
      .catch((error: unknown) => onError(error, 'log retention'))
      .finally(() => {
        pruning = undefined;
      });
  }

  return {
    async purgeExpired(): Promise<void> {
      const now = clock.now();
      await store.signInTransactions.purge(now - 3_600_000);
      await store.clientSignIns.purge(now - 3_600_000);
      await store.accessTokens.purge(now - 30 * DAY);
      await store.consoleSessions.purge(now - 30 * DAY);
      await deviceAudit.purge();
      await addressBooks.purgeBin();
    },

    /** One round of re-validation at the providers (the timer's work; tests call it directly). */
    revalidate(): Promise<RevalidationRound> {
      return revalidation.runRound();
    },

    /**
     * Runs a re-validation round every minute, and a log prune now and then every hour, until
     * `stop()`; a round still under way when the next is due is not doubled. Each link is
     * claimed in the database before it is checked, so several instances running rounds at once
     * never check one twice; a lease lets one instance an hour prune.
     */
    start(onError: (error: unknown, work: MaintenanceWork) => void): void {
      if (timer) return;
      timer = setInterval(() => {
        if (running) return;
        running = revalidation
          .runRound()
          .catch((error: unknown) => onError(error, 'revalidation'))
          .finally(() => {
            running = undefined;
          });
      }, REVALIDATION_EVERY_MS);
      timer.unref();
      prune(onError);
      pruneTimer = setInterval(() => prune(onError), LOG_RETENTION_EVERY_MS);
      pruneTimer.unref();
    },

    /** Stops the timers and waits for rounds under way (at shutdown, before the database closes). */
    async stop(): Promise<void> {
      clearInterval(timer);
      clearInterval(pruneTimer);
      timer = undefined;
      pruneTimer = undefined;
      await Promise.all([running, pruning]);
    },
  };
}
