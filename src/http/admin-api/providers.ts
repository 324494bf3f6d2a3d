import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import type { UnlinkOptions } from '../../services/auth-providers.js';
import { CALLBACK_PATH } from '../../services/sso-sign-in.js';
import type { HttpContext } from '../context.js';
import { requestOrigin } from '../origin.js';
import { actorOf, authorityOf, requireAdmin } from '../plugins/auth.js';
import { ApiError, IdParams } from '../schemas.js';
import { AuthProvider as Provider, ProviderInput as ProviderBody } from '../../domain/auth-provider.js';
import { Diagnostics, OidcSettings, ProviderPatch } from './provider-schemas.js';
import { adminSecurity as security } from './schemas.js';

const tags = ['Admin: single sign-on'];
const errors = { '4xx': ApiError };

/** What the caller holds, and their own console session, which survives their unlinking themselves. */
function unlinkOptions(request: FastifyRequest): UnlinkOptions {
  const principal = request.principal;
  return {
    authority: authorityOf(request),
    caller: principal?.kind === 'session' ? { userId: principal.session.user.id, sessionId: principal.session.id } : undefined,
  };
}

/** Settings → OIDC: the providers, their order, the page-level settings, and a provider test. */
export const providerRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { providers, providerTests, settings, sso } = ctx.services;

  app.get(
    '/api/admin/oidc/settings',
    { onRequest: requireAdmin(ctx, 'oidc', 'read'), schema: { tags, security, summary: 'Settings → OIDC page settings', response: { 200: OidcSettings, ...errors } } },
    async (request) => {
      const saved = await settings.get('public_url');
      const base = await sso.publicBase(requestOrigin(request));
      return {
        public_url: saved,
        redirect_uri: `${base}${CALLBACK_PATH}`,
        redirect_uri_source: ctx.config.publicUrl ? ('DESKGATE_PUBLIC_URL' as const) : saved ? ('saved' as const) : ('request' as const),
        max_authorized_users: await settings.get('max_authorized_users'),
        confirm_client_sign_in: await settings.get('confirm_client_sign_in'),
        password_login: await settings.get('password_login'),
      };
    },
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
      const body = request.body;
      if (body.public_url !== undefined && body.public_url !== '') {
        let origin: string;
        try {
          origin = new URL(body.public_url).origin;
        } catch {
          throw new AppError('settings.invalid_value', { message: 'public_url must be an http(s) origin' });
        }
        body.public_url = origin;
      }
      // password_login needs `settings:write` besides this route's `oidc:write` (services/settings.ts).
      await settings.setMany(actorOf(request), body, authorityOf(request));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/admin/oidc/providers',
    { onRequest: requireAdmin(ctx, 'oidc', 'read'), schema: { tags, security, summary: 'Auth providers, in order', response: { 200: Type.Array(Provider), ...errors } } },
    async () => providers.list(),
  );

  app.post(
    '/api/admin/oidc/providers',
    {
      onRequest: requireAdmin(ctx, 'oidc', 'write'),
      schema: { tags, security, summary: 'New auth provider', body: ProviderBody, response: { 201: Provider, ...errors } },
    },
    async (request, reply) => reply.status(201).send(await providers.create(actorOf(request), request.body)),
  );

  app.put(
    '/api/admin/oidc/providers/order',
    {
      onRequest: requireAdmin(ctx, 'oidc', 'write'),
      schema: {
        tags,
        security,
        summary: 'Reorder providers (the login buttons follow this order)',
        body: Type.Object({ ids: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 }) }),
        response: { 200: Type.Array(Provider), ...errors },
      },
    },
    async (request) => providers.reorder(actorOf(request), request.body.ids),
  );

  app.get(
    '/api/admin/oidc/providers/:id',
    { onRequest: requireAdmin(ctx, 'oidc', 'read'), schema: { tags, security, params: IdParams, response: { 200: Provider, ...errors } } },
    async (request) => providers.get(request.params.id),
  );

  app.patch(
    '/api/admin/oidc/providers/:id',
    {
      onRequest: requireAdmin(ctx, 'oidc', 'write'),
      schema: { tags, security, summary: 'Change a provider; takes effect at once', params: IdParams, body: ProviderPatch, response: { 200: Provider, ...errors } },
    },
    async (request) => {
      const { unlink_identities, ...input } = request.body;
      return providers.update(actorOf(request), request.params.id, input, { ...unlinkOptions(request), unlinkIdentities: unlink_identities === true });
    },
  );

  app.delete(
    '/api/admin/oidc/providers/:id',
    { onRequest: requireAdmin(ctx, 'oidc', 'write'), schema: { tags, security, params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await providers.delete(actorOf(request), request.params.id, unlinkOptions(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/admin/oidc/providers/:id/test',
    {
      // Write, not read: the test makes outbound requests and opens the client secret.
      onRequest: requireAdmin(ctx, 'oidc', 'write'),
      schema: { tags, security, summary: 'Fetch discovery and keys and report what is wrong', params: IdParams, response: { 200: Diagnostics, ...errors } },
    },
    async (request) => providerTests.run(request.params.id),
  );
};
