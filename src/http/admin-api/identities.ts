import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HttpContext } from '../context.js';
import { actorOf, authorityOf, ownSessionId, requireAdmin } from '../plugins/auth.js';
import { ApiError, IdParams } from '../schemas.js';
import { adminSecurity as security } from './schemas.js';

const tags = ['Admin: users'];

const Identity = Type.Object({
  id: Type.String(),
  provider_id: Type.String(),
  provider_name: Type.String({ description: 'Empty when the provider was deleted' }),
  issuer: Type.String(),
  subject: Type.String(),
  tenant_id: Type.String({ description: 'Microsoft Entra ID: the person’s tenant (tid); empty for other providers' }),
  email: Type.String({ description: 'As the provider last reported it; never used to link' }),
  created_at: Type.Integer(),
  last_sign_in_at: Type.Integer(),
});

/** A user's linked single sign-on identities: unlinking one, or moving it to another account. */
export const identityRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { identities } = ctx.services;

  app.get(
    '/api/admin/users/:id/identities',
    {
      onRequest: requireAdmin(ctx, 'users', 'read'),
      schema: { tags, security, summary: 'Linked SSO identities', params: IdParams, response: { 200: Type.Array(Identity), '4xx': ApiError } },
    },
    async (request) => identities.list(request.params.id),
  );

  app.delete(
    '/api/admin/users/:id/identities/:identityId',
    {
      onRequest: requireAdmin(ctx, 'users', 'write'),
      schema: {
        tags,
        security,
        summary:
          'Unlink an SSO identity (the next sign-in with it is treated as a new person); the user’s RustDesk client tokens and console sessions end (but the caller’s own session)',
        params: Type.Object({ id: Type.String({ maxLength: 64 }), identityId: Type.String({ maxLength: 64 }) }),
        response: { 204: Type.Null(), '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const { id, identityId } = request.params;
      await identities.unlink(actorOf(request), id, identityId, { authority: authorityOf(request), keepSessionId: ownSessionId(request, id) });
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/admin/users/:id/identities/:identityId/move',
    {
      onRequest: requireAdmin(ctx, 'users', 'write'),
      schema: {
        tags,
        security,
        summary:
          'Move an SSO identity to another account (its next sign-in lands there); the first account’s RustDesk client tokens and console sessions end (but the caller’s own session)',
        params: Type.Object({ id: Type.String({ maxLength: 64 }), identityId: Type.String({ maxLength: 64 }) }),
        body: Type.Object({ user_id: Type.String({ minLength: 1, maxLength: 64, description: 'The account to move it to' }) }, { additionalProperties: false }),
        response: { 204: Type.Null(), '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const { id, identityId } = request.params;
      await identities.move(actorOf(request), id, identityId, request.body.user_id, { authority: authorityOf(request), keepSessionId: ownSessionId(request, id) });
      return reply.status(204).send(null);
    },
  );
};
