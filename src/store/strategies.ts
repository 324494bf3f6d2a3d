import { sql, type Kysely } from 'kysely';
import type { Strategy } from '../domain/strategy.js';
import { engineOf } from './db.js';
import type { Database, StrategyRow } from './schema.js';

/** Who a strategy is for: devices by id, users and device groups by id. */
export interface StrategyTargets {
  devices: string[];
  users: string[];
  device_groups: string[];
}

/** A strategy with how many it names of each kind, and the devices it reaches (priority and default counted). */
export interface ListedStrategy extends Strategy {
  device_count: number;
  user_count: number;
  device_group_count: number;
  applied_count: number;
}

const TARGETS = [
  { kind: 'devices', table: 'device_strategies', column: 'device_id' },
  { kind: 'users', table: 'user_strategies', column: 'user_id' },
  { kind: 'device_groups', table: 'device_group_strategies', column: 'group_id' },
] as const;

function parseOptions(json: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(json);
    if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  } catch {
    return {};
  }
}

export function toStrategy(row: StrategyRow): Strategy {
  return {
    id: row.id,
    name: row.name,
    note: row.note,
    enabled: row.enabled === 1,
    is_default: row.is_default === 1,
    options: parseOptions(row.options),
    revision: Number(row.revision),
    created_at: Number(row.created_at),
    updated_at: Number(row.updated_at),
  };
}

function toRow(strategy: Strategy): StrategyRow {
  return {
    id: strategy.id,
    name: strategy.name,
    name_key: strategy.name.toLowerCase(),
    note: strategy.note,
    enabled: strategy.enabled ? 1 : 0,
    is_default: strategy.is_default ? 1 : 0,
    options: JSON.stringify(strategy.options),
    revision: strategy.revision,
    created_at: strategy.created_at,
    updated_at: strategy.updated_at,
  };
}

/** The strategy that names the devices row `alias` by itself, through its owner and through its group: a scalar subquery each. */
export function strategyByLevel(alias: string) {
  const ref = (column: string) => sql.ref(`${alias}.${column}`);
  return {
    device: sql<string | null>`(select s.strategy_id from device_strategies s where s.device_id = ${ref('id')})`,
    owner: sql<string | null>`(select s.strategy_id from user_strategies s where s.user_id = ${ref('user_id')})`,
    device_group: sql<string | null>`(select s.strategy_id from device_group_strategies s where s.group_id = ${ref('group_id')})`,
  };
}

/** The first of those that names one: the device's, else its owner's, else its group's (the default is the service's to add). */
export function strategyNamedFor(alias: string) {
  const level = strategyByLevel(alias);
  return sql<string | null>`coalesce(${level.device}, ${level.owner}, ${level.device_group})`;
}

/** Serialises changes to strategies on PostgreSQL (see `lock`). */
const STRATEGIES_LOCK = 0x6467_0002; // "dg" + 2: deskgate's advisory lock for strategies

/** Strategies and who each is for (migration 0026). */
export function createStrategyStore(db: Kysely<Database>) {
  const postgres = engineOf(db) === 'postgres';
  const namedFor = strategyNamedFor('d');
  return {
    /**
     * Inside a transaction, before its first write: on PostgreSQL, takes the strategies' advisory
     * lock until the transaction ends, so that what a change decides from the other strategies
     * (one default, a revision above all others, a name no other has) is decided one change after
     * the other. SQLite runs one transaction at a time anyway.
     */
    async lock(): Promise<void> {
      if (postgres) await sql`select pg_advisory_xact_lock(${STRATEGIES_LOCK})`.execute(db);
    },

    async list(): Promise<ListedStrategy[]> {
      const rows = await db.selectFrom('strategies').selectAll().orderBy('name_key').execute();
      const counts = new Map<string, { devices: number; users: number; device_groups: number; applied: number }>();
      const entry = (id: string) => {
        let found = counts.get(id);
        if (!found) counts.set(id, (found = { devices: 0, users: 0, device_groups: 0, applied: 0 }));
        return found;
      };
      for (const target of TARGETS) {
        const grouped = await db
          .selectFrom(target.table)
          .select(['strategy_id', (eb) => eb.fn.countAll<number | string>().as('n')])
          .groupBy('strategy_id')
          .execute();
        for (const row of grouped) entry(row.strategy_id)[target.kind] = Number(row.n);
      }
      const fallback = rows.find((row) => row.is_default === 1)?.id ?? null;
      const applied = await db
        .selectFrom('devices as d')
        .select([sql<string | null>`coalesce(${namedFor}, ${fallback})`.as('strategy_id'), (eb) => eb.fn.countAll<number | string>().as('n')])
        .groupBy(sql`1`)
        .execute();
      for (const row of applied) if (row.strategy_id) entry(row.strategy_id).applied = Number(row.n);
      return rows.map((row) => {
        const n = counts.get(row.id);
        const strategy = toStrategy(row);
        return {
          ...strategy,
          device_count: n?.devices ?? 0,
          user_count: n?.users ?? 0,
          device_group_count: n?.device_groups ?? 0,
          // A disabled strategy reaches no device.
          applied_count: strategy.enabled ? (n?.applied ?? 0) : 0,
        };
      });
    },

    /** Every strategy, for the heartbeat's snapshot. */
    async all(): Promise<Strategy[]> {
      return (await db.selectFrom('strategies').selectAll().execute()).map(toStrategy);
    },

    async findById(id: string): Promise<Strategy | undefined> {
      const row = await db.selectFrom('strategies').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toStrategy(row);
    },

    async findByName(name: string): Promise<Strategy | undefined> {
      const row = await db.selectFrom('strategies').selectAll().where('name_key', '=', name.trim().toLowerCase()).executeTakeFirst();
      return row && toStrategy(row);
    },

    /** The newest revision of any strategy, 0 for none: a new one goes above it. */
    async maxRevision(): Promise<number> {
      const row = await db.selectFrom('strategies').select((eb) => eb.fn.max('revision').as('r')).executeTakeFirst();
      return Number(row?.r ?? 0);
    },

    /** Adds a strategy unless its name is taken (ignoring case); whether it was added. */
    async insert(strategy: Strategy): Promise<boolean> {
      const result = await db.insertInto('strategies').values(toRow(strategy)).onConflict((oc) => oc.column('name_key').doNothing()).executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
    },

    /** Writes a strategy whole unless its new name is another's; whether it was written. */
    async update(strategy: Strategy): Promise<boolean> {
      const { id, created_at: _created, ...rest } = toRow(strategy);
      const taken = await db.selectFrom('strategies').select('id').where('name_key', '=', rest.name_key).where('id', '!=', id).executeTakeFirst();
      if (taken) return false;
      await db.updateTable('strategies').set(rest).where('id', '=', id).execute();
      return true;
    },

    async delete(id: string): Promise<void> {
      await db.deleteFrom('strategies').where('id', '=', id).execute();
    },

    /** Makes every strategy but `keep` not the default. */
    async clearDefault(keep: string): Promise<void> {
      await db.updateTable('strategies').set({ is_default: 0 }).where('is_default', '=', 1).where('id', '!=', keep).execute();
    },

    /** The devices, users and device groups a strategy names itself. */
    async targets(strategyId: string): Promise<StrategyTargets> {
      const [devices, users, deviceGroups] = await Promise.all(
        TARGETS.map(async (target) => {
          const rows = await db.selectFrom(target.table).select(sql<string>`${sql.ref(target.column)}`.as('id')).where('strategy_id', '=', strategyId).execute();
          return rows.map((row) => row.id).sort();
        }),
      );
      return { devices: devices!, users: users!, device_groups: deviceGroups! };
    },

    /**
     * Names `strategyId` as the strategy of these devices, users and device groups (replacing
     * the one each had), or, with null, leaves them with none of their own: only those whose
     * own is `from`, when given.
     */
    async assign(strategyId: string | null, targets: StrategyTargets, from?: string): Promise<void> {
      for (const target of TARGETS) {
        const ids = targets[target.kind];
        for (let i = 0; i < ids.length; i += 500) {
          const chunk = ids.slice(i, i + 500);
          if (strategyId === null) {
            let removed = db.deleteFrom(target.table).where(sql.ref(target.column), 'in', chunk);
            if (from !== undefined) removed = removed.where('strategy_id', '=', from);
            await removed.execute();
          } else {
            // One statement per chunk: two changes naming the same target at once both succeed, the later one kept.
            await db
              .insertInto(target.table)
              .values(chunk.map((id) => ({ [target.column]: id, strategy_id: strategyId }) as never))
              .onConflict((oc) => oc.column(target.column as never).doUpdateSet({ strategy_id: strategyId } as never))
              .execute();
          }
        }
      }
    },

    /** Which of these devices, users or device groups do not exist. */
    async missing(kind: keyof StrategyTargets, ids: string[]): Promise<string[]> {
      const table = kind === 'devices' ? 'devices' : kind === 'users' ? 'users' : 'device_groups';
      const found = new Set<string>();
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await db.selectFrom(table).select('id').where('id', 'in', ids.slice(i, i + 500)).execute();
        for (const row of rows) found.add(row.id);
      }
      return ids.filter((id) => !found.has(id));
    },

    /** The strategy a device's own, owner's or group's row names, if any (not the default). */
    async namedForDevice(deviceId: string): Promise<string | null> {
      const row = await db.selectFrom('devices as d').select(namedFor.as('strategy_id')).where('d.id', '=', deviceId).executeTakeFirst();
      return row?.strategy_id ?? null;
    },
  };
}

export type StrategyStore = ReturnType<typeof createStrategyStore>;
