import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HttpContext } from '../context.js';
import { actorOf, requireAdmin } from '../plugins/auth.js';
import { ApiError, Id, PageOf, PageQuery, Text, pageOf } from '../schemas.js';
import { adminSecurity as security } from './schemas.js';

const tags = ['Admin: devices'];
const errors = { '4xx': ApiError };

/** A RustDesk id as deskgate stores it (spec/rustdesk-client-api.md §2.3): no spaces, slashes or control characters. */
const DeviceId = Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\s/\\\\\\u0000-\\u001f\\u007f]+$' });
const DeviceParams = Type.Object({ id: DeviceId });
const Ref = Type.Object({ id: Type.String(), name: Type.String() });

export const DeviceView = Type.Object({
  id: Type.String({ description: 'The RustDesk id' }),
  hostname: Type.String(),
  username: Type.String({ description: 'The desktop user, as the device reported it' }),
  os: Type.String(),
  cpu: Type.String(),
  memory: Type.String(),
  version: Type.String({ description: 'Client version (1.4.9)' }),
  ver: Type.Integer({ description: 'Client version number from the heartbeat (1004090)' }),
  alias: Type.String(),
  note: Type.String(),
  enabled: Type.Boolean(),
  approved: Type.Boolean({ description: 'False while it waits for an administrator’s approval (rendezvous.admission approval): nobody can connect to it' }),
  owner: Type.Union([Ref, Type.Null()], { description: 'The user it belongs to' }),
  group: Type.Union([Ref, Type.Null()], { description: 'Its device group' }),
  strategy: Type.Union(
    [
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        from: Type.Union([Type.Literal('device'), Type.Literal('owner'), Type.Literal('device_group'), Type.Literal('default')], {
          description: 'What gives it: the device itself, its owner, its device group, or the default (in that order of priority)',
        }),
        enabled: Type.Boolean({ description: 'A disabled strategy reaches no device' }),
      }),
      Type.Null(),
    ],
    { description: 'The strategy it is under' },
  ),
  online: Type.Boolean({ description: 'A heartbeat within the last 60 seconds' }),
  conns: Type.Array(Type.Integer(), { description: 'Connection ids live at its latest heartbeat' }),
  last_online_at: Type.Integer({ description: 'Its latest heartbeat or upload (ms since the epoch)' }),
  sysinfo_at: Type.Integer({ description: 'When it last uploaded its system information; 0 while asked to again' }),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
});

const DeviceListQuery = Type.Object({
  ...PageQuery,
  search: Type.Optional(Text(128, { description: 'Part of the id, hostname, alias, desktop user or owner’s name' })),
  online: Type.Optional(Type.Boolean({ description: 'true: a heartbeat within 60 s; false: none' })),
  group: Type.Optional(Id),
  owner: Type.Optional(Id),
});

const DevicePatchBody = Type.Object({
  alias: Type.Optional(Text(128)),
  note: Type.Optional(Text(1000)),
  enabled: Type.Optional(Type.Boolean()),
  group_id: Type.Optional(Type.Union([Id, Type.Null()], { description: 'A device group id, or null for none' })),
  user_id: Type.Optional(Type.Union([Id, Type.Null()], { description: 'The owner’s user id, or null for none' })),
});

const DisconnectBody = Type.Object({
  conn_id: Type.Integer({ minimum: -(2 ** 31), maximum: 2 ** 31 - 1, description: 'A connection id from the device’s `conns`' }),
});

/** Devices as RustDesk clients reported them, and what administrators change on them. */
export const deviceAdminRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { deviceAdmin } = ctx.services;
  const read = requireAdmin(ctx, 'devices', 'read');
  const write = requireAdmin(ctx, 'devices', 'write');

  app.get(
    '/api/admin/devices',
    {
      onRequest: read,
      schema: { tags, security, summary: 'List devices, the latest heard from first', querystring: DeviceListQuery, response: { 200: PageOf(DeviceView), ...errors } },
    },
    async (request) => {
      const { search, online, group, owner } = request.query;
      return deviceAdmin.list({ search, online, group_id: group, user_id: owner }, pageOf(request.query));
    },
  );

  app.get(
    '/api/admin/devices/:id',
    { onRequest: read, schema: { tags, security, summary: 'One device', params: DeviceParams, response: { 200: DeviceView, ...errors } } },
    async (request) => deviceAdmin.get(request.params.id),
  );

  app.patch(
    '/api/admin/devices/:id',
    {
      onRequest: write,
      schema: {
        tags,
        security,
        summary: 'Change a device’s alias, note, enabled state, device group or owner',
        params: DeviceParams,
        body: DevicePatchBody,
        response: { 200: DeviceView, ...errors },
      },
    },
    async (request) => {
      const { alias, note, enabled, group_id, user_id } = request.body;
      return deviceAdmin.update(actorOf(request), request.params.id, { alias, note, enabled, group_id, user_id });
    },
  );

  app.delete(
    '/api/admin/devices/:id',
    {
      onRequest: write,
      schema: { tags, security, summary: 'Forget a device (one still running comes back as new)', params: DeviceParams, response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      await deviceAdmin.delete(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/admin/devices/:id/approve',
    {
      onRequest: write,
      schema: {
        tags,
        security,
        summary: 'Approve a device that waits for approval, so people can connect to it',
        params: DeviceParams,
        response: { 200: DeviceView, ...errors },
      },
    },
    async (request) => deviceAdmin.approve(actorOf(request), request.params.id),
  );

  app.post(
    '/api/admin/devices/:id/refresh-sysinfo',
    {
      onRequest: write,
      schema: {
        tags,
        security,
        summary: 'Ask the device for its system information again, at its next heartbeat',
        params: DeviceParams,
        response: { 200: DeviceView, ...errors },
      },
    },
    async (request) => deviceAdmin.refreshSysinfo(actorOf(request), request.params.id),
  );

  app.post(
    '/api/admin/devices/:id/disconnect',
    {
      onRequest: write,
      schema: {
        tags,
        security,
        summary: 'Close a live connection: the device’s next heartbeat carries it',
        params: DeviceParams,
        body: DisconnectBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await deviceAdmin.disconnect(actorOf(request), request.params.id, request.body.conn_id);
      return reply.status(204).send(null);
    },
  );
};
