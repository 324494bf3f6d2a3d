import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HttpContext } from '../context.js';
import { actorOf, requireAdmin } from '../plugins/auth.js';
import { ApiError, IdParams, PageOf, PageQuery, pageOf } from '../schemas.js';
import { Group, GroupCreateBody, GroupDetail, GroupPatchBody, MembersBody, adminSecurity as security } from './schemas.js';

const tags = ['Admin: groups'];
const errors = { '4xx': ApiError };

/** User groups and their members. The Default group cannot be renamed or deleted. */
export const groupRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { groups } = ctx.services;
  const read = requireAdmin(ctx, 'groups', 'read');
  const write = requireAdmin(ctx, 'groups', 'write');

  app.get(
    '/api/admin/groups',
    {
      onRequest: read,
      schema: { tags, security, summary: 'List groups', querystring: Type.Object(PageQuery), response: { 200: PageOf(Group), ...errors } },
    },
    async (request) => groups.list(pageOf(request.query)),
  );

  app.post(
    '/api/admin/groups',
    {
      onRequest: write,
      schema: { tags, security, summary: 'Create a group', body: GroupCreateBody, response: { 201: GroupDetail, ...errors } },
    },
    async (request, reply) => {
      const { name, note } = request.body;
      return reply.status(201).send(await groups.create(actorOf(request), { name, note }));
    },
  );

  app.get(
    '/api/admin/groups/:id',
    {
      onRequest: read,
      schema: { tags, security, summary: 'One group with its members', params: IdParams, response: { 200: GroupDetail, ...errors } },
    },
    async (request) => groups.get(request.params.id),
  );

  app.patch(
    '/api/admin/groups/:id',
    {
      onRequest: write,
      schema: {
        tags,
        security,
        summary: 'Rename a group or change its note',
        params: IdParams,
        body: GroupPatchBody,
        response: { 200: GroupDetail, ...errors },
      },
    },
    async (request) => {
      const { name, note } = request.body;
      return groups.update(actorOf(request), request.params.id, { name, note });
    },
  );

  app.delete(
    '/api/admin/groups/:id',
    {
      onRequest: write,
      schema: { tags, security, summary: 'Delete a group (its users stay)', params: IdParams, response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      await groups.delete(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/admin/groups/:id/members',
    {
      onRequest: write,
      schema: {
        tags,
        security,
        summary: 'Add users to a group and remove others',
        params: IdParams,
        body: MembersBody,
        response: { 200: GroupDetail, ...errors },
      },
    },
    async (request) => {
      const { add = [], remove = [] } = request.body;
      return groups.changeMembers(actorOf(request), request.params.id, { add, remove });
    },
  );
};
