import { Type, type Static } from 'typebox';

/**
 * What devices report about connections, file transfers and alarms (spec/rustdesk-client-api.md
 * §6), and what deskgate notices about them.
 */

export const DEVICE_AUDIT_KINDS = ['conn', 'file', 'alarm'] as const;
export type DeviceAuditKind = (typeof DEVICE_AUDIT_KINDS)[number];

/** Who wrote a record: the device (its §6 posts), or deskgate's rendezvous server at a punch or relay request. */
export const DEVICE_AUDIT_SOURCES = ['client', 'server'] as const;
export type DeviceAuditSource = (typeof DEVICE_AUDIT_SOURCES)[number];

/** Where an alarm comes from: a device (or deskgate about one), or the log of failed sign-ins. */
export const ALARM_SOURCES = ['device', 'sign_in'] as const;
export type AlarmSource = (typeof ALARM_SOURCES)[number];

/** A connection from "new" to "close" (its id is the guid a controlling client asks for), a file transfer, or an alarm. */
export const DeviceAuditRecord = Type.Object({
  id: Type.String(),
  created_at: Type.Integer(),
  kind: Type.Unsafe<DeviceAuditKind>({ type: 'string', enum: [...DEVICE_AUDIT_KINDS] }),
  device_id: Type.String({ description: 'The controlled device' }),
  device_uuid: Type.String(),
  conn_id: Type.Integer({ description: 'The device’s own connection number (heartbeat conns)' }),
  type: Type.Integer({
    description: 'Connection type (0 remote desktop, 1 file transfer, 2 port forward, 3 camera, 4 terminal), file direction (0 sent, 1 received), or alarm typ; -1 for none and for deskgate’s own alarms',
  }),
  action: Type.String({ description: 'conn: new, authorized or close (the latest); alarm: deskgate’s own alarm (uuid_mismatch); file: empty' }),
  ip: Type.String({ description: 'Where the controller connected from' }),
  info: Type.Record(Type.String(), Type.Unknown(), { description: 'The rest of what the client sent (file lists, alarm details, primary_auth …)' }),
  session_id: Type.String({ description: 'The controller’s u64 session id as decimal text; empty until known' }),
  peer_id: Type.String({ description: 'The controlling device’s id' }),
  peer_name: Type.String({ description: 'The controlling device’s name' }),
  note: Type.String({ description: 'The controlling side’s note' }),
  authorized_at: Type.Integer({ description: '0 until authorised' }),
  closed_at: Type.Integer({ description: '0 while open' }),
  source: Type.Unsafe<DeviceAuditSource>({
    type: 'string',
    enum: [...DEVICE_AUDIT_SOURCES],
    description: 'client: posted by the device; server: deskgate’s own record of a punch or relay request (action punch/relay, info.allowed and info.reason)',
  }),
});
export type DeviceAuditRecord = Static<typeof DeviceAuditRecord>;

/**
 * One entry of Logs → Alarms: an alarm a device reported or deskgate noticed about one, or a
 * failed sign-in (the log of failed sign-ins, read as login alarms).
 */
export const Alarm = Type.Object({
  id: Type.String(),
  created_at: Type.Integer(),
  source: Type.Unsafe<AlarmSource>({ type: 'string', enum: [...ALARM_SOURCES] }),
  device_id: Type.String({ description: 'The device (device alarms); empty for sign-ins' }),
  type: Type.Integer({ description: 'The client’s alarm typ (0 IP not allowed, 1 and 2 too many wrong passwords …); -1 for deskgate’s own and for sign-ins' }),
  action: Type.String({ description: 'deskgate’s own alarm (uuid_mismatch), or the failed sign-in’s reason code' }),
  ip: Type.String(),
  info: Type.Record(Type.String(), Type.Unknown(), {
    description: 'Device alarms: what the client sent; sign-ins: name, channel, kind, provider_name and detail',
  }),
});
export type Alarm = Static<typeof Alarm>;

/** Where a connection stands in a filter: still open (`closed_at` 0), or closed. */
export const CONNECTION_STATES = ['open', 'closed'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

/**
 * What Logs → Connections and File transfers are filtered by; every field narrows. `peer` is the
 * controlling device's id, or its name in any case; `ownerId` keeps the devices a person owns.
 */
export interface DeviceLogFilter {
  deviceId?: string | undefined;
  peer?: string | undefined;
  state?: ConnectionState | undefined;
  type?: number | undefined;
  from?: number | undefined;
  to?: number | undefined;
  ownerId?: string | undefined;
}

/** What Logs → Alarms is filtered by. A device or a `type` keeps device alarms only (sign-ins have neither). */
export interface AlarmFilter {
  source?: AlarmSource | undefined;
  deviceId?: string | undefined;
  type?: number | undefined;
  from?: number | undefined;
  to?: number | undefined;
}

/** The last record read from a newest-first log: the next read continues after it. */
export interface LogCursor {
  created_at: number;
  id: string;
}
