import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HttpContext } from '../context.js';
import { actorOf, authorityOf, ownSessionId, requireAdmin } from '../plugins/auth.js';
import { ApiError, ConsoleUser, DeviceTokenInfo, IdParams, PageOf, SessionInfo, pageOf } from '../schemas.js';
import { PasswordBody, SignOutReply, UserCreateBody, UserListQuery, UserPatchBody, adminSecurity as security } from './schemas.js';

const tags = ['Admin: users'];
const errors = { '4xx': ApiError };

/**
 * Users: list, create, edit, enable/disable, delete, reset password, force sign-out. The route
 * needs `users:*`; the services also take the caller's authority, because making an
 * administrator or changing one's password or sign-in state needs `admin` (README scope table).
 */
export const userRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { users, userSessions } = ctx.services;
  const read = requireAdmin(ctx, 'users', 'read');
  const write = requireAdmin(ctx, 'users', 'write');

  app.get(
    '/api/admin/users',
    {
      onRequest: read,
      schema: { tags, security, summary: 'List users', querystring: UserListQuery, response: { 200: PageOf(ConsoleUser), ...errors } },
    },
    async (request) => {
      const { search, status, group, is_admin } = request.query;
      return users.list({ search, status, groupId: group, isAdmin: is_admin }, pageOf(request.query));
    },
  );

  app.post(
    '/api/admin/users',
    {
      onRequest: write,
      schema: { tags, security, summary: 'Create a user', body: UserCreateBody, response: { 201: ConsoleUser, ...errors } },
    },
    async (request, reply) => {
      const { name, password, display_name, email, note, is_admin, status, group_ids } = request.body;
      const input = { name, password, display_name, email, note, is_admin, status, group_ids };
      const user = await users.create(actorOf(request), input, authorityOf(request));
      return reply.status(201).send(user);
    },
  );

  app.get(
    '/api/admin/users/:id',
    { onRequest: read, schema: { tags, security, summary: 'One user', params: IdParams, response: { 200: ConsoleUser, ...errors } } },
    async (request) => users.get(request.params.id),
  );

  app.patch(
    '/api/admin/users/:id',
    {
      onRequest: write,
      schema: {
        tags,
        security,
        summary: 'Change a user (the last enabled administrator cannot be demoted or disabled)',
        params: IdParams,
        body: UserPatchBody,
        response: { 200: ConsoleUser, ...errors },
      },
    },
    async (request) => {
      const { display_name, email, note, is_admin, status, group_ids } = request.body;
      const changes = { display_name, email, note, is_admin, status, group_ids };
      return users.update(actorOf(request), request.params.id, changes, authorityOf(request));
    },
  );

  app.delete(
    '/api/admin/users/:id',
    {
      onRequest: write,
      schema: {
        tags,
        security,
        summary: 'Delete a user and revoke their tokens',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await users.delete(actorOf(request), request.params.id, authorityOf(request));
      return reply.status(204).send(null);
    },
  );

  for (const [action, status] of [['enable', 1], ['disable', 0]] as const) {
    app.post(
      `/api/admin/users/:id/${action}`,
      {
        onRequest: write,
        schema: { tags, security, summary: `${action === 'enable' ? 'Enable' : 'Disable'} a user`, params: IdParams, response: { 200: ConsoleUser, ...errors } },
      },
      async (request) => users.setStatus(actorOf(request), request.params.id, status, authorityOf(request)),
    );
  }

  app.post(
    '/api/admin/users/:id/password',
    {
      onRequest: write,
      schema: {
        tags,
        security,
        summary: 'Set a user’s password; their RustDesk client tokens and console sessions end (but the caller’s own session)',
        params: IdParams,
        body: PasswordBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const options = { authority: authorityOf(request), keepSessionId: ownSessionId(request, id) };
      await userSessions.resetPassword(actorOf(request), id, request.body.password, options);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/admin/users/:id/sign-out',
    {
      onRequest: write,
      schema: {
        tags,
        security,
        summary: 'Sign a user out everywhere: RustDesk clients and console sessions',
        params: IdParams,
        response: { 200: SignOutReply, ...errors },
      },
    },
    async (request) => userSessions.signOutEverywhere(actorOf(request), request.params.id, authorityOf(request)),
  );

  app.get(
    '/api/admin/users/:id/sessions',
    {
      onRequest: read,
      schema: {
        tags,
        security,
        summary: 'Where a user is signed in: console sessions and RustDesk clients',
        params: IdParams,
        response: { 200: Type.Object({ sessions: Type.Array(SessionInfo), devices: Type.Array(DeviceTokenInfo) }), ...errors },
      },
    },
    async (request) => userSessions.listForUser(request.params.id),
  );
};
