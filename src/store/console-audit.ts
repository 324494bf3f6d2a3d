import { sql, type Kysely } from 'kysely';
import { likePattern, offsetOf, type Page, type PageRequest } from './paging.js';
import { columnsOf, precompile } from './precompiled.js';
import type { AuditRecord } from '../domain/audit-record.js';
import type { AuditRow, Database } from './schema.js';

export interface AuditFilter {
  action?: string | undefined;
  actor?: string | undefined;
  target?: string | undefined;
  from?: number | undefined;
  to?: number | undefined;
}

const COLUMNS = columnsOf<AuditRow>({
  id: true, created_at: true, actor_type: true, actor_id: true, actor_name: true, action: true, target_type: true,
  target_id: true, target_name: true, detail: true, ip: true,
});

function toRow(record: AuditRecord): AuditRow {
  return {
    id: record.id,
    created_at: record.created_at,
    actor_type: record.actor.type,
    actor_id: record.actor.id,
    actor_name: record.actor.name,
    action: record.action,
    target_type: record.target.type,
    target_id: record.target.id,
    target_name: record.target.name,
    detail: JSON.stringify(record.detail),
    ip: record.ip,
  };
}

function fromRow(row: AuditRow): AuditRecord {
  return {
    id: row.id,
    created_at: row.created_at,
    actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name },
    action: row.action,
    target: { type: row.target_type, id: row.target_id, name: row.target_name },
    detail: JSON.parse(row.detail) as Record<string, unknown>,
    ip: row.ip,
  };
}

export function createConsoleAuditStore(db: Kysely<Database>) {
  const insert = precompile(db, (row: AuditRow) => db.insertInto('console_audit').values(row), COLUMNS);

  function filtered(filter: AuditFilter) {
    let query = db.selectFrom('console_audit');
    // `user.` finds every user action; `user.create` just that one.
    if (filter.action) {
      query = filter.action.endsWith('.')
        ? query.where('action', 'like', sql<string>`${likePattern(filter.action).slice(1)} escape '\\'`)
        : query.where('action', '=', filter.action);
    }
    if (filter.actor) query = query.where('actor_name', '=', filter.actor);
    if (filter.target) {
      const pattern = likePattern(filter.target.toLowerCase());
      query = query.where((eb) => eb(eb.fn('lower', ['target_name']), 'like', sql<string>`${pattern} escape '\\'`));
    }
    if (filter.from !== undefined) query = query.where('created_at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('created_at', '<', filter.to);
    return query;
  }

  return {
    async insert(record: AuditRecord): Promise<void> {
      await insert.run(toRow(record));
    },
    /** The insert as a query, to write together with others (`writeAll`). */
    insertQuery(record: AuditRecord) {
      return insert.bind(toRow(record));
    },
    async list(filter: AuditFilter, page: PageRequest): Promise<Page<AuditRecord>> {
      const [rows, count] = await Promise.all([
        filtered(filter)
          .selectAll()
          .orderBy('created_at', 'desc')
          .orderBy('id', 'desc')
          .limit(page.pageSize)
          .offset(offsetOf(page))
          .execute(),
        filtered(filter).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { total: Number(count.n), rows: rows.map(fromRow) };
    },
  };
}

export type ConsoleAuditStore = ReturnType<typeof createConsoleAuditStore>;
