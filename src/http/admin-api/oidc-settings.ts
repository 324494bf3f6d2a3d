import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HttpContext } from '../context.js';
import { requestOrigin } from '../origin.js';
import { actorOf, authorityOf, requireAdmin } from '../plugins/auth.js';
import { PREVIEW_CHANGES } from '../../services/sign-in-ways.js';
import { ApiError } from '../schemas.js';
import { OidcSettings } from './provider-schemas.js';
import { adminSecurity as security } from './schemas.js';

const tags = ['Admin: single sign-on'];
const errors = { '4xx': ApiError };

/** Settings → OIDC: the page-level settings, and the redirect URI they give. */
export const oidcSettingsRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { oidcSettings, signInWays } = ctx.services;

  app.get(
    '/api/admin/oidc/settings',
    { onRequest: requireAdmin(ctx, 'oidc', 'read'), schema: { tags, security, summary: 'Settings → OIDC page settings', response: { 200: OidcSettings, ...errors } } },
    async (request) => oidcSettings.get(requestOrigin(request)),
  );

  app.put(
    '/api/admin/oidc/settings',
    {
      onRequest: requireAdmin(ctx, 'oidc', 'write'),
      schema: {
        tags,
        security,
        summary: 'Save Settings → OIDC (the console sends its page origin as public_url)',
        body: Type.Object({
          public_url: Type.Optional(Type.String({ maxLength: 2000 })),
          max_authorized_users: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
          confirm_client_sign_in: Type.Optional(Type.Boolean()),
          password_login: Type.Optional(Type.Boolean({ description: 'Needs `settings:write` as well as `oidc:write`' })),
        }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await oidcSettings.save(actorOf(request), request.body, authorityOf(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/admin/oidc/sign-in-ways/preview',
    {
      onRequest: requireAdmin(ctx, 'oidc', 'read'),
      schema: {
        tags,
        security,
        summary: 'What a change would do to who can sign in, nothing changed',
        description:
          'Whether turning password sign-in off, or turning off, deleting or unlinking everyone of a provider, would be refused ' +
          '(409 `signin.would_lock_out`: no enabled administrator left a way to sign in), and how many enabled people would lose every way in',
        body: Type.Object({
          change: Type.Unsafe<(typeof PREVIEW_CHANGES)[number]>({ type: 'string', enum: [...PREVIEW_CHANGES] }),
          provider_id: Type.Optional(Type.String({ maxLength: 64, description: 'Required with a provider change' })),
        }),
        response: {
          200: Type.Object({
            refused: Type.Boolean({ description: 'The change itself would be refused' }),
            message: Type.String({ description: 'Why it would be refused and what to do instead; empty when allowed' }),
            affected: Type.Integer({ description: 'Enabled people who can sign in now and could not after the change' }),
            affected_names: Type.Array(Type.String(), { description: 'Their usernames, the first 20 by name' }),
            administrators_left: Type.Integer({ description: 'Enabled administrators who could still sign in after the change' }),
          }),
          ...errors,
        },
      },
    },
    async (request) => signInWays.previewChange(request.body.change, request.body.provider_id),
  );
};
