import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { UnlinkOptions } from '../../services/auth-providers.js';
import type { HttpContext } from '../context.js';
import { actorOf, authorityOf, requireAdmin } from '../plugins/auth.js';
import { requestOrigin } from '../origin.js';
import { ApiError, IdParams } from '../schemas.js';
import { AuthProvider as Provider, ProviderInput as ProviderBody } from '../../domain/auth-provider.js';
import { Diagnostics, ProviderPatch, ProviderTestBody } from './provider-schemas.js';
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

/** Settings → OIDC: the providers, their order, and a provider test (the page-level settings: oidc-settings.ts). */
export const providerRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { providers, providerTests } = ctx.services;

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
    async (request, reply) => reply.status(201).send(await providers.create(actorOf(request), request.body, { authority: authorityOf(request) })),
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
      schema: {
        tags,
        security,
        summary: 'Test a provider: discovery, issuer, keys and client secret, in plain words',
        description:
          'With a body (the form’s current values, as PATCH takes them; client_secret absent: the saved one), tests those instead of the saved provider, saving nothing; `tested` says which',
        params: IdParams,
        body: ProviderTestBody,
        response: { 200: Diagnostics, ...errors },
      },
    },
    async (request) => providerTests.run(request.params.id, { values: request.body ?? undefined, requestOrigin: requestOrigin(request) }),
  );
};
