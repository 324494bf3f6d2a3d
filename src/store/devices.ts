import { sql, type Kysely } from 'kysely';
import { engineOf } from './db.js';
import type { Device, DeviceFilter, DeviceSysinfo, ListedDevice } from '../domain/device.js';
import { likePattern, offsetOf, type Page, type PageRequest } from './paging.js';
import { columnsOf, precompile } from './precompiled.js';
import { strategyByLevel, strategyNamedFor } from './strategies.js';
import type { Database, DeviceRow } from './schema.js';

const DEVICE_COLUMNS = columnsOf<DeviceRow>({
  id: true, uuid: true, hostname: true, username: true, os: true, cpu: true, memory: true, version: true, ver: true, user_id: true,
  group_id: true, alias: true, note: true, enabled: true, conns: true, strategy_modified_at: true, sysinfo_at: true, last_online_at: true,
  created_at: true, updated_at: true, pk: true, approved: true, deployed: true,
});

function connsOf(json: string): number[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? parsed.filter((n): n is number => Number.isInteger(n)) : [];
  } catch {
    return [];
  }
}

const toDevice = (row: DeviceRow): Device => ({
  ...row,
  enabled: row.enabled === 1,
  conns: connsOf(row.conns),
  approved: Number(row.approved) === 1,
  deployed: Number(row.deployed) === 1,
});
const toRow = (device: Device): DeviceRow => ({
  ...device,
  enabled: device.enabled ? 1 : 0,
  conns: JSON.stringify(device.conns),
  approved: device.approved ? 1 : 0,
  deployed: device.deployed ? 1 : 0,
});

type ListedRow = DeviceRow & { owner_name: string | null; group_name: string | null; own_strategy: string | null; owner_strategy: string | null; group_strategy: string | null };
const toListed = (row: ListedRow): ListedDevice => ({
  ...toDevice(row),
  owner_name: row.owner_name,
  group_name: row.group_name,
  named_strategies: { device: row.own_strategy, owner: row.owner_strategy, device_group: row.group_strategy },
});

/** The columns of a listed device besides its own: owner's and group's names, and the strategies naming it at each level. */
const LISTED_STRATEGIES = strategyByLevel('d');
const LISTED_EXTRAS = [
  'u.name as owner_name',
  'g.name as group_name',
  LISTED_STRATEGIES.device.as('own_strategy'),
  LISTED_STRATEGIES.owner.as('owner_strategy'),
  LISTED_STRATEGIES.device_group.as('group_strategy'),
] as const;

/** What administrators (and presets, and `rustdesk --assign`) change on a device. */
export type DeviceUpdate = Partial<Pick<Device, 'user_id' | 'group_id' | 'note' | 'alias' | 'enabled' | 'sysinfo_at' | 'username' | 'hostname' | 'approved'>> & { updated_at: number };

/** A device to add: its rendezvous fields (migration 0022) are optional. */
export type NewDevice = Omit<Device, 'pk' | 'approved' | 'deployed'> & Partial<Pick<Device, 'pk' | 'approved' | 'deployed'>>;

/** What a heartbeat writes: when it came, and what the client said. */
export interface HeartbeatWrite {
  id: string;
  uuid: string;
  at: number;
  ver: number;
  conns: string;
  strategy_modified_at: number;
}

/** Heartbeats written by one statement: its one parameter is a JSON array of them. */
const BEATS_PER_STATEMENT = 1_000;

/** Devices, their groups and pending disconnects. */
export function createDeviceStore(db: Kysely<Database>) {
  const postgres = engineOf(db) === 'postgres';
  /**
   * Many heartbeats in one statement, each applied only to the device with its id and uuid. The
   * heartbeats arrive as one JSON parameter (a statement's parameter count is limited, and one
   * parameter keeps the SQL the same whatever the batch's size). Last-online never goes back:
   * another instance may have written a later heartbeat of the same device.
   */
  const beatMany = (json: string) =>
    postgres
      ? sql<{ id: string; sysinfo_at: number; strategy_id: string | null }>`
          update devices as d
             set last_online_at = greatest(d.last_online_at, b.at), ver = b.ver, conns = b.conns, strategy_modified_at = b.strategy_modified_at
            from jsonb_to_recordset(${json}::jsonb) as b(id text, uuid text, at bigint, ver bigint, conns text, strategy_modified_at bigint)
           where d.id = b.id and d.uuid = b.uuid
       returning d.id, d.sysinfo_at, ${strategyNamedFor('d')} as strategy_id`
      : sql<{ id: string; sysinfo_at: number; strategy_id: string | null }>`
          update devices
             set last_online_at = max(devices.last_online_at, b.at), ver = b.ver, conns = b.conns, strategy_modified_at = b.strategy_modified_at
            from (select value ->> 'id' as id, value ->> 'uuid' as uuid, value ->> 'at' as at, value ->> 'ver' as ver,
                         value ->> 'conns' as conns, value ->> 'strategy_modified_at' as strategy_modified_at
                    from json_each(${json})) as b
           where devices.id = b.id and devices.uuid = b.uuid
       returning devices.id, devices.sysinfo_at, ${strategyNamedFor('devices')} as strategy_id`;
  const seenMany = (json: string) =>
    postgres
      ? sql`
          update devices as d set last_online_at = greatest(d.last_online_at, b.at)
            from jsonb_to_recordset(${json}::jsonb) as b(id text, uuid text, at bigint)
           where d.id = b.id and d.uuid = b.uuid`
      : sql`
          update devices set last_online_at = max(devices.last_online_at, b.at)
            from (select value ->> 'id' as id, value ->> 'uuid' as uuid, value ->> 'at' as at from json_each(${json})) as b
           where devices.id = b.id and devices.uuid = b.uuid`;
  const byId = precompile(db, (p: { id: string }) => db.selectFrom('devices').selectAll().where('id', '=', p.id));
  /** Devices joined to their owner and group, filtered: the one query behind a page and its total. */
  function listed(filter: DeviceFilter) {
    let query = db.selectFrom('devices as d').leftJoin('users as u', 'u.id', 'd.user_id').leftJoin('device_groups as g', 'g.id', 'd.group_id');
    if (filter.search) {
      const pattern = likePattern(filter.search.toLowerCase());
      const like = sql<string>`${pattern} escape '\\'`;
      query = query.where((eb) =>
        eb.or([
          eb(eb.fn('lower', ['d.id']), 'like', like),
          eb(eb.fn('lower', ['d.hostname']), 'like', like),
          eb(eb.fn('lower', ['d.alias']), 'like', like),
          eb(eb.fn('lower', ['d.username']), 'like', like),
          eb('u.name_key', 'like', like),
        ]),
      );
    }
    if (filter.online) query = query.where('d.last_online_at', filter.online.online ? '>=' : '<', filter.online.since);
    if (filter.group_id) query = query.where('d.group_id', '=', filter.group_id);
    if (filter.user_id) query = query.where('d.user_id', '=', filter.user_id);
    return query;
  }
  const insertDevice = precompile(db, (row: DeviceRow) => db.insertInto('devices').values(row).onConflict((oc) => oc.column('id').doNothing()), DEVICE_COLUMNS);

  return {
    /** Of `ids`, those heard from at `since` or later (the online query across instances). */
    async seenSince(ids: readonly string[], since: number): Promise<Set<string>> {
      if (ids.length === 0) return new Set();
      const rows = await db.selectFrom('devices').select('id').where('id', 'in', ids).where('last_online_at', '>=', since).execute();
      return new Set(rows.map((row) => row.id));
    },
    async findById(id: string): Promise<Device | undefined> {
      const row = await byId.first({ id });
      return row && toDevice(row);
    },

    /**
     * Writes heartbeats (at most one per device), each only to the device with its id and uuid:
     * for each device written, by id, its `sysinfo_at` and the strategy its own, owner's or
     * group's row names (null: none). A heartbeat missing from the answer named no such device
     * (deleted, or another uuid).
     */
    async heartbeats(writes: readonly HeartbeatWrite[]): Promise<Map<string, { sysinfoAt: number; strategyId: string | null }>> {
      const written = new Map<string, { sysinfoAt: number; strategyId: string | null }>();
      for (let start = 0; start < writes.length; start += BEATS_PER_STATEMENT) {
        const { rows } = await beatMany(JSON.stringify(writes.slice(start, start + BEATS_PER_STATEMENT))).execute(db);
        for (const row of rows) written.set(row.id, { sysinfoAt: Number(row.sysinfo_at), strategyId: row.strategy_id ?? null });
      }
      return written;
    },

    /**
     * Adds a device unless its id exists; whether it was added. Left out, the rendezvous fields
     * are those of a device admitted under no rule (no key yet, approved, deployed): callers that
     * create devices while a rule is on pass them.
     */
    async insert(device: NewDevice): Promise<boolean> {
      return (await insertDevice.run(toRow({ pk: '', approved: true, deployed: true, ...device }))) > 0;
    },

    /** Stores a sysinfo upload on the device with this id and uuid; whether there was one. */
    async storeSysinfo(id: string, uuid: string, sysinfo: DeviceSysinfo, at: number): Promise<boolean> {
      const result = await db
        .updateTable('devices')
        .set({ ...sysinfo, sysinfo_at: at, last_online_at: at, updated_at: at })
        .where('id', '=', id)
        .where('uuid', '=', uuid)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async update(id: string, patch: DeviceUpdate): Promise<void> {
      const { enabled, approved, ...rest } = patch;
      await db
        .updateTable('devices')
        .set({ ...rest, ...(enabled === undefined ? {} : { enabled: enabled ? 1 : 0 }), ...(approved === undefined ? {} : { approved: approved ? 1 : 0 }) })
        .where('id', '=', id)
        .execute();
    },

    /**
     * Devices seen by the rendezvous server (each a registration), in one statement per batch:
     * last-online only moves forward, and only on the device with that id and uuid.
     */
    async seen(writes: readonly { id: string; uuid: string; at: number }[]): Promise<void> {
      for (let start = 0; start < writes.length; start += BEATS_PER_STATEMENT) {
        await seenMany(JSON.stringify(writes.slice(start, start + BEATS_PER_STATEMENT))).execute(db);
      }
    },

    /** Stores the public key a device registered with (its id and uuid); whether there was such a device. */
    async setPk(id: string, uuid: string, pk: string, at: number): Promise<boolean> {
      const result = await db
        .updateTable('devices')
        .set({ pk, last_online_at: at, updated_at: at })
        .where('id', '=', id)
        .where('uuid', '=', uuid)
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /** Marks the device with this id and uuid as deployed, with its key; whether there was one. */
    async markDeployed(id: string, uuid: string, pk: string, at: number): Promise<boolean> {
      const result = await db.updateTable('devices').set({ pk, deployed: 1, updated_at: at }).where('id', '=', id).where('uuid', '=', uuid).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    /**
     * Takes the device with this id and uuid out of the table (for an id change, in the same
     * transaction as the row under its new id): what it held, or undefined when there was none.
     * Its pending disconnects go with it; their connections end with the old id anyway.
     */
    async take(id: string, uuid: string): Promise<Device | undefined> {
      const row = await db.deleteFrom('devices').where('id', '=', id).where('uuid', '=', uuid).returningAll().executeTakeFirst();
      return row && toDevice(row);
    },

    /** Ids of the devices with connections an administrator closed, not yet carried by a heartbeat. */
    async devicesWithDisconnects(): Promise<string[]> {
      const rows = await db.selectFrom('device_disconnects').select('device_id').distinct().execute();
      return rows.map((row) => row.device_id);
    },

    async addDisconnect(deviceId: string, connId: number, at: number): Promise<void> {
      await db
        .insertInto('device_disconnects')
        .values({ device_id: deviceId, conn_id: connId, created_at: at })
        .onConflict((oc) => oc.columns(['device_id', 'conn_id']).doNothing())
        .execute();
    },

    /** The connection ids to close on this device, removed as they are handed out (once, on whichever instance). */
    async takeDisconnects(deviceId: string): Promise<number[]> {
      const rows = await db.deleteFrom('device_disconnects').where('device_id', '=', deviceId).returning('conn_id').execute();
      return rows.map((row) => Number(row.conn_id)).sort((a, b) => a - b);
    },

    /** One page of devices with their owner's and group's names, the latest heard from first. */
    async list(filter: DeviceFilter, page: PageRequest): Promise<Page<ListedDevice>> {
      const [rows, count] = await Promise.all([
        listed(filter)
          .selectAll('d')
          .select(LISTED_EXTRAS)
          .orderBy('d.last_online_at', 'desc')
          .orderBy('d.id')
          .limit(page.pageSize)
          .offset(offsetOf(page))
          .execute(),
        listed(filter).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { total: Number(count.n), rows: rows.map(toListed) };
    },

    async findListed(id: string): Promise<ListedDevice | undefined> {
      const row = await listed({})
        .selectAll('d')
        .select(LISTED_EXTRAS)
        .where('d.id', '=', id)
        .executeTakeFirst();
      return row && toListed(row);
    },

    /** Removes a device (its pending disconnects go with it); whether there was one. */
    async delete(id: string): Promise<boolean> {
      const result = await db.deleteFrom('devices').where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** Makes `userId` the owner of the device with this id and uuid, unless it already is; whether it changed. */
    async claim(id: string, uuid: string, userId: string, at: number): Promise<boolean> {
      const result = await db
        .updateTable('devices')
        .set({ user_id: userId, updated_at: at })
        .where('id', '=', id)
        .where('uuid', '=', uuid)
        .where((eb) => eb.or([eb('user_id', 'is', null), eb('user_id', '!=', userId)]))
        .executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },
  };
}

export type DeviceStore = ReturnType<typeof createDeviceStore>;
