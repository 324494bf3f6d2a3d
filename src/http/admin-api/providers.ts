import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import { diagnoseProvider } from '../../oidc/diagnose.js';
import { PROVIDER_TYPES } from '../../oidc/provider-types.js';
import { AUTH_METHODS, RESPONSE_MODES, RESPONSE_TYPES, SIGNING_ALGS, type UnlinkOptions } from '../../services/auth-providers.js';
import { CALLBACK_PATH } from '../../services/sso-sign-in.js';
import type { HttpContext } from '../context.js';
import { requestOrigin } from '../origin.js';
import { actorOf, authorityOf, requireAdmin } from '../plugins/auth.js';
import { ApiError, IdParams } from '../schemas.js';
import { adminSecurity as security } from './schemas.js';

const tags = ['Admin: single sign-on'];
const errors = { '4xx': ApiError };

/** A string from a fixed list: the schema names the list, the service gives the error message. */
const literals = (values: readonly string[]) => Type.Unsafe<string>({ type: 'string', enum: [...values] });
const Url = Type.String({ maxLength: 2000 });

const Policy = Type.Object({
  auto_register: Type.Boolean({ description: 'Create a user the first time an unknown identity signs in' }),
  username_claim: Type.String({ maxLength: 64, description: 'Claim for the username; empty: preferred_username, nickname, login, name, then a verified e-mail' }),
  allowed_tenants: Type.Array(Type.String({ maxLength: 64 }), {
    maxItems: 200,
    description: 'Entra ID: tenant ids (GUIDs) whose people may sign in, checked against the tid claim at every sign-in; empty: no tenant filter',
  }),
  allowed_email_domains: Type.Array(Type.String({ maxLength: 253 }), {
    maxItems: 200,
    description: 'Google: Workspace domains whose people may sign in, checked against the hd claim at every sign-in; empty: no domain filter',
  }),
  allow_anyone: Type.Boolean({
    description:
      'Anyone the provider vouches for may sign in. A multi-tenant Entra authority (common, organizations), GitHub, gitlab.com and Google cannot be enabled without an allow-list or this; Entra consumers and GitHub only with this',
  }),
});

const providerFields = {
  name: Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z0-9-]+$', description: 'The `op` RustDesk clients send' }),
  type: literals(PROVIDER_TYPES),
  display_name: Type.String({ maxLength: 64 }),
  icon: Type.String({ maxLength: 32768, description: 'SVG markup; stored sanitised, shown only as an image' }),
  enabled: Type.Boolean(),
  position: Type.Integer({ minimum: 0, maximum: 10000 }),
  client_id: Type.String({ maxLength: 512 }),
  issuer: Url,
  tenant_id: Type.String({ maxLength: 100, description: 'Azure: fills the issuer https://login.microsoftonline.com/<tenant>/v2.0' }),
  scopes: Type.String({ maxLength: 1000 }),
  authorization_endpoint: Url,
  token_endpoint: Url,
  userinfo_endpoint: Url,
  jwks_uri: Url,
  token_endpoint_auth_method: literals(AUTH_METHODS),
  id_token_signed_response_alg: literals(SIGNING_ALGS),
  response_mode: literals(RESPONSE_MODES),
  response_type: literals(RESPONSE_TYPES),
  allow_insecure_http: Type.Boolean(),
};

const Provider = Type.Object({
  id: Type.String(),
  ...providerFields,
  has_client_secret: Type.Boolean(),
  policy: Policy,
  needs_policy: Type.Boolean({ description: 'Anyone can get an account at this provider and policy does not say who may sign in: it cannot be enabled until it does' }),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
});

const secretField = { client_secret: Type.Optional(Type.String({ maxLength: 4096, description: 'Write-only; absent or empty: unchanged' })) };
const optional = Object.fromEntries(Object.entries(providerFields).map(([k, v]) => [k, Type.Optional(v)])) as {
  [K in keyof typeof providerFields]: ReturnType<typeof Type.Optional<(typeof providerFields)[K]>>;
};
const ProviderBody = Type.Object({ ...optional, ...secretField, policy: Type.Optional(Type.Partial(Policy)) });
const ProviderPatch = Type.Object({
  ...ProviderBody.properties,
  unlink_identities: Type.Optional(
    Type.Boolean({
      description:
        'Needed to change type, issuer, tenant_id, an endpoint or jwks_uri while people are linked through the provider (else 409 provider.has_links): their links are deleted with the change and the audit record counts them',
    }),
  ),
});

const OidcSettings = Type.Object({
  public_url: Type.String({ description: 'The origin saved from this page; the base of the redirect URI' }),
  redirect_uri: Type.String({ description: 'What deskgate sends providers as the redirect URI (read-only)' }),
  redirect_uri_source: Type.Union([Type.Literal('DESKGATE_PUBLIC_URL'), Type.Literal('saved'), Type.Literal('request')]),
  max_authorized_users: Type.Integer({ minimum: 0, description: 'Cap on users created by single sign-on; 0: none' }),
  confirm_client_sign_in: Type.Boolean(),
  password_login: Type.Boolean(),
});

const Diagnostics = Type.Object({
  ok: Type.Boolean(),
  checks: Type.Array(Type.Object({ name: Type.String(), ok: Type.Boolean(), message: Type.String() })),
});

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
  const { providers, settings, sso, registry } = ctx.services;

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
    async (request) => diagnoseProvider(registry, await providers.forTest(request.params.id)),
  );
};
