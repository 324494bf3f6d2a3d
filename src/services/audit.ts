import type { Clock } from '../clock.js';
import type { AuditRecord, AuditTarget } from '../domain/audit-record.js';
import type { AuditFilter } from '../store/console-audit.js';
import type { PageRequest } from '../store/paging.js';
import type { Store } from '../store/index.js';
import { newTimeOrderedId } from './secrets.js';

/** Who did something: a console user, an API token, the command line, or deskgate itself. */
export interface Actor {
  type: 'user' | 'token' | 'cli' | 'system';
  id: string;
  name: string;
  ip: string;
}

export const systemActor: Actor = { type: 'system', id: '', name: 'deskgate', ip: '' };

export function createAuditService({ store, clock }: { store: Store; clock: Clock }) {
  /** Who hears of each record made (the server's log: one `info` line per administrative change). */
  const listeners: ((record: AuditRecord) => void)[] = [];

  /**
   * One console audit record, written by the change it records through the same
   * `store.transaction`, so the two commit together or not at all; `detail` must never hold a secret.
   */
  function row(actor: Actor, action: string, target: AuditTarget, detail: Record<string, unknown> = {}): AuditRecord {
    const now = clock.now();
    const record = { id: newTimeOrderedId(now), created_at: now, actor: { type: actor.type, id: actor.id, name: actor.name }, action, target, detail, ip: actor.ip };
    for (const listener of listeners) listener(record);
    return record;
  }

  return {
    row,

    /** Calls `listener` with each record as it is made for writing (the change's own checks have passed by then). */
    onRecord(listener: (record: AuditRecord) => void): void {
      listeners.push(listener);
    },

    async list(filter: AuditFilter, page: PageRequest): Promise<{ total: number; data: AuditRecord[] }> {
      const { total, rows } = await store.consoleAudit.list(filter, page);
      return { total, data: rows };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
