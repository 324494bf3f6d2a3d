import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { Invitation } from '../../domain/invitation.js';
import type { HttpContext } from '../context.js';
import { requestOrigin } from '../origin.js';
import { actorOf, authorityOf, requireAdmin } from '../plugins/auth.js';
import { ApiError, IdParams, Text } from '../schemas.js';
import { adminSecurity as security } from './schemas.js';

const tags = ['Admin: invitations'];
const errors = { '4xx': ApiError };

/** Users → Invite: links by e-mail that let a person make their own account, in the groups the administrator chose. */
export const invitationRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { invitations } = ctx.services;
  const write = requireAdmin(ctx, 'users', 'write');

  app.get(
    '/api/admin/invitations',
    {
      onRequest: requireAdmin(ctx, 'users', 'read'),
      schema: { tags, security, summary: 'Pending invitations, newest first (expired ones too, until resent or revoked)', response: { 200: Type.Array(Invitation), ...errors } },
    },
    async () => invitations.list(),
  );

  app.post(
    '/api/admin/invitations',
    {
      onRequest: write,
      schema: {
        tags,
        security,
        summary: 'Invite an address: sends a link, valid 72 hours and once, to choose a password',
        body: Type.Object(
          {
            email: Text(254, { minLength: 3 }),
            name: Type.Optional(Text(64, { description: 'The username; absent or empty: the person chooses one' })),
            group_ids: Type.Optional(Type.Array(Text(64), { maxItems: 100, description: 'The user groups of the account; absent or empty: the Default group' })),
            is_admin: Type.Optional(Type.Boolean({ description: 'The account is an administrator (needs the `admin` scope)' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: Invitation, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await invitations.invite(actorOf(request), request.body, requestOrigin(request), authorityOf(request))),
  );

  app.post(
    '/api/admin/invitations/:id/resend',
    {
      onRequest: write,
      schema: { tags, security, summary: 'Send a new link (the old one stops working), valid 72 hours from now', params: IdParams, response: { 200: Invitation, ...errors } },
    },
    async (request) => invitations.resend(actorOf(request), request.params.id, requestOrigin(request)),
  );

  app.delete(
    '/api/admin/invitations/:id',
    {
      onRequest: write,
      schema: { tags, security, summary: 'Revoke an invitation: its link stops working', params: IdParams, response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      await invitations.revoke(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
