import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HttpContext } from '../context.js';
import { actorOf, requireAdmin } from '../plugins/auth.js';
import { ApiError, GroupRef, Id, IdParams } from '../schemas.js';
import { adminSecurity as security } from './schemas.js';

const tags = ['Admin: groups'];
const errors = { '4xx': ApiError };

const GroupAccess = Type.Object({
  target_groups: Type.Array(GroupRef, { description: 'User groups whose people’s devices this group’s people may reach ("can access")' }),
  device_groups: Type.Array(GroupRef, { description: 'Device groups that list this group as "accessed from"' }),
});
const GroupAccessBody = Type.Object({
  target_group_ids: Type.Array(Id, { maxItems: 500, description: 'User groups whose people’s devices this group may reach; replaces the list' }),
});

/** What a user group's people may reach besides their own group's devices (Pro's "can access"). */
export const groupAccessRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { deviceGroups } = ctx.services;

  app.get(
    '/api/admin/groups/:id/access',
    {
      onRequest: requireAdmin(ctx, 'groups', 'read'),
      schema: { tags, security, summary: 'What a user group may reach', params: IdParams, response: { 200: GroupAccess, ...errors } },
    },
    async (request) => deviceGroups.userGroupAccess(request.params.id),
  );

  app.put(
    '/api/admin/groups/:id/access',
    {
      onRequest: requireAdmin(ctx, 'groups', 'write'),
      schema: {
        tags,
        security,
        summary: 'Set the user groups whose people’s devices a user group may reach',
        params: IdParams,
        body: GroupAccessBody,
        response: { 200: GroupAccess, ...errors },
      },
    },
    async (request) => deviceGroups.setUserGroupAccess(actorOf(request), request.params.id, request.body.target_group_ids),
  );
};
