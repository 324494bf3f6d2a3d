import { Type, type Static, type TObject, type TSchema } from 'typebox';

/**
 * The auth provider, declared once: its fields, their types, limits and defaults. The admin API's
 * schemas, the service's input handling, the store's mapping, the relying party and the console's
 * form are all derived from what is here (CONTRIBUTING.md "One definition per entity").
 */

/** Admins paste a client id, a secret and an issuer; the type fills in what it can (oidc/provider-types.ts). */
export const PROVIDER_TYPES = ['azure', 'google', 'okta', 'auth0', 'keycloak', 'authentik', 'gitlab', 'github', 'oidc', 'oauth2'] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

export const SIGNING_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
export const AUTH_METHODS = ['client_secret_basic', 'client_secret_post'] as const;
export const RESPONSE_TYPES = ['code', 'code id_token'] as const;
export const RESPONSE_MODES = ['query', 'form_post'] as const;

/** `[a-z0-9-]`: the `op` a RustDesk client sends. */
export const PROVIDER_NAME = /^[a-z0-9-]{1,32}$/;
export const ICON_MAX_LENGTH = 32 * 1024;

/** A string from a fixed list: the schema names the list, the service gives the error message. */
const oneOf = <T extends string>(values: readonly T[], options: { default: T; description?: string }) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });
const url = (description?: string) => Type.String({ maxLength: 2000, default: '', ...(description ? { description } : {}) });

/** Who may get an account through the provider, and how it is named (stored as JSON). */
export const ProviderPolicy = Type.Object({
  auto_register: Type.Boolean({ default: true, description: 'Create a user the first time an unknown identity signs in' }),
  username_claim: Type.String({
    maxLength: 64,
    default: '',
    description: 'Claim for the username; empty: preferred_username, nickname, login, name, then a verified e-mail',
  }),
  allowed_tenants: Type.Array(Type.String({ maxLength: 64 }), {
    maxItems: 200,
    default: [],
    description: 'Entra ID: tenant ids (GUIDs) whose people may sign in, checked against the tid claim at every sign-in; empty: no tenant filter',
  }),
  allowed_email_domains: Type.Array(Type.String({ maxLength: 253 }), {
    maxItems: 200,
    default: [],
    description:
      'E-mail domains whose people may sign in, checked at every sign-in against the domain of a verified e-mail (and, for Google, the hd claim); empty: no domain filter',
  }),
  allowed_orgs: Type.Array(Type.String({ maxLength: 100 }), {
    maxItems: 200,
    default: [],
    description: 'GitHub: organisations (logins) whose members may sign in, checked at every sign-in (needs the read:org scope); empty: no organisation filter',
  }),
  default_group: Type.String({ maxLength: 64, default: '', description: 'The group a person created through this provider joins; empty: Default' }),
  groups_claim: Type.String({
    maxLength: 64,
    default: '',
    description:
      'Claim listing the person’s groups (groups, roles; GitHub: orgs), matched to deskgate groups by name at every sign-in; empty: group membership is managed in deskgate only',
  }),
  admin_groups: Type.Array(Type.String({ maxLength: 256 }), {
    maxItems: 50,
    default: [],
    description:
      'Values of the groups claim that make a person an administrator; when set, the administrator flag follows the claim at every sign-in, both ways (never removing the last administrator). Setting it needs the admin scope',
  }),
  link_by_verified_email: Type.Boolean({
    default: false,
    description:
      'A first sign-in may attach to an existing account with the same e-mail, only when the provider marks the e-mail verified; never for Entra ID',
  }),
  allow_anyone: Type.Boolean({
    default: false,
    description:
      'Anyone the provider vouches for may sign in. A multi-tenant Entra authority (common, organizations), GitHub, gitlab.com and Google cannot be enabled without an allow-list or this; Entra consumers and GitHub only with this',
  }),
  require_local_2fa: Type.Boolean({
    default: false,
    description:
      'Also ask people who have deskgate two-factor sign-in on for their code after signing in through this provider (and have those whom 2FA is required of set it up). Off: the provider’s own MFA is relied on',
  }),
  strip_email_domain: Type.Boolean({
    // What a policy stored before this field existed means; new providers get NEW_PROVIDER_POLICY's.
    default: false,
    description:
      'A username made from an e-mail-like claim (alice@contoso.example) drops its domain (alice) when that name is free. On for providers created since it exists; off for older ones',
  }),
});
export type ProviderPolicy = Static<typeof ProviderPolicy>;

/** What an administrator sets on a provider (besides its secret and policy). */
export const providerSettings = {
  name: Type.String({ minLength: 1, maxLength: 32, pattern: '^[a-z0-9-]+$', default: '', description: 'The `op` RustDesk clients send; empty: the type' }),
  type: oneOf(PROVIDER_TYPES, { default: 'oidc' }),
  display_name: Type.String({ maxLength: 64, default: '', description: 'The sign-in button’s label; empty: the type’s name' }),
  icon: Type.String({ maxLength: ICON_MAX_LENGTH, default: '', description: 'SVG markup; stored sanitised, shown only as an image' }),
  enabled: Type.Boolean({
    // New providers go live deliberately: the console turns one on after its test passes.
    default: false,
    description: 'Shown on the sign-in page and usable for sign-in; new providers start disabled unless this is sent as true',
  }),
  position: Type.Integer({ minimum: 0, maximum: 10000, default: 0, description: 'Place among the sign-in buttons; new providers go last' }),
  client_id: Type.String({ maxLength: 512, default: '' }),
  issuer: url(),
  tenant_id: Type.String({ maxLength: 100, default: '', description: 'Azure: fills the issuer https://login.microsoftonline.com/<tenant>/v2.0' }),
  scopes: Type.String({ maxLength: 1000, default: '', description: 'Empty: the type’s scopes, else openid profile email' }),
  authorization_endpoint: url('Overrides discovery'),
  token_endpoint: url('Overrides discovery'),
  userinfo_endpoint: url('Overrides discovery'),
  jwks_uri: url('Overrides discovery'),
  token_endpoint_auth_method: oneOf(AUTH_METHODS, { default: 'client_secret_basic' }),
  id_token_signed_response_alg: oneOf(SIGNING_ALGS, { default: 'RS256' }),
  response_mode: oneOf(RESPONSE_MODES, { default: 'query' }),
  response_type: oneOf(RESPONSE_TYPES, { default: 'code' }),
  allow_insecure_http: Type.Boolean({ default: false, description: 'Accept plain http endpoints that are not on loopback' }),
  subject_field: Type.String({
    maxLength: 64,
    default: '',
    description: 'Generic OAuth 2: the userinfo field that names a person for good (sub, id …); empty: the type’s (GitHub: id, else sub)',
  }),
  token_ttl_days: Type.Integer({
    minimum: 0,
    maximum: 3650,
    default: 0,
    description: 'The longest a RustDesk client token from this provider lives, in days; the shorter of this and DESKGATE_TOKEN_TTL_DAYS wins; 0: the global value',
  }),
  session_ttl_hours: Type.Integer({
    minimum: 0,
    maximum: 8760,
    default: 0,
    description: 'The longest a console session from this provider lives, in hours; the shorter of this and the global session settings wins; 0: the global value',
  }),
  revalidate_minutes: Type.Integer({
    minimum: 0,
    maximum: 10080,
    default: 60,
    description:
      'How often a person the provider gave a refresh token (offline_access) is checked again at the provider; a refusal (disabled or deleted account) ends their sign-ins; 0: never',
  }),
};
export type ProviderSettings = Static<TObject<typeof providerSettings>>;
export type SettingKey = keyof ProviderSettings;
export const SETTING_KEYS = Object.keys(providerSettings) as SettingKey[];

/** The write-only secret: absent or empty leaves it unchanged. */
const clientSecret = Type.String({ maxLength: 4096, description: 'Write-only; absent or empty: unchanged' });

/**
 * The wire schemas carry no defaults: in a change an absent field means "unchanged", and a
 * provider read back always has every field. defaultSettings() is where the defaults are used.
 */
function withoutDefault<T extends TSchema>(schema: T): T {
  const { default: _default, ...rest } = schema as T & { default?: unknown };
  return rest as T;
}
const required = <T extends Record<string, TSchema>>(fields: T) =>
  Object.fromEntries(Object.entries(fields).map(([key, schema]) => [key, withoutDefault(schema)])) as T;
const optional = <T extends Record<string, TSchema>>(fields: T) =>
  Object.fromEntries(Object.entries(fields).map(([key, schema]) => [key, Type.Optional(withoutDefault(schema))])) as {
    [K in keyof T]: ReturnType<typeof Type.Optional<T[K]>>;
  };

/** A provider's latest failed sign-in since the last one that worked through it (read-only). */
export const ProviderLastError = Type.Object({
  at: Type.Integer({ description: 'When it failed, in milliseconds since the epoch' }),
  reason: Type.String({ description: 'The error code (oidc.discovery_failed, oidc.provider_error …), as in the log of failed sign-ins' }),
  message: Type.String({ description: 'For administrators: the provider’s own error, or the check that failed; may be empty' }),
});
export type ProviderLastError = Static<typeof ProviderLastError>;

/** The admin view of a provider: everything but the secret. */
export const AuthProvider = Type.Object({
  id: Type.String(),
  ...required(providerSettings),
  has_client_secret: Type.Boolean(),
  policy: Type.Object(required(ProviderPolicy.properties)),
  needs_policy: Type.Boolean({
    description:
      'Anyone can get an account at this provider and policy does not say who may sign in: it cannot be enabled until it does. Upgrades turn such providers off',
  }),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
  last_error: Type.Union([ProviderLastError, Type.Null()], {
    description:
      'The latest single sign-on through this provider that failed for a reason on the provider’s side or in its settings, unless one has succeeded since; null when none (Logs → Failed sign-ins has them all)',
  }),
});
export type AuthProvider = Static<typeof AuthProvider>;

/** A new provider or a change to one: any subset of the settings, the secret, and policy fields. */
export const ProviderInput = Type.Object({
  ...optional(providerSettings),
  client_secret: Type.Optional(clientSecret),
  policy: Type.Optional(Type.Object(optional(ProviderPolicy.properties))),
});
export type ProviderInput = Static<typeof ProviderInput>;

/** The provider as stored: the secret sealed ('' when none). */
export type StoredProvider = Omit<AuthProvider, 'has_client_secret' | 'needs_policy' | 'last_error'> & { client_secret: string };

/** A provider ready for a sign-in: the secret opened. Never leaves the server. */
export type OpenedProvider = AuthProvider & { client_secret: string };

const defaultOf = <T>(schema: TSchema): T => structuredClone((schema as { default: T }).default);

/** Each field's default, as declared above (fresh arrays each call). */
export function defaultSettings(): ProviderSettings {
  return Object.fromEntries(SETTING_KEYS.map((key) => [key, defaultOf(providerSettings[key])])) as ProviderSettings;
}

/** A policy field's declared default is what a stored policy lacking it means; new providers differ here. */
const NEW_PROVIDER_POLICY: Partial<ProviderPolicy> = { strip_email_domain: true };

/** What an older stored policy lacks: each field's declared default. */
function storedPolicyDefaults(): ProviderPolicy {
  return Object.fromEntries(Object.entries(ProviderPolicy.properties).map(([key, schema]) => [key, defaultOf(schema)])) as ProviderPolicy;
}

/** The policy of a new provider. */
export function defaultPolicy(): ProviderPolicy {
  return { ...storedPolicyDefaults(), ...NEW_PROVIDER_POLICY };
}

/** The name of the first policy field of the wrong type, or '' when all are right. */
export function policyTypeError(policy: Record<string, unknown>): string {
  for (const [key, schema] of Object.entries(ProviderPolicy.properties)) {
    const value = policy[key];
    const kind = (schema as { type: string }).type;
    if (kind === 'boolean' && typeof value !== 'boolean') return `policy.${key} must be true or false`;
    if (kind === 'string' && typeof value !== 'string') return `policy.${key} must be a string`;
    if (kind === 'array' && !(Array.isArray(value) && value.every((entry) => typeof entry === 'string'))) return `policy.${key} must be a list of strings`;
  }
  return '';
}

/**
 * A stored policy with the declared defaults for fields added since it was written (so a
 * provider keeps behaving as it did: `strip_email_domain` reads false); all of them when unreadable.
 */
export function policyFromJson(text: string): ProviderPolicy {
  try {
    const policy = { ...storedPolicyDefaults(), ...(JSON.parse(text) as object) };
    return policyTypeError(policy) === '' ? policy : storedPolicyDefaults();
  } catch {
    return storedPolicyDefaults();
  }
}
