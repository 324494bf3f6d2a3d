import type { Clock } from '../clock.js';
import type { AuditFilter } from '../store/console-audit.js';
import type { PageRequest } from '../store/paging.js';
import type { Store } from '../store/index.js';
import type { AuditRow } from '../store/schema.js';
import { newTimeOrderedId } from './secrets.js';

/** Who did something: a console user, an API token, the command line, or deskgate itself. */
export interface Actor {
  type: 'user' | 'token' | 'cli' | 'system';
  id: string;
  name: string;
  ip: string;
}

export const systemActor: Actor = { type: 'system', id: '', name: 'deskgate', ip: '' };

export interface AuditTarget {
  type: string;
  id: string;
  name: string;
}

export interface AuditRecord {
  id: string;
  created_at: number;
  actor: { type: string; id: string; name: string };
  action: string;
  target: AuditTarget;
  detail: Record<string, unknown>;
  ip: string;
}

export function createAuditService({ store, clock }: { store: Store; clock: Clock }) {
  /**
   * One console audit record, written by the change it records through the same
   * `store.transaction`, so the two commit together or not at all; `detail` must never hold a secret.
   */
  function row(actor: Actor, action: string, target: AuditTarget, detail: Record<string, unknown> = {}): AuditRow {
    const now = clock.now();
    return {
      id: newTimeOrderedId(now),
      created_at: now,
      actor_type: actor.type,
      actor_id: actor.id,
      actor_name: actor.name,
      action,
      target_type: target.type,
      target_id: target.id,
      target_name: target.name,
      detail: JSON.stringify(detail),
      ip: actor.ip,
    };
  }

  return {
    row,

    async list(filter: AuditFilter, page: PageRequest): Promise<{ total: number; data: AuditRecord[] }> {
      const { total, rows } = await store.consoleAudit.list(filter, page);
      return {
        total,
        data: rows.map((row) => ({
          id: row.id,
          created_at: row.created_at,
          actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name },
          action: row.action,
          target: { type: row.target_type, id: row.target_id, name: row.target_name },
          detail: JSON.parse(row.detail) as Record<string, unknown>,
          ip: row.ip,
        })),
      };
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
