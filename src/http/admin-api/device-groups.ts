import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HttpContext } from '../context.js';
import { actorOf, requireAdmin } from '../plugins/auth.js';
import { ApiError, GroupRef, Id, IdParams, PageOf, PageQuery, Text, pageOf } from '../schemas.js';
import { adminSecurity as security } from './schemas.js';

const tags = ['Admin: device groups'];
const errors = { '4xx': ApiError };

export const DeviceGroup = Type.Object({
  id: Type.String(),
  name: Type.String(),
  note: Type.String(),
  device_count: Type.Integer(),
  user_groups: Type.Array(GroupRef, { description: 'User groups whose people may reach this group’s devices ("can be accessed from")' }),
  created_at: Type.Integer({ description: 'milliseconds since the epoch' }),
  updated_at: Type.Integer(),
});

const DeviceGroupCreateBody = Type.Object({ name: Text(64, { minLength: 1 }), note: Type.Optional(Text(1000)) });
const DeviceGroupPatchBody = Type.Object({ name: Type.Optional(Text(64, { minLength: 1 })), note: Type.Optional(Text(1000)) });

/** A RustDesk id as devices report it (§2.3): printable text. */
const DeviceId = Type.String({ minLength: 1, maxLength: 100, pattern: '^[^\\u0000-\\u001f\\u007f]+$' });
const DevicesBody = Type.Object({
  device_ids: Type.Array(DeviceId, { maxItems: 10_000, description: 'The group’s devices: these join it (leaving any other group), the others leave it' }),
});
const AccessBody = Type.Object({
  user_group_ids: Type.Array(Id, { maxItems: 500, description: 'User groups whose people may reach this group’s devices; replaces the list' }),
});

/** Device groups: a device belongs to at most one; the user groups listed on a group may reach its devices. */
export const deviceGroupRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { deviceGroups } = ctx.services;
  const read = requireAdmin(ctx, 'devices', 'read');
  const write = requireAdmin(ctx, 'devices', 'write');

  app.get(
    '/api/admin/device-groups',
    {
      onRequest: read,
      schema: { tags, security, summary: 'List device groups', querystring: Type.Object(PageQuery), response: { 200: PageOf(DeviceGroup), ...errors } },
    },
    async (request) => deviceGroups.list(pageOf(request.query)),
  );

  app.post(
    '/api/admin/device-groups',
    {
      onRequest: write,
      schema: { tags, security, summary: 'Create a device group', body: DeviceGroupCreateBody, response: { 201: DeviceGroup, ...errors } },
    },
    async (request, reply) => {
      const { name, note } = request.body;
      return reply.status(201).send(await deviceGroups.create(actorOf(request), { name, note }));
    },
  );

  app.get(
    '/api/admin/device-groups/:id',
    { onRequest: read, schema: { tags, security, summary: 'One device group', params: IdParams, response: { 200: DeviceGroup, ...errors } } },
    async (request) => deviceGroups.get(request.params.id),
  );

  app.patch(
    '/api/admin/device-groups/:id',
    {
      onRequest: write,
      schema: {
        tags,
        security,
        summary: 'Rename a device group or change its note',
        params: IdParams,
        body: DeviceGroupPatchBody,
        response: { 200: DeviceGroup, ...errors },
      },
    },
    async (request) => {
      const { name, note } = request.body;
      return deviceGroups.update(actorOf(request), request.params.id, { name, note });
    },
  );

  app.delete(
    '/api/admin/device-groups/:id',
    {
      onRequest: write,
      schema: { tags, security, summary: 'Delete a device group (its devices stay, in no group)', params: IdParams, response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      await deviceGroups.delete(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/admin/device-groups/:id/devices',
    {
      onRequest: write,
      schema: {
        tags,
        security,
        summary: 'Set the devices of a device group',
        params: IdParams,
        body: DevicesBody,
        response: { 200: DeviceGroup, ...errors },
      },
    },
    async (request) => deviceGroups.setDevices(actorOf(request), request.params.id, request.body.device_ids),
  );

  app.put(
    '/api/admin/device-groups/:id/access',
    {
      onRequest: write,
      schema: {
        tags,
        security,
        summary: 'Set the user groups that may reach a device group',
        params: IdParams,
        body: AccessBody,
        response: { 200: DeviceGroup, ...errors },
      },
    },
    async (request) => deviceGroups.setAccessFrom(actorOf(request), request.params.id, request.body.user_group_ids),
  );
};
