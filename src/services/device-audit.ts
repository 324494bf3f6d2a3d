import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Alarm, AlarmFilter, DeviceAuditRecord, DeviceLogFilter, LogCursor } from '../domain/device-audit.js';
import { deviceId, deviceIdentity, deviceText, jsonObjectText, safeInteger, u64Text } from '../input/device-fields.js';
import type { Store } from '../store/index.js';
import type { PageRequest } from '../store/paging.js';
import type { AccessTokenService } from './access-tokens.js';
import type { DeviceService } from './devices.js';
import { newTimeOrderedId } from './secrets.js';

/** The note a person types at the end of a session: the client's UI allows 256 characters (§6.2, §6.7). */
const NOTE_MAX = 256;
/** A retried post arrives within 120 s (§6.5); nonces are kept a day. */
export const NONCE_TTL_MS = 86_400_000;
/** How many records an export reads at a time: the whole log is never held at once. */
export const EXPORT_CHUNK = 1000;
/** Connection types a controller asks about (§6.6): remote desktop, file transfer, port forward, camera, terminal. */
const CONN_TYPES = new Set([0, 1, 2, 3, 4]);

type Body = Record<string, unknown> | undefined;

/** Reads a newest-first log chunk after chunk, each continuing after the last record of the one before. */
async function* chunks<T extends LogCursor>(read: (cursor: LogCursor | undefined) => Promise<T[]>): AsyncGenerator<T[]> {
  let cursor: LogCursor | undefined;
  for (;;) {
    const rows = await read(cursor);
    if (rows.length > 0) yield rows;
    if (rows.length < EXPORT_CHUNK) return;
    const last = rows[rows.length - 1] as T;
    cursor = { created_at: last.created_at, id: last.id };
  }
}

const blank = (): Pick<DeviceAuditRecord, 'session_id' | 'peer_id' | 'peer_name' | 'note' | 'authorized_at' | 'closed_at'> => ({
  session_id: '',
  peer_id: '',
  peer_name: '',
  note: '',
  authorized_at: 0,
  closed_at: 0,
});

/** `peer: [id, name]` of an authorised connection (§6.1, §12 item 15). */
function peerOf(value: unknown): { id: string; name: string } | undefined {
  if (!Array.isArray(value)) return undefined;
  return { id: deviceText(value[0], 100), name: deviceText(value[1], 256) };
}

/**
 * What devices report about connections, file transfers and alarms (spec/rustdesk-client-api.md
 * §6), and the controlling side's note. The controlled side's posts carry no credentials: they
 * are kept only for a device deskgate knows by id and uuid, once per `nonce`. Every answer the
 * client reads as success is a 2xx with an empty body (§6.5), also for a post that is dropped.
 */
export function createDeviceAuditService(deps: { store: Store; clock: Clock; devices: DeviceService; accessTokens: AccessTokenService }) {
  const { store, clock, devices, accessTokens } = deps;

  /**
   * Runs `write` for a post of a known device, once per nonce: the nonce is taken in the same
   * transaction, so a write that fails leaves it free for the client's retry.
   */
  async function once(body: Body, ip: string, route: string, write: (tx: Store, id: string, uuid: string) => Promise<void>): Promise<void> {
    const { id, uuid } = deviceIdentity(body);
    if ((await devices.recognise(id, uuid, ip, route)) !== 'known') return;
    const nonce = deviceText(body?.nonce, 100);
    await store.transaction(async (tx) => {
      if (nonce && !(await tx.deviceAudit.takeNonce(id, nonce, clock.now()))) return;
      await write(tx, id, uuid);
    });
  }

  /** §6.1: "new", then the authorised record (no `action`, a `peer`), then "close". */
  async function connection(tx: Store, id: string, uuid: string, body: Record<string, unknown>, ip: string): Promise<void> {
    const now = clock.now();
    const connId = safeInteger(body.conn_id, 0);
    const action = deviceText(body.action, 32);
    const open = await tx.deviceAudit.openConnection(id, connId);
    const ref = deviceText(body.conn_audit_ref, 256);
    if (action === 'new') {
      // A RustDesk process numbers connections from 1 again when it restarts: an older open record is over.
      if (open) await tx.deviceAudit.updateConnection(open.id, { closed_at: now, action: 'close' });
      await tx.deviceAudit.insert({
        ...blank(),
        id: newTimeOrderedId(now),
        created_at: now,
        kind: 'conn',
        device_id: id,
        device_uuid: uuid,
        conn_id: connId,
        type: -1,
        action: 'new',
        ip: deviceText(body.ip, 64) || ip,
        info: ref ? { conn_audit_ref: ref } : {},
      });
      return;
    }
    const peer = peerOf(body.peer);
    if (action === '' && peer) {
      const extra: Record<string, unknown> = {};
      for (const key of ['primary_auth', 'two_factor'] as const) if (Number.isInteger(body[key])) extra[key] = body[key];
      const patch = {
        action: 'authorized',
        session_id: u64Text(body.session_id),
        peer_id: peer.id,
        peer_name: peer.name,
        type: safeInteger(body.type, -1),
        authorized_at: now,
      };
      if (open) {
        await tx.deviceAudit.updateConnection(open.id, { ...patch, info: { ...open.info, ...extra } });
        return;
      }
      // Its "new" record was lost (posted before deskgate knew the device): the connection is still worth keeping.
      await tx.deviceAudit.insert({ ...blank(), ...patch, id: newTimeOrderedId(now), created_at: now, kind: 'conn', device_id: id, device_uuid: uuid, conn_id: connId, ip, info: extra });
      return;
    }
    if (action === 'close') {
      if (open) await tx.deviceAudit.updateConnection(open.id, { action: 'close', closed_at: now });
      return;
    }
    throw new AppError('request.invalid', { message: 'a connection record needs action new or close, or a peer' });
  }

  return {
    /** POST /api/audit/conn: the controlled side's records (§6.1), or the controlling side's note (§6.2). */
    async conn(body: Body, ip: string): Promise<void> {
      if (body && typeof body.note === 'string' && body.uuid === undefined && body.conn_id === undefined) {
        // §6.2: sent without credentials by a signed-in controller; matched to the controlled device's record.
        const id = deviceId(body.id);
        const sessionId = u64Text(body.session_id);
        if (!sessionId) throw new AppError('request.invalid', { message: 'session_id must be the session’s number' });
        const record = await store.deviceAudit.connectionInSession(id, sessionId);
        if (record) await store.deviceAudit.updateConnection(record.id, { note: deviceText(body.note, NOTE_MAX) });
        return;
      }
      await once(body, ip, 'audit/conn', (tx, id, uuid) => connection(tx, id, uuid, body ?? {}, ip));
    },

    /** POST /api/audit/file (§6.3): `info` is a JSON string holding the controller's address, name and the largest files. */
    async file(body: Body, ip: string): Promise<void> {
      await once(body, ip, 'audit/file', async (tx, id, uuid) => {
        const now = clock.now();
        const b = body ?? {};
        const info = jsonObjectText(b.info);
        await tx.deviceAudit.insert({
          ...blank(),
          id: newTimeOrderedId(now),
          created_at: now,
          kind: 'file',
          device_id: id,
          device_uuid: uuid,
          conn_id: safeInteger(b.conn_id, 0),
          type: safeInteger(b.type, -1),
          action: '',
          ip: deviceText(info.ip, 64) || ip,
          peer_id: deviceText(b.peer_id, 100),
          peer_name: deviceText(info.name, 256),
          info: { ...info, path: deviceText(b.path, 4096), is_file: b.is_file === true },
        });
      });
    },

    /** POST /api/audit/alarm (§6.4): `typ` and a JSON-string `info`; unknown `typ` values are kept as sent. */
    async alarm(body: Body, ip: string): Promise<void> {
      await once(body, ip, 'audit/alarm', async (tx, id, uuid) => {
        const now = clock.now();
        const b = body ?? {};
        const info = jsonObjectText(b.info);
        const ref = deviceText(b.conn_audit_ref, 256);
        await tx.deviceAudit.insert({
          ...blank(),
          id: newTimeOrderedId(now),
          created_at: now,
          kind: 'alarm',
          device_id: id,
          device_uuid: uuid,
          conn_id: safeInteger(b.conn_id, 0),
          type: safeInteger(b.typ, -1),
          action: '',
          ip: deviceText(info.ip, 64) || ip,
          info: ref ? { ...info, conn_audit_ref: ref } : info,
        });
      });
    },

    /**
     * GET /api/audit/conn/active (§6.6): the guid of the connection the signed-in controller has
     * open to device `id` in session `sessionId`, or '' while the device has not reported it yet
     * (the client asks again). Only the controller's own connections: the token's device must be
     * the record's peer.
     */
    async activeConnection(input: { token: string; id: unknown; sessionId: unknown; connType: unknown }): Promise<string> {
      const verified = await accessTokens.verify(input.token);
      const id = deviceId(input.id);
      const sessionId = u64Text(input.sessionId);
      const connType = typeof input.connType === 'string' && /^\d$/.test(input.connType) ? Number(input.connType) : -1;
      if (!sessionId || !CONN_TYPES.has(connType)) throw new AppError('request.invalid', { message: 'session_id and conn_type must be numbers' });
      const record = await store.deviceAudit.connectionInSession(id, sessionId);
      if (!record || record.peer_id !== verified.deviceId || record.closed_at !== 0) return '';
      return record.type === connType || record.type === -1 ? record.id : '';
    },

    /** PUT /api/audit (§6.7): the controller's note at the end of a session, on their own connection only. */
    async noteOnConnection(input: { token: string; guid: unknown; note: unknown }): Promise<void> {
      const verified = await accessTokens.verify(input.token);
      if (typeof input.guid !== 'string' || input.guid === '' || input.guid.length > 64 || typeof input.note !== 'string') {
        throw new AppError('request.invalid', { message: 'guid and note are required' });
      }
      const record = await store.deviceAudit.findById(input.guid);
      if (!record || record.kind !== 'conn' || record.peer_id !== verified.deviceId) throw new AppError('audit.not_found');
      await store.deviceAudit.updateConnection(record.id, { note: deviceText(input.note, NOTE_MAX) });
    },

    /** Logs → Connections and Logs → File transfers: one kind of record, newest first, filtered. */
    async list(kind: 'conn' | 'file', filter: DeviceLogFilter, page: PageRequest) {
      const { total, rows } = await store.deviceAudit.list({ ...filter, kind }, page);
      return { total, data: rows };
    },

    /** Logs → Alarms: what devices reported and deskgate noticed, with the failed sign-ins, newest first. */
    async alarms(filter: AlarmFilter, page: PageRequest) {
      const { total, rows } = await store.deviceAudit.listAlarms(filter, page);
      return { total, data: rows };
    },

    /** Every record of one kind that passes the filter, newest first, in chunks of `EXPORT_CHUNK` (an export). */
    eachRecord(kind: 'conn' | 'file', filter: DeviceLogFilter): AsyncGenerator<DeviceAuditRecord[]> {
      return chunks((cursor) => store.deviceAudit.listAfter({ ...filter, kind }, cursor, EXPORT_CHUNK));
    },

    /** Every alarm that passes the filter, newest first, in chunks of `EXPORT_CHUNK` (an export). */
    eachAlarm(filter: AlarmFilter): AsyncGenerator<Alarm[]> {
      return chunks((cursor) => store.deviceAudit.alarmsAfter(filter, cursor, EXPORT_CHUNK));
    },

    /** Forgets nonces older than a day (maintenance). */
    async purge(): Promise<void> {
      await store.deviceAudit.purgeNonces(clock.now() - NONCE_TTL_MS);
    },
  };
}

export type DeviceAuditService = ReturnType<typeof createDeviceAuditService>;
