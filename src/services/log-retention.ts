import type { Clock } from '../clock.js';
import type { Store } from '../store/index.js';
import { systemActor, type AuditService } from './audit.js';
import { newId } from './secrets.js';
import type { SettingsService } from './settings.js';

const DAY = 86_400_000;

/** How often each instance tries to prune (maintenance.ts); the lease lets one of them do it. */
export const LOG_RETENTION_EVERY_MS = 3_600_000;
/** The lease every instance asks for before pruning. */
export const LOG_RETENTION_LEASE = 'log-retention';
/** A little under the hour, so that whoever asks next hour finds it expired, even a little early. */
const LEASE_TTL_MS = 55 * 60_000;
/**
 * Rows per delete statement: short statements, so a first prune of millions never holds the
 * database long. PostgreSQL locks only the rows; SQLite holds its one writer and, being
 * synchronous, this process's event loop: about 30 ms per 1,000 device audit records.
 */
export const PRUNE_BATCH = { sqlite: 1_000, postgres: 5_000 } as const;
/** An open connection record older than the period by this much is pruned too: its close never came. */
const OPEN_CONNECTION_GRACE_MS = 7 * DAY;

/** Rows deleted, per log. */
export interface PruneCounts {
  device_audit: number;
  console_audit: number;
  sign_in_failures: number;
}

/**
 * Deletes log records older than the `log_retention_days` setting (0: keeps them forever):
 * device audit records (Logs → Connections, File transfers, Alarms), the console audit (Logs →
 * Console) and failed sign-ins. Every instance runs it hourly; a lease in the database lets
 * one of them do it each hour.
 */
export function createLogRetention({ store, clock, settings, audit }: { store: Store; clock: Clock; settings: Pick<SettingsService, 'get'>; audit: AuditService }) {
  /** This process, as the lease's holder. */
  const holder = newId();
  const batch = PRUNE_BATCH[store.db.engine];

  /**
   * Runs `deleteBatch` until it deletes fewer than a batch; the total it deleted. Between
   * batches, requests and timers waiting on this process get their turn: on SQLite every
   * statement completes without giving the event loop back.
   */
  async function drain(deleteBatch: (limit: number) => Promise<number>): Promise<number> {
    let total = 0;
    for (;;) {
      const deleted = await deleteBatch(batch);
      total += deleted;
      if (deleted < batch) return total;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  return {
    /**
     * One prune: takes the lease (undefined when another instance holds it), then deletes what
     * is older than the retention period and answers how many rows went from each log. When it
     * deleted anything, a console audit record `logs.pruned` by deskgate says how many.
     */
    async pruneOnce(): Promise<PruneCounts | undefined> {
      if (!(await store.leases.acquire(LOG_RETENTION_LEASE, holder, clock.now(), LEASE_TTL_MS))) return undefined;
      const counts: PruneCounts = { device_audit: 0, console_audit: 0, sign_in_failures: 0 };
      try {
        const days = await settings.get('log_retention_days');
        if (days === 0) return counts;
        const before = clock.now() - days * DAY;
        const openBefore = before - OPEN_CONNECTION_GRACE_MS;
        counts.device_audit = await drain((limit) => store.logPruning.deviceAudit(before, openBefore, limit));
        counts.console_audit = await drain((limit) => store.logPruning.consoleAudit(before, limit));
        counts.sign_in_failures = await drain((limit) => store.logPruning.signInFailures(before, limit));
        if (counts.device_audit + counts.console_audit + counts.sign_in_failures > 0) {
          const target = { type: 'logs', id: '', name: 'log retention' };
          await store.consoleAudit.insert(audit.row(systemActor, 'logs.pruned', target, { log_retention_days: days, before, ...counts }));
        }
        return counts;
      } catch (error) {
        // Another instance may try in its next round instead of waiting for the lease to expire.
        await store.leases.release(LOG_RETENTION_LEASE, holder).catch(() => {});
        throw error;
      }
    },
  };
}

export type LogRetention = ReturnType<typeof createLogRetention>;
