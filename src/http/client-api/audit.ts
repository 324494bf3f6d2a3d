import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HttpContext } from '../context.js';
import { bearerToken } from '../plugins/auth.js';
import { ErrorBody } from './schemas.js';

const tags = ['RustDesk client: audit'];

/** Any JSON the device sends: its fields are checked by the service, unknown ones tolerated (§12 item 27). */
const AuditBody = Type.Unknown({ description: 'JSON object; see spec §6' });

const asObject = (body: unknown): Record<string, unknown> | undefined =>
  typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;

/**
 * The audit endpoints of spec/rustdesk-client-api.md §6. The device's posts are answered 200 with
 * an empty body (§6.5, §12 item 1: clients of master retry anything else, even `{}`).
 */
export const auditRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { deviceAudit } = ctx.services;

  for (const [path, record, summary] of [
    ['/api/audit/conn', deviceAudit.conn, 'Connection record of the controlled device, or the controller’s note'],
    ['/api/audit/file', deviceAudit.file, 'File transfer record of the controlled device'],
    ['/api/audit/alarm', deviceAudit.alarm, 'Alarm of the controlled device'],
  ] as const) {
    app.post(path, { schema: { tags, summary, body: AuditBody } }, async (request, reply) => {
      await record(asObject(request.body), request.ip);
      return reply.status(200).send();
    });
  }

  // §6.6: a JSON string; '' while the device has not reported the connection (the client asks again).
  app.get(
    '/api/audit/conn/active',
    {
      schema: {
        tags,
        summary: 'The guid of the signed-in controller’s open connection to a device',
        querystring: Type.Object({
          id: Type.String({ maxLength: 100 }),
          session_id: Type.String({ maxLength: 20 }),
          conn_type: Type.String({ maxLength: 1 }),
        }),
        response: { 200: Type.String(), '4xx': ErrorBody },
      },
    },
    async (request, reply) => {
      const guid = await deviceAudit.activeConnection({
        token: bearerToken(request) ?? '',
        id: request.query.id,
        sessionId: request.query.session_id,
        connType: request.query.conn_type,
      });
      return reply.type('application/json; charset=utf-8').send(JSON.stringify(guid));
    },
  );

  // §6.7: the note asked for at the end of a session; only 200 counts as saved.
  app.put(
    '/api/audit',
    { schema: { tags, summary: 'The controller’s note on their connection', body: AuditBody } },
    async (request, reply) => {
      const body = asObject(request.body);
      await deviceAudit.noteOnConnection({ token: bearerToken(request) ?? '', guid: body?.guid, note: body?.note });
      return reply.status(200).send();
    },
  );
};
