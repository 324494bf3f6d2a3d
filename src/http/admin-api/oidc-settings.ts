import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HttpContext } from '../context.js';
import { requestOrigin } from '../origin.js';
import { actorOf, authorityOf, requireAdmin } from '../plugins/auth.js';
import { ApiError } from '../schemas.js';
import { OidcSettings } from './provider-schemas.js';
import { adminSecurity as security } from './schemas.js';

const tags = ['Admin: single sign-on'];
const errors = { '4xx': ApiError };

/** Settings → OIDC: the page-level settings, and the redirect URI they give. */
export const oidcSettingsRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { oidcSettings } = ctx.services;

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
};
