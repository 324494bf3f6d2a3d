import { TypeBoxValidatorCompiler, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HttpContext } from '../context.js';
import { requireSession, sessionOf } from '../plugins/auth.js';
import { ApiError, PageOf, PageQuery, Text, pageOf } from '../schemas.js';

const tags = ['Account'];
const security: { [scheme: string]: string[] }[] = [{ session: [], csrf: [] }];
const errors = { '4xx': ApiError };

/** What a person sees of a device they own: the device, nothing about other people. */
const OwnDevice = Type.Object({
  id: Type.String({ description: 'The RustDesk id' }),
  alias: Type.String(),
  hostname: Type.String(),
  username: Type.String({ description: 'The desktop user, as the device reported it' }),
  os: Type.String(),
  version: Type.String({ description: 'Client version (1.4.9)' }),
  note: Type.String({ description: 'As an administrator wrote it' }),
  enabled: Type.Boolean({ description: 'false: an administrator disabled it' }),
  group_name: Type.Union([Type.String(), Type.Null()], { description: 'Its device group, or null for none' }),
  online: Type.Boolean({ description: 'A heartbeat within the last 60 seconds' }),
  last_online_at: Type.Integer({ description: 'Its latest heartbeat or upload (ms since the epoch)' }),
});

const OwnDeviceQuery = Type.Object({
  ...PageQuery,
  search: Type.Optional(Text(128, { description: 'Part of the id, hostname, alias or desktop user' })),
  online: Type.Optional(Type.Boolean({ description: 'true: a heartbeat within 60 s; false: none' })),
});

/**
 * `/api/account/owned-devices`: the devices the signed-in person owns, read-only. RustDesk Pro lets
 * non-administrators see their own devices (spec/rustdesk-pro-console.md §2); changing a device's
 * details is an administrator's (Pro: the Devices-Edit Info permission of an admin role).
 * `/api/account/devices` is something else: the RustDesk clients signed in as this person.
 */
export const accountDeviceRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  // Strict input and the caller checked before anything is read, as in account.ts.
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  const { deviceAdmin } = ctx.services;
  const onRequest = requireSession(ctx);

  app.get(
    '/api/account/owned-devices',
    {
      onRequest,
      schema: {
        tags,
        security,
        summary: 'The devices I own, the latest heard from first',
        querystring: OwnDeviceQuery,
        response: { 200: PageOf(OwnDevice), ...errors },
      },
    },
    async (request) => {
      const { search, online } = request.query;
      return deviceAdmin.listOwn(sessionOf(request).session.user.id, { search, online }, pageOf(request.query));
    },
  );
};
