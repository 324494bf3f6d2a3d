import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Alarm, DeviceAuditRecord } from '../../domain/device-audit.js';
import type { HttpContext } from '../context.js';
import { csvTime, sendCsv, type CsvValue } from '../csv.js';
import {
  AlarmExportQuery,
  AlarmFilterQuery,
  ConnectionExportQuery,
  ConnectionFilterQuery,
  FileExportQuery,
  FileFilterQuery,
  alarmFilter,
  connectionFilter,
  fileFilter,
} from '../device-log-queries.js';
import { requireAdmin } from '../plugins/auth.js';
import { ApiError, PageOf, PageQuery, pageOf } from '../schemas.js';
import { adminSecurity as security } from './schemas.js';

const tags = ['Admin: logs'];
const errors = { '4xx': ApiError };
const CsvFile = { 200: { description: 'CSV (RFC 4180) with a header row, every matching record, newest first', content: { 'text/csv': { schema: Type.String() } } }, ...errors };

const CONN_TYPES: Record<number, string> = { 0: 'remote_desktop', 1: 'file_transfer', 2: 'port_forward', 3: 'camera', 4: 'terminal' };
const DIRECTIONS: Record<number, string> = { 0: 'sent', 1: 'received' };

/** The export's file name: the log and when it was taken, e.g. connections-20261203T172100Z.csv. */
const filename = (log: string, now: number) => `${log}-${new Date(now).toISOString().replace(/[-:]|\.\d+/g, '')}.csv`;

/** A connection lasts from its "new" record until its close; an open one has no duration yet. */
export const durationSeconds = (record: DeviceAuditRecord): CsvValue =>
  record.closed_at > 0 ? Math.max(0, Math.round((record.closed_at - record.created_at) / 1000)) : undefined;

const CONNECTION_COLUMNS = ['id', 'time', 'device_id', 'peer_id', 'peer_name', 'type', 'state', 'authorized_at', 'closed_at', 'duration_seconds', 'ip', 'session_id', 'note'];
const connectionCells = (r: DeviceAuditRecord): CsvValue[] => [
  r.id,
  csvTime(r.created_at),
  r.device_id,
  r.peer_id,
  r.peer_name,
  CONN_TYPES[r.type] ?? (r.type >= 0 ? r.type : ''),
  // deskgate's own record of a punch or relay request: its verdict (`relay_refused`), no duration.
  r.source === 'server' ? `${r.action}_${r.info.allowed === true ? 'allowed' : 'refused'}` : r.closed_at > 0 ? 'closed' : r.authorized_at > 0 ? 'open' : 'not_authorized',
  csvTime(r.authorized_at),
  r.source === 'server' ? '' : csvTime(r.closed_at),
  r.source === 'server' ? '' : durationSeconds(r),
  r.ip,
  r.session_id,
  r.note,
];

const text = (value: unknown): CsvValue => (typeof value === 'string' || typeof value === 'number' ? value : value === undefined ? '' : JSON.stringify(value));

const FILE_COLUMNS = ['id', 'time', 'device_id', 'peer_id', 'peer_name', 'direction', 'path', 'is_file', 'files', 'ip'];
const fileCells = (r: DeviceAuditRecord): CsvValue[] => [
  r.id,
  csvTime(r.created_at),
  r.device_id,
  r.peer_id,
  r.peer_name,
  DIRECTIONS[r.type] ?? '',
  text(r.info.path),
  r.info.is_file === true ? 'true' : 'false',
  text(r.info.num),
  r.ip,
];

const ALARM_COLUMNS = ['id', 'time', 'source', 'device_id', 'type', 'action', 'ip', 'name', 'info'];
const alarmCells = (a: Alarm): CsvValue[] => [
  a.id,
  csvTime(a.created_at),
  a.source,
  a.device_id,
  a.type >= 0 ? a.type : '',
  a.action,
  a.ip,
  text(a.info.name),
  JSON.stringify(a.info),
];

/** Logs → Connections, File transfers and Alarms: what devices reported (spec/rustdesk-client-api.md §6), as pages and as CSV. */
export const deviceAuditRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { deviceAudit } = ctx.services;
  const read = requireAdmin(ctx, 'audit', 'read');

  app.get(
    '/api/admin/audit/connections',
    {
      onRequest: read,
      schema: {
        tags,
        security,
        summary: 'Connections to devices, newest first: one record from new to close',
        querystring: Type.Object({ ...PageQuery, ...ConnectionFilterQuery }),
        response: { 200: PageOf(DeviceAuditRecord), ...errors },
      },
    },
    async (request) => deviceAudit.list('conn', connectionFilter(request.query), pageOf(request.query)),
  );

  app.get(
    '/api/admin/audit/connections.csv',
    { onRequest: read, schema: { tags, security, summary: 'Every connection that passes the filters, as CSV', querystring: ConnectionExportQuery, response: CsvFile } },
    async (request, reply) =>
      sendCsv(reply, { filename: filename('connections', ctx.clock.now()), header: CONNECTION_COLUMNS, chunks: deviceAudit.eachRecord('conn', connectionFilter(request.query)), cells: connectionCells }),
  );

  app.get(
    '/api/admin/audit/files',
    {
      onRequest: read,
      schema: { tags, security, summary: 'File transfers of devices, newest first', querystring: Type.Object({ ...PageQuery, ...FileFilterQuery }), response: { 200: PageOf(DeviceAuditRecord), ...errors } },
    },
    async (request) => deviceAudit.list('file', fileFilter(request.query), pageOf(request.query)),
  );

  app.get(
    '/api/admin/audit/files.csv',
    { onRequest: read, schema: { tags, security, summary: 'Every file transfer that passes the filters, as CSV', querystring: FileExportQuery, response: CsvFile } },
    async (request, reply) =>
      sendCsv(reply, { filename: filename('file-transfers', ctx.clock.now()), header: FILE_COLUMNS, chunks: deviceAudit.eachRecord('file', fileFilter(request.query)), cells: fileCells }),
  );

  app.get(
    '/api/admin/audit/alarms',
    {
      onRequest: read,
      schema: {
        tags,
        security,
        summary: 'Alarms, newest first: what devices reported and deskgate noticed about them, with the failed sign-ins',
        querystring: Type.Object({ ...PageQuery, ...AlarmFilterQuery }),
        response: { 200: PageOf(Alarm), ...errors },
      },
    },
    async (request) => deviceAudit.alarms(alarmFilter(request.query), pageOf(request.query)),
  );

  app.get(
    '/api/admin/audit/alarms.csv',
    { onRequest: read, schema: { tags, security, summary: 'Every alarm that passes the filters, as CSV', querystring: AlarmExportQuery, response: CsvFile } },
    async (request, reply) => sendCsv(reply, { filename: filename('alarms', ctx.clock.now()), header: ALARM_COLUMNS, chunks: deviceAudit.eachAlarm(alarmFilter(request.query)), cells: alarmCells }),
  );
};
