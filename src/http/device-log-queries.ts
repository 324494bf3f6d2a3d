import { Type, type Static } from 'typebox';
import { ALARM_SOURCES, CONNECTION_STATES, type AlarmFilter, type AlarmSource, type ConnectionState, type DeviceLogFilter } from '../domain/device-audit.js';

/**
 * The filters of Logs → Connections, File transfers and Alarms, as query strings: the same for a
 * page, a CSV export and a person's own connections.
 */

const millis = (description: string) => Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description });
const deviceId = (description: string) => Type.String({ minLength: 1, maxLength: 100, description });
const Peer = Type.String({ minLength: 1, maxLength: 256, description: 'Only connections from this controlling device: its id, or its name in any case' });
const From = Type.Optional(millis('From this time on (milliseconds since the epoch)'));
const To = Type.Optional(millis('Before this time (milliseconds since the epoch)'));

export const ConnectionFilterQuery = {
  device_id: Type.Optional(deviceId('Only this device’s records')),
  peer: Type.Optional(Peer),
  state: Type.Optional(Type.Unsafe<ConnectionState>({ type: 'string', enum: [...CONNECTION_STATES], description: 'open: not closed yet; closed' })),
  type: Type.Optional(Type.Integer({ minimum: -1, maximum: 99, description: 'Connection type: 0 remote desktop, 1 file transfer, 2 port forward, 3 camera, 4 terminal' })),
  from: From,
  to: To,
};

export const FileFilterQuery = {
  device_id: Type.Optional(deviceId('Only this device’s records')),
  peer: Type.Optional(Peer),
  type: Type.Optional(Type.Integer({ minimum: 0, maximum: 1, description: 'Direction: 0 sent from the device, 1 received by it' })),
  from: From,
  to: To,
};

export const AlarmFilterQuery = {
  source: Type.Optional(Type.Unsafe<AlarmSource>({ type: 'string', enum: [...ALARM_SOURCES], description: 'device: what devices reported and deskgate noticed; sign_in: failed sign-ins' })),
  device_id: Type.Optional(deviceId('Only this device’s alarms (and no sign-ins)')),
  type: Type.Optional(Type.Integer({ minimum: -1, maximum: 1000, description: 'Only device alarms of this typ (and no sign-ins)' })),
  from: From,
  to: To,
};

/** The filters alone: an export's query. */
export const ConnectionExportQuery = Type.Object(ConnectionFilterQuery);
export const FileExportQuery = Type.Object(FileFilterQuery);
export const AlarmExportQuery = Type.Object(AlarmFilterQuery);

export function connectionFilter(query: Static<typeof ConnectionExportQuery>): DeviceLogFilter {
  return { deviceId: query.device_id, peer: query.peer, state: query.state, type: query.type, from: query.from, to: query.to };
}

export function fileFilter(query: Static<typeof FileExportQuery>): DeviceLogFilter {
  return { deviceId: query.device_id, peer: query.peer, type: query.type, from: query.from, to: query.to };
}

export function alarmFilter(query: Static<typeof AlarmExportQuery>): AlarmFilter {
  return { source: query.source, deviceId: query.device_id, type: query.type, from: query.from, to: query.to };
}
