import { Type } from 'typebox';
import { PROVIDER_TYPES } from '../../oidc/provider-types.js';
import { AUTH_METHODS, RESPONSE_MODES, RESPONSE_TYPES, SIGNING_ALGS } from '../../services/auth-providers.js';

/** Wire shapes of Settings → OIDC (/api/admin/oidc/*). */

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

export const Provider = Type.Object({
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
export const ProviderBody = Type.Object({ ...optional, ...secretField, policy: Type.Optional(Type.Partial(Policy)) });
export const ProviderPatch = Type.Object({
  ...ProviderBody.properties,
  unlink_identities: Type.Optional(
    Type.Boolean({
      description:
        'Needed to change type, issuer, tenant_id, an endpoint or jwks_uri while people are linked through the provider (else 409 provider.has_links): their links are deleted with the change and the audit record counts them',
    }),
  ),
});

export const OidcSettings = Type.Object({
  public_url: Type.String({ description: 'The origin saved from this page; the base of the redirect URI' }),
  redirect_uri: Type.String({ description: 'What deskgate sends providers as the redirect URI (read-only)' }),
  redirect_uri_source: Type.Union([Type.Literal('DESKGATE_PUBLIC_URL'), Type.Literal('saved'), Type.Literal('request')]),
  max_authorized_users: Type.Integer({ minimum: 0, description: 'Cap on users created by single sign-on; 0: none' }),
  confirm_client_sign_in: Type.Boolean(),
  password_login: Type.Boolean(),
});

export const Diagnostics = Type.Object({
  ok: Type.Boolean(),
  checks: Type.Array(Type.Object({ name: Type.String(), ok: Type.Boolean(), message: Type.String() })),
});

