import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Alarm, AlarmFilter, DeviceAuditKind, DeviceAuditRecord, DeviceAuditSource, DeviceLogFilter, LogCursor } from '../domain/device-audit.js';
import { offsetOf, type Page, type PageRequest } from './paging.js';
import { columnsOf, precompile } from './precompiled.js';
import type { Database, DeviceAuditRow } from './schema.js';

const COLUMNS = columnsOf<DeviceAuditRow>({
  id: true, created_at: true, kind: true, device_id: true, device_uuid: true, conn_id: true, type: true, action: true, ip: true, info: true,
  session_id: true, peer_id: true, peer_name: true, note: true, authorized_at: true, closed_at: true, source: true,
});

function toRecord(row: DeviceAuditRow): DeviceAuditRecord {
  let info: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(row.info);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) info = parsed as Record<string, unknown>;
  } catch {
    // unreadable: nothing more to show
  }
  return { ...row, kind: row.kind as DeviceAuditKind, source: row.source === 'server' ? 'server' : 'client', info, conn_id: Number(row.conn_id), type: Number(row.type) };
}

export interface DeviceAuditFilter extends DeviceLogFilter {
  kind: DeviceAuditKind;
}

/** Newest first, then by id: the order of every log, and of a cursor's continuation. */
function after<T extends 'device_audit' | 'login_failures'>(eb: ExpressionBuilder<Database, T>, cursor: LogCursor) {
  const e = eb as unknown as ExpressionBuilder<Database, 'device_audit'>;
  return e.or([e('created_at', '<', cursor.created_at), e.and([e('created_at', '=', cursor.created_at), e('id', '<', cursor.id)])]);
}

/** What a change to a connection record writes (only the fields present). */
export type ConnPatch = Partial<Pick<DeviceAuditRecord, 'action' | 'session_id' | 'peer_id' | 'peer_name' | 'type' | 'note' | 'authorized_at' | 'closed_at' | 'info'>>;

/** Connection, file and alarm records of devices (spec/rustdesk-client-api.md §6), and the nonces of posts taken. */
export function createDeviceAuditStore(db: Kysely<Database>) {
  const insert = precompile(db, (row: DeviceAuditRow) => db.insertInto('device_audit').values(row), COLUMNS);
  const nonce = precompile(db, (p: { device_id: string; nonce: string; created_at: number }) =>
    db.insertInto('device_audit_nonces').values(p).onConflict((oc) => oc.columns(['device_id', 'nonce']).doNothing()),
    ['device_id', 'nonce', 'created_at'],
  );

  /**
   * The records of one kind that pass every filter given. SQLite keeps no statistics and, left to
   * itself, reads every record of the kind (`device_audit_kind`) even for one device or one
   * controller. So with a device, an owner or a controller the kind is compared as `kind || ''`,
   * which no index serves, and the lookup goes through `device_audit_device` (0010) or, for a
   * controller, the ids found on `device_audit_peer` and `device_audit_peer_name` (0012), whose
   * own lookups keep the kind; open connections are found on `device_audit_open` (0012).
   */
  function filtered(filter: DeviceAuditFilter) {
    const narrow = Boolean(filter.deviceId || filter.ownerId || filter.peer);
    let query = db
      .selectFrom('device_audit')
      .where((eb) => (narrow ? eb(sql<string>`${sql.ref('kind')} || ''`, '=', filter.kind) : eb('kind', '=', filter.kind)));
    if (filter.deviceId) query = query.where('device_id', '=', filter.deviceId);
    if (filter.ownerId) {
      const ownerId = filter.ownerId;
      query = query.where('device_id', 'in', db.selectFrom('devices').select('id').where('user_id', '=', ownerId));
    }
    if (filter.peer) {
      const peer = filter.peer;
      // The id as it is, or the whole name in any case: two index lookups (no search within names).
      const byId = db.selectFrom('device_audit').select('id').where('kind', '=', filter.kind).where('peer_id', '=', peer);
      const byName = db
        .selectFrom('device_audit')
        .select('id')
        .where('kind', '=', filter.kind)
        .where((eb) => eb(eb.fn('lower', ['peer_name']), '=', eb.fn('lower', [eb.val(peer)])));
      query = query.where('id', 'in', byId.unionAll(byName));
    }
    if (filter.state === 'open') query = query.where('closed_at', '=', 0);
    if (filter.state === 'closed') query = query.where('closed_at', '>', 0);
    if (filter.type !== undefined) query = query.where('type', '=', filter.type);
    if (filter.from !== undefined) query = query.where('created_at', '>=', filter.from);
    if (filter.to !== undefined) query = query.where('created_at', '<', filter.to);
    return query;
  }

  /**
   * The ids of the alarms that pass the filter, over both tables, with where each comes from;
   * undefined when the filter leaves neither (sign-ins have no device and no alarm type).
   */
  function alarmUnion(filter: AlarmFilter, cursor: LogCursor | undefined) {
    let devices = db.selectFrom('device_audit').where('kind', '=', 'alarm');
    if (filter.deviceId) devices = devices.where('device_id', '=', filter.deviceId);
    if (filter.type !== undefined) devices = devices.where('type', '=', filter.type);
    if (filter.from !== undefined) devices = devices.where('created_at', '>=', filter.from);
    if (filter.to !== undefined) devices = devices.where('created_at', '<', filter.to);
    if (cursor) devices = devices.where((eb) => after(eb, cursor));
    let signIns = db.selectFrom('login_failures');
    if (filter.from !== undefined) signIns = signIns.where('created_at', '>=', filter.from);
    if (filter.to !== undefined) signIns = signIns.where('created_at', '<', filter.to);
    if (cursor) signIns = signIns.where((eb) => after(eb, cursor));
    const fromDevices = devices.select(['id', 'created_at', sql<string>`'device'`.as('source')]);
    const fromSignIns = signIns.select(['id', 'created_at', sql<string>`'sign_in'`.as('source')]);
    const withDevices = filter.source !== 'sign_in';
    const withSignIns = filter.source !== 'device' && !filter.deviceId && filter.type === undefined;
    if (withDevices && withSignIns) return fromDevices.unionAll(fromSignIns);
    if (withDevices) return fromDevices;
    if (withSignIns) return fromSignIns;
    return undefined;
  }

  /** The alarms of the ids picked, in their order, read from each table. */
  async function alarmsOf(picked: { id: string; source: string }[]): Promise<Alarm[]> {
    const ids = (source: string) => picked.filter((row) => row.source === source).map((row) => row.id);
    const [devices, signIns] = await Promise.all([
      ids('device').length > 0 ? db.selectFrom('device_audit').selectAll().where('id', 'in', ids('device')).execute() : [],
      ids('sign_in').length > 0 ? db.selectFrom('login_failures').selectAll().where('id', 'in', ids('sign_in')).execute() : [],
    ]);
    const byId = new Map<string, Alarm>();
    for (const row of devices) {
      const record = toRecord(row);
      byId.set(`device:${row.id}`, { id: row.id, created_at: Number(row.created_at), source: 'device', device_id: row.device_id, type: record.type, action: row.action, ip: row.ip, info: record.info });
    }
    for (const row of signIns) {
      byId.set(`sign_in:${row.id}`, {
        id: row.id,
        created_at: Number(row.created_at),
        source: 'sign_in',
        device_id: '',
        type: -1,
        action: row.reason,
        ip: row.ip,
        info: { name: row.name, channel: row.channel, kind: row.kind, provider_name: row.provider_name, detail: row.detail },
      });
    }
    return picked.map((row) => byId.get(`${row.source}:${row.id}`)).filter((alarm): alarm is Alarm => alarm !== undefined);
  }

  return {
    /** Adds a record; without `source`, one a device posted. */
    async insert(record: Omit<DeviceAuditRecord, 'source'> & { source?: DeviceAuditSource }): Promise<void> {
      await insert.run({ ...record, source: record.source ?? 'client', info: JSON.stringify(record.info) });
    },

    /** Takes a post's nonce for this device: false when it was taken before (a retried post). */
    async takeNonce(deviceId: string, value: string, at: number): Promise<boolean> {
      return (await nonce.run({ device_id: deviceId, nonce: value, created_at: at })) > 0;
    },

    async purgeNonces(before: number): Promise<void> {
      await db.deleteFrom('device_audit_nonces').where('created_at', '<', before).execute();
    },

    async findById(id: string): Promise<DeviceAuditRecord | undefined> {
      const row = await db.selectFrom('device_audit').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toRecord(row);
    },

    /** The latest connection record of this device with this connection number that is not closed. */
    async openConnection(deviceId: string, connId: number): Promise<DeviceAuditRecord | undefined> {
      const row = await db
        .selectFrom('device_audit')
        .selectAll()
        .where('device_id', '=', deviceId)
        .where('conn_id', '=', connId)
        .where('kind', '=', 'conn')
        .where('closed_at', '=', 0)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toRecord(row);
    },

    /** The latest connection record of this device in the controller's session `sessionId`. */
    async connectionInSession(deviceId: string, sessionId: string): Promise<DeviceAuditRecord | undefined> {
      const row = await db
        .selectFrom('device_audit')
        .selectAll()
        .where('device_id', '=', deviceId)
        .where('session_id', '=', sessionId)
        .where('kind', '=', 'conn')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row && toRecord(row);
    },

    async updateConnection(id: string, patch: ConnPatch): Promise<void> {
      const { info, ...rest } = patch;
      await db
        .updateTable('device_audit')
        .set({ ...rest, ...(info === undefined ? {} : { info: JSON.stringify(info) }) })
        .where('id', '=', id)
        .execute();
    },

    /**
     * Logs → Alarms, newest first: device alarms and failed sign-ins in one list. The page is
     * chosen over both tables; its rows are then read from each.
     */
    async listAlarms(filter: AlarmFilter, page: PageRequest): Promise<Page<Alarm>> {
      const union = alarmUnion(filter, undefined);
      if (!union) return { total: 0, rows: [] };
      const [count, picked] = await Promise.all([
        db.selectFrom(union.as('a')).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
        db.selectFrom(union.as('a')).selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.pageSize).offset(offsetOf(page)).execute(),
      ]);
      return { total: Number(count.n), rows: await alarmsOf(picked) };
    },

    /** Up to `limit` alarms after `cursor` (from the newest when none), newest first: for reading every alarm in chunks. */
    async alarmsAfter(filter: AlarmFilter, cursor: LogCursor | undefined, limit: number): Promise<Alarm[]> {
      const union = alarmUnion(filter, cursor);
      if (!union) return [];
      return alarmsOf(await db.selectFrom(union.as('a')).selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute());
    },

    /** One kind of record, newest first. */
    async list(filter: DeviceAuditFilter, page: PageRequest): Promise<Page<DeviceAuditRecord>> {
      const query = filtered(filter);
      const [count, rows] = await Promise.all([
        query.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
        query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(page.pageSize).offset(offsetOf(page)).execute(),
      ]);
      return { total: Number(count.n), rows: rows.map(toRecord) };
    },

    /** Up to `limit` records after `cursor` (from the newest when none), newest first: for reading every record in chunks. */
    async listAfter(filter: DeviceAuditFilter, cursor: LogCursor | undefined, limit: number): Promise<DeviceAuditRecord[]> {
      let query = filtered(filter);
      if (cursor) query = query.where((eb) => after(eb, cursor));
      const rows = await query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toRecord);
    },
  };
}

export type DeviceAuditStore = ReturnType<typeof createDeviceAuditStore>;
