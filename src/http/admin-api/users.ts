import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { HttpContext } from '../context.js';
import { actorOf, requireAdmin } from '../plugins/auth.js';
import { ApiError, ConsoleUser, DeviceTokenInfo, IdParams, PageOf, SessionInfo, pageOf } from '../schemas.js';
import { PasswordBody, SignOutReply, UserCreateBody, UserListQuery, UserPatchBody, adminSecurity as security } from './schemas.js';

const tags = ['Admin: users'];
const errors = { '4xx': ApiError };

/** The caller's own console session when they act on their own account, so it survives. */
function ownSessionId(request: FastifyRequest, userId: string): string | undefined {
  const principal = request.principal;
  return principal?.kind === 'session' && principal.session.user.id === userId ? principal.session.id : undefined;
}

/** Users: list, create, edit, enable/disable, delete, reset password, force sign-out. */
export const userRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { accounts, userSessions } = ctx.services;
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
      return accounts.list({ search, status, groupId: group, isAdmin: is_admin }, pageOf(request.query));
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
      const user = await accounts.create(actorOf(request), { name, password, display_name, email, note, is_admin, status, group_ids });
      return reply.status(201).send(user);
    },
  );

  app.get(
    '/api/admin/users/:id',
    { onRequest: read, schema: { tags, security, summary: 'One user', params: IdParams, response: { 200: ConsoleUser, ...errors } } },
    async (request) => accounts.get(request.params.id),
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
      return accounts.update(actorOf(request), request.params.id, { display_name, email, note, is_admin, status, group_ids });
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
      await accounts.delete(actorOf(request), request.params.id);
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
      async (request) => accounts.setStatus(actorOf(request), request.params.id, status),
    );
  }

  app.post(
    '/api/admin/users/:id/password',
    {
      onRequest: write,
      schema: {
        tags,
        security,
        summary: 'Set a user’s password; their console sessions end',
        params: IdParams,
        body: PasswordBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await userSessions.resetPassword(actorOf(request), id, request.body.password, ownSessionId(request, id));
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
    async (request) => userSessions.signOutEverywhere(actorOf(request), request.params.id),
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
