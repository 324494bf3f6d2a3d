import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HttpContext } from '../context.js';
import { ErrorBody } from './schemas.js';

const tags = ['RustDesk client: devices'];

/** Any JSON the device sends: its fields are checked by the service, unknown ones tolerated (§12 item 27). */
const DeviceBody = Type.Unknown({ description: 'JSON object with at least id and uuid' });

/** §5.2: `modified_at` an integer, `disconnect` i32 connection ids, `sysinfo` present only to ask for an upload. */
/** §5.2: `modified_at` an integer; `strategy.config_options` string to string, or the client drops the whole strategy. */
const HeartbeatAnswer = Type.Object({
  modified_at: Type.Integer(),
  sysinfo: Type.Optional(Type.Literal(1)),
  disconnect: Type.Optional(Type.Array(Type.Integer())),
  strategy: Type.Optional(Type.Object({ config_options: Type.Record(Type.String(), Type.String()) })),
});

const asObject = (body: unknown): Record<string, unknown> | undefined =>
  typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;

/**
 * The controlled side's device calls (spec/rustdesk-client-api.md §5.2, §5.3): unauthenticated,
 * the device named by `id` + `uuid` in the body.
 */
export const deviceRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { devices } = ctx.services;

  app.post(
    '/api/heartbeat',
    { schema: { tags, summary: 'Device heartbeat', body: DeviceBody, response: { 200: HeartbeatAnswer, '4xx': ErrorBody } } },
    async (request) => devices.heartbeat({ body: asObject(request.body), ip: request.ip }),
  );

  // §5.3, §12 item 2: the answer is the bare text, not a JSON string.
  app.post(
    '/api/sysinfo',
    { schema: { tags, summary: 'Device system information: answers SYSINFO_UPDATED or ID_NOT_FOUND as plain text', body: DeviceBody } },
    async (request, reply) => {
      const answer = await devices.sysinfo({ body: asObject(request.body), ip: request.ip });
      return reply.type('text/plain; charset=utf-8').send(answer);
    },
  );

  // §5.3, §12 item 22: an empty answer would stop clients 1.3.8–1.4.0 from ever uploading again.
  app.post(
    '/api/sysinfo_ver',
    { config: { ignoreBadBody: true }, schema: { tags, summary: 'Sysinfo version token (clients 1.3.8–1.4.0)', body: Type.Unknown() } },
    async (_request, reply) => reply.type('text/plain; charset=utf-8').send(devices.sysinfoVersion()),
  );
};
