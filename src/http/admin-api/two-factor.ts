import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HttpContext } from '../context.js';
import { actorOf, authorityOf, requireAdmin } from '../plugins/auth.js';
import { ApiError, IdParams } from '../schemas.js';
import { adminSecurity as security } from './schemas.js';

const errors = { '4xx': ApiError };
const Required = Type.Object({ required: Type.Boolean() });

/** A user's two-factor sign-in (status, reset, requirement) and a user group's requirement. */
export const twoFactorAdminRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { twoFactor, users, groups } = ctx.services;

  app.get(
    '/api/admin/users/:id/2fa',
    {
      onRequest: requireAdmin(ctx, 'users', 'read'),
      schema: {
        tags: ['Admin: users'],
        security,
        summary: 'A user’s two-factor sign-in: on, required (directly or through a group), and e-mail login verification',
        params: IdParams,
        response: { 200: Type.Object({ enabled: Type.Boolean(), required: Type.Boolean(), email_verification: Type.Boolean() }), ...errors },
      },
    },
    async (request) => {
      const user = await users.get(request.params.id);
      return twoFactor.adminStatus(user.id);
    },
  );

  app.post(
    '/api/admin/users/:id/2fa/reset',
    {
      onRequest: requireAdmin(ctx, 'users', 'write'),
      schema: {
        tags: ['Admin: users'],
        security,
        summary: 'Reset a user’s two-factor sign-in (they sign in with the password and may enrol again)',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const user = await users.get(request.params.id);
      await twoFactor.reset(actorOf(request), { id: user.id, name: user.name }, authorityOf(request));
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/admin/users/:id/2fa/required',
    {
      onRequest: requireAdmin(ctx, 'users', 'write'),
      schema: { tags: ['Admin: users'], security, summary: 'Require two-factor sign-in of a user, or no longer', params: IdParams, body: Required, response: { 200: Required, ...errors } },
    },
    async (request) => {
      const user = await users.get(request.params.id);
      await twoFactor.setRequired(actorOf(request), { type: 'user', id: user.id, name: user.name }, request.body.required);
      return { required: request.body.required };
    },
  );

  app.put(
    '/api/admin/groups/:id/2fa/required',
    {
      onRequest: requireAdmin(ctx, 'groups', 'write'),
      schema: {
        tags: ['Admin: groups'],
        security,
        summary: 'Require two-factor sign-in of a user group’s members, or no longer',
        params: IdParams,
        body: Required,
        response: { 200: Required, ...errors },
      },
    },
    async (request) => {
      const group = await groups.get(request.params.id);
      await twoFactor.setRequired(actorOf(request), { type: 'user_group', id: group.id, name: group.name }, request.body.required);
      return { required: request.body.required };
    },
  );

  app.delete(
    '/api/admin/users/:id/2fa/email-verification',
    {
      onRequest: requireAdmin(ctx, 'users', 'write'),
      schema: {
        tags: ['Admin: users'],
        security,
        summary: 'Turn a user’s e-mail login verification off (only the person turns it on)',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const user = await users.get(request.params.id);
      await twoFactor.setEmailVerification(actorOf(request), { id: user.id, name: user.name }, false, authorityOf(request));
      return reply.status(204).send(null);
    },
  );
};
