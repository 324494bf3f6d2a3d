import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Alarm, DeviceAuditRecord } from '../../domain/device-audit.js';
import type { HttpContext } from '../context.js';
import { requireAdmin } from '../plugins/auth.js';
import { ApiError, PageOf, PageQuery, pageOf } from '../schemas.js';
import { adminSecurity as security } from './schemas.js';

const tags = ['Admin: logs'];
const errors = { '4xx': ApiError };
const Millis = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'milliseconds since the epoch' });

const RecordQuery = Type.Object({
  ...PageQuery,
  device_id: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Only this device’s records' })),
  from: Type.Optional(Millis),
  to: Type.Optional(Millis),
});

/** Logs → Connections, File transfers and Alarms: what devices reported (spec/rustdesk-client-api.md §6). */
export const deviceAuditRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { deviceAudit } = ctx.services;
  const read = requireAdmin(ctx, 'audit', 'read');

  for (const [path, kind, summary] of [
    ['/api/admin/audit/connections', 'conn', 'Connections to devices, newest first: one record from new to close'],
    ['/api/admin/audit/files', 'file', 'File transfers of devices, newest first'],
  ] as const) {
    app.get(
      path,
      { onRequest: read, schema: { tags, security, summary, querystring: RecordQuery, response: { 200: PageOf(DeviceAuditRecord), ...errors } } },
      async (request) => {
        const { device_id: deviceId, from, to } = request.query;
        return deviceAudit.list(kind, { deviceId, from, to }, pageOf(request.query));
      },
    );
  }

  app.get(
    '/api/admin/audit/alarms',
    {
      onRequest: read,
      schema: {
        tags,
        security,
        summary: 'Alarms, newest first: what devices reported and deskgate noticed about them, with the failed sign-ins',
        querystring: Type.Object(PageQuery),
        response: { 200: PageOf(Alarm), ...errors },
      },
    },
    async (request) => deviceAudit.alarms(pageOf(request.query)),
  );
};
