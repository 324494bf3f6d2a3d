import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { PROVIDER_TYPES, TENANT_ID, audienceOf, azureIssuer, missingPolicy, presets, type ProviderType } from '../oidc/provider-types.js';
import { sanitizeSvg } from '../oidc/svg.js';
import type { Store } from '../store/index.js';
import type { AuthProviderRow } from '../store/schema.js';
import type { Actor, AuditService } from './audit.js';
import { authorityFor, requireAdminOver, type Authority } from './authority.js';
import { checkAudience } from './registration-policy.js';
import type { SecretBox } from './secret-box.js';
import { newId } from './secrets.js';
import { shortLived } from './short-lived.js';

export const SIGNING_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'] as const;
export const AUTH_METHODS = ['client_secret_basic', 'client_secret_post'] as const;
export const RESPONSE_MODES = ['query', 'form_post'] as const;
export const RESPONSE_TYPES = ['code', 'code id_token'] as const;
export const PROVIDER_NAME = /^[a-z0-9-]{1,32}$/;

export interface ProviderPolicy {
  /** Create a user the first time an unknown identity signs in. */
  auto_register: boolean;
  /** Claim to take the username from; empty: preferred_username, nickname, name, e-mail. */
  username_claim: string;
  /** Entra ID: the tenants (GUIDs, the `tid` claim) whose people may sign in; empty: no filter. */
  allowed_tenants: string[];
  /** Google: the Workspace domains (the `hd` claim) whose people may sign in; empty: no filter. */
  allowed_email_domains: string[];
  /** Anyone the provider vouches for may sign in: the explicit choice an open provider needs without a list. */
  allow_anyone: boolean;
}

const defaultPolicy: ProviderPolicy = { auto_register: true, username_claim: '', allowed_tenants: [], allowed_email_domains: [], allow_anyone: false };

/** The admin view of a provider: everything but the secret. */
export interface ProviderView {
  id: string;
  name: string;
  type: ProviderType;
  display_name: string;
  icon: string;
  enabled: boolean;
  position: number;
  client_id: string;
  has_client_secret: boolean;
  issuer: string;
  tenant_id: string;
  scopes: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string;
  jwks_uri: string;
  token_endpoint_auth_method: string;
  id_token_signed_response_alg: string;
  response_mode: string;
  response_type: string;
  allow_insecure_http: boolean;
  policy: ProviderPolicy;
  /**
   * Anyone can get an account at this provider and its policy does not yet say who may sign in
   * (DESIGN.md "Sign-in design"): it stays off until it does. Upgrades turn such providers off.
   */
  needs_policy: boolean;
  created_at: number;
  updated_at: number;
}

export type ProviderInput = Partial<Omit<ProviderView, 'id' | 'type' | 'has_client_secret' | 'created_at' | 'updated_at' | 'policy' | 'needs_policy'>> & {
  /** Checked against PROVIDER_TYPES when the row is normalised. */
  type?: string | undefined;
  client_secret?: string | undefined;
  policy?: Partial<ProviderPolicy> | undefined;
};

/** A provider ready for a sign-in: the secret opened. Never leaves the server. */
export interface ProviderSecrets extends ProviderView {
  client_secret: string;
}

/** How long sign-ins and login-options are answered from a snapshot of the providers. */
export const PROVIDERS_CACHE_MS = 5_000;

/** The providers as one read found them, with secrets opened on first need. */
export interface ProviderSnapshot {
  /** All providers, in the administrator's order. */
  ordered: AuthProviderRow[];
  byId: Map<string, AuthProviderRow>;
  byName: Map<string, AuthProviderRow>;
  opened: Map<string, ProviderSecrets>;
}

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');

/** Throws `provider.invalid` naming the first field of the wrong type. */
function checkPolicyTypes(policy: Record<string, unknown>): ProviderPolicy {
  for (const field of ['auto_register', 'allow_anyone'] as const) {
    if (typeof policy[field] !== 'boolean') throw new AppError('provider.invalid', { message: `policy.${field} must be true or false` });
  }
  if (typeof policy.username_claim !== 'string') throw new AppError('provider.invalid', { message: 'policy.username_claim must be a string' });
  for (const field of ['allowed_tenants', 'allowed_email_domains'] as const) {
    if (!isStringList(policy[field])) throw new AppError('provider.invalid', { message: `policy.${field} must be a list of strings` });
  }
  return policy as unknown as ProviderPolicy;
}

/** The stored policy with defaults for fields added since it was written. */
function parsePolicy(text: string): ProviderPolicy {
  try {
    const stored = JSON.parse(text) as Partial<ProviderPolicy>;
    return checkPolicyTypes({ ...defaultPolicy, ...stored });
  } catch {
    return { ...defaultPolicy, allowed_tenants: [], allowed_email_domains: [] };
  }
}

export function toView(row: AuthProviderRow): ProviderView {
  const { client_secret, enabled, allow_insecure_http, policy, type, ...rest } = row;
  const parsed = parsePolicy(policy);
  return {
    ...rest,
    type: type as ProviderType,
    enabled: enabled === 1,
    allow_insecure_http: allow_insecure_http === 1,
    has_client_secret: client_secret !== '',
    policy: parsed,
    needs_policy: missingPolicy(audienceOf(row), parsed) !== '',
  };
}

const isLoopback = (host: string) => host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host.endsWith('.localhost');

function checkUrl(field: string, value: string, allowInsecure: boolean): void {
  if (value === '') return;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('provider.invalid', { message: `${field} must be an absolute URL` });
  }
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && (allowInsecure || isLoopback(url.hostname))) return;
  throw new AppError('provider.invalid', {
    message: `${field} must use https (plain http is accepted only for loopback addresses or with allow_insecure_http)`,
  });
}

function oneOf<T extends string>(field: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new AppError('provider.invalid', { message: `${field} must be one of ${allowed.join(', ')}` });
  }
  return value as T;
}

/**
 * Where a provider's answers come from: who it is (type, issuer, tenant), where deskgate fetches
 * tokens and profiles, and the keys that sign them. Changed while people are linked through the
 * provider, the new settings could vouch for anyone as them (DESIGN.md "Sign-in design"): refused
 * unless they are unlinked with the change. A new client id or secret keeps everyone's link.
 */
const KEY_SOURCE = ['type', 'issuer', 'tenant_id', 'authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri'] as const;

function linkedRefusal(people: number, fields: readonly string[]): AppError {
  const who = people === 1 ? '1 person is' : `${people} people are`;
  return new AppError('provider.has_links', {
    message:
      `${who} linked through this provider. Changing its ${fields.join(', ')} would let the new settings sign in as ` +
      `${people === 1 ? 'them' : 'any of them'}, so it is refused. To change it anyway, unlink them with the change ` +
      '(unlink_identities: true): their accounts stay, and their next sign-in through this provider makes a new user.',
  });
}

/** Who unlinks people in bulk: what they hold, and their own console session, which stays. */
export interface UnlinkOptions {
  authority?: Authority | undefined;
  caller?: { userId: string; sessionId: string } | undefined;
}

/** Auth providers as administrators configure them; secrets sealed at rest, never returned. */
export function createAuthProviderService(deps: {
  store: Store;
  clock: Clock;
  audit: AuditService;
  secretBox: SecretBox;
  onChange: (providerId: string) => void;
  /** Ends a person's client tokens and console sessions but `keepSessionId` (see user-sessions.ts). */
  endSignIns: (userId: string, keepSessionId: string | undefined) => Promise<unknown>;
}) {
  const { store, clock, audit, secretBox } = deps;

  // Every client sign-in looks its provider up several times and every client start asks for
  // login-options: both are answered from one snapshot kept for a few seconds. A change on this
  // instance drops it at once; other instances see it within PROVIDERS_CACHE_MS.
  const snapshots = shortLived(clock, PROVIDERS_CACHE_MS, async (): Promise<ProviderSnapshot> => {
    const ordered = await store.authProviders.list();
    return {
      ordered,
      byId: new Map(ordered.map((row) => [row.id, row])),
      byName: new Map(ordered.map((row) => [row.name, row])),
      opened: new Map(),
    };
  });
  const snapshot = () => snapshots.get();

  function onChange(providerId: string): void {
    snapshots.clear();
    deps.onChange(providerId);
  }

  /** Applies presets and checks the whole row; throws `provider.invalid` naming the field. */
  function normalise(row: AuthProviderRow): AuthProviderRow {
    const type = oneOf('type', row.type, PROVIDER_TYPES);
    const preset = presets[type];
    if (!PROVIDER_NAME.test(row.name)) {
      throw new AppError('provider.invalid', { message: 'name must be 1-32 characters of a-z, 0-9 and -' });
    }
    if (row.client_id.length < 1 || row.client_id.length > 512) {
      throw new AppError('provider.invalid', { message: 'client_id is required' });
    }
    if (type === 'azure' && row.tenant_id) {
      if (!TENANT_ID.test(row.tenant_id)) throw new AppError('provider.invalid', { message: 'tenant_id is not a tenant id or domain' });
      if (!row.issuer) row.issuer = azureIssuer(row.tenant_id);
    }
    row.issuer ||= preset.issuer ?? '';
    row.authorization_endpoint ||= preset.authorizationEndpoint ?? '';
    row.token_endpoint ||= preset.tokenEndpoint ?? '';
    row.userinfo_endpoint ||= preset.userinfoEndpoint ?? '';
    row.scopes = row.scopes.trim() || preset.scopes || 'openid profile email';
    row.display_name = row.display_name.trim() || preset.displayName;
    const insecure = row.allow_insecure_http === 1;
    if (preset.protocol === 'oidc' && !row.issuer) {
      throw new AppError('provider.invalid', { message: type === 'azure' ? 'issuer or tenant_id is required' : 'issuer is required' });
    }
    if (preset.protocol === 'oauth2' && (!row.authorization_endpoint || !row.token_endpoint || !row.userinfo_endpoint)) {
      throw new AppError('provider.invalid', {
        message: 'authorization_endpoint, token_endpoint and userinfo_endpoint are required for OAuth 2 providers',
      });
    }
    for (const field of ['issuer', 'authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri'] as const) {
      checkUrl(field, row[field], insecure);
    }
    oneOf('token_endpoint_auth_method', row.token_endpoint_auth_method, AUTH_METHODS);
    oneOf('id_token_signed_response_alg', row.id_token_signed_response_alg, SIGNING_ALGS);
    oneOf('response_type', row.response_type, RESPONSE_TYPES);
    oneOf('response_mode', row.response_mode, RESPONSE_MODES);
    // Hybrid puts an ID token in the front channel: never in a query string (DESIGN.md).
    if (row.response_type === 'code id_token') row.response_mode = 'form_post';
    if (preset.protocol === 'oauth2' && row.response_type !== 'code') {
      throw new AppError('provider.invalid', { message: 'OAuth 2 providers support response_type code only' });
    }
    row.icon = row.icon ? sanitizeSvg(row.icon) : '';
    // Who may sign in, judged on the row as it will be saved (issuer and endpoints filled in).
    const policy = parsePolicy(row.policy);
    row.policy = JSON.stringify({ ...policy, ...checkAudience({ ...row, enabled: row.enabled === 1 }, policy) });
    return row;
  }

  const withSecret = (row: AuthProviderRow): ProviderSecrets => ({
    ...toView(row),
    client_secret: row.client_secret ? secretBox.open(row.client_secret) : '',
  });

  async function requireRow(id: string): Promise<AuthProviderRow> {
    const row = await store.authProviders.findById(id);
    if (!row) throw new AppError('provider.not_found');
    return row;
  }

  function applyInput(row: AuthProviderRow, input: ProviderInput): string[] {
    const changed: string[] = [];
    const set = <K extends keyof AuthProviderRow>(key: K, value: AuthProviderRow[K] | undefined) => {
      if (value !== undefined && value !== row[key]) {
        row[key] = value;
        changed.push(key);
      }
    };
    for (const key of [
      'name', 'type', 'display_name', 'icon', 'client_id', 'issuer', 'tenant_id', 'scopes',
      'authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri',
      'token_endpoint_auth_method', 'id_token_signed_response_alg', 'response_mode', 'response_type',
    ] as const) {
      const value = input[key];
      set(key, typeof value === 'string' ? value.trim() : undefined);
    }
    if (input.enabled !== undefined) set('enabled', input.enabled ? 1 : 0);
    if (input.allow_insecure_http !== undefined) set('allow_insecure_http', input.allow_insecure_http ? 1 : 0);
    if (input.position !== undefined) set('position', input.position);
    // Write-only: absent or empty means unchanged.
    if (input.client_secret) {
      row.client_secret = secretBox.seal(input.client_secret);
      changed.push('client_secret');
    }
    if (input.policy) {
      const policy = checkPolicyTypes({ ...parsePolicy(row.policy), ...input.policy });
      set('policy', JSON.stringify(policy));
    }
    return changed;
  }

  /**
   * Unlinking everyone linked through a provider changes the sign-in state of each of them:
   * with an administrator among them, that needs `admin` (a credential never obtains more than it has).
   */
  async function mayUnlinkAll(actor: Actor, providerId: string, options: UnlinkOptions, what: string): Promise<void> {
    const linked = await store.identities.linkedUsers(providerId);
    for (const user of linked) requireAdminOver(authorityFor(actor, options.authority), user, what);
  }

  /** As with unlinking one identity: the people unlinked are signed out everywhere, but the caller's own session stays. */
  async function endSignInsOf(userIds: string[], options: UnlinkOptions): Promise<void> {
    for (const userId of userIds) {
      await deps.endSignIns(userId, options.caller?.userId === userId ? options.caller.sessionId : undefined);
    }
  }

  return {
    async list(): Promise<ProviderView[]> {
      return (await store.authProviders.list()).map(toView);
    },

    async get(id: string): Promise<ProviderView> {
      return toView(await requireRow(id));
    },

    snapshot,

    /** For sign-in only: the enabled provider with its secret opened. */
    async forSignIn(nameOrId: { name: string } | { id: string }): Promise<ProviderSecrets> {
      const providers = await snapshot();
      const row = 'id' in nameOrId ? providers.byId.get(nameOrId.id) : providers.byName.get(nameOrId.name);
      if (!row || row.enabled !== 1) throw new AppError('provider.not_found');
      let opened = providers.opened.get(row.id);
      if (!opened) {
        // Shared by every sign-in until the snapshot lapses: frozen, so none can change it for the others.
        opened = Object.freeze(withSecret(row));
        providers.opened.set(row.id, opened);
      }
      return opened;
    },

    /** A provider's name, enabled or not ('' once deleted). */
    async nameOf(id: string): Promise<string> {
      return (await snapshot()).byId.get(id)?.name ?? '';
    },

    /** For the provider test: enabled or not, with its secret opened. */
    async forTest(id: string): Promise<ProviderSecrets> {
      return withSecret(await requireRow(id));
    },

    async create(actor: Actor, input: ProviderInput): Promise<ProviderView> {
      const type = input.type ?? 'oidc';
      const now = clock.now();
      const row: AuthProviderRow = {
        id: newId(),
        name: input.name?.trim() || type,
        type,
        display_name: '',
        icon: '',
        enabled: 1,
        position: (await store.authProviders.maxPosition()) + 1,
        client_id: '',
        client_secret: '',
        issuer: '',
        tenant_id: '',
        scopes: '',
        authorization_endpoint: '',
        token_endpoint: '',
        userinfo_endpoint: '',
        jwks_uri: '',
        token_endpoint_auth_method: 'client_secret_basic',
        id_token_signed_response_alg: 'RS256',
        response_mode: 'query',
        response_type: 'code',
        allow_insecure_http: 0,
        policy: JSON.stringify(defaultPolicy),
        created_at: now,
        updated_at: now,
      };
      applyInput(row, { ...input, name: row.name, type });
      normalise(row);
      if (await store.authProviders.findByName(row.name)) throw new AppError('provider.name_taken');
      await store.transaction(async (tx) => {
        await tx.authProviders.insert(row);
        await tx.consoleAudit.insert(audit.row(actor, 'provider.create', { type: 'auth_provider', id: row.id, name: row.name }, { type }));
      });
      onChange(row.id);
      return toView(row);
    },

    /**
     * Changes a provider. A change of its key source (KEY_SOURCE) while people are linked
     * through it is refused (`provider.has_links`, naming how many) unless `unlinkIdentities`:
     * then their links are deleted in the same transaction, the audit record counts them, and
     * their sign-ins end as with any unlinking.
     */
    async update(actor: Actor, id: string, input: ProviderInput, options: UnlinkOptions & { unlinkIdentities?: boolean } = {}): Promise<ProviderView> {
      const stored = await requireRow(id);
      const row = { ...stored };
      const changed = applyInput(row, input);
      if (changed.length === 0) return toView(row);
      normalise(row);
      if (changed.includes('name')) {
        const other = await store.authProviders.findByName(row.name);
        if (other && other.id !== id) throw new AppError('provider.name_taken');
      }
      // Compared after normalise: a preset or a tenant can change the issuer or endpoints too.
      const keySource = KEY_SOURCE.filter((field) => row[field] !== stored[field]);
      const unlink = keySource.length > 0 && options.unlinkIdentities === true;
      if (keySource.length > 0 && !unlink) {
        const linked = await store.identities.countForProvider(id);
        if (linked > 0) throw linkedRefusal(linked, keySource);
      }
      row.updated_at = clock.now();
      const { id: _id, ...patch } = row;
      const target = { type: 'auth_provider', id, name: row.name };
      if (unlink) {
        await mayUnlinkAll(actor, id, options, 'Unlinking the people of a provider that administrators sign in with');
        const userIds = await store.identities.updateProviderUnlinking(id, patch, (unlinked) => audit.row(actor, 'provider.update', target, { changed, unlinked }));
        onChange(id);
        await endSignInsOf(userIds, options);
        return toView(row);
      }
      await store.transaction(async (tx) => {
        await tx.authProviders.update(id, patch);
        await tx.consoleAudit.insert(audit.row(actor, 'provider.update', target, { changed }));
      });
      onChange(id);
      return toView(row);
    },

    /**
     * Deletes a provider and every link made through it (no sign-in could reach them again, and
     * a new provider never inherits them), in one transaction with an audit record counting them.
     * The users stay; their sign-ins end as with any unlinking.
     */
    async delete(actor: Actor, id: string, options: UnlinkOptions = {}): Promise<void> {
      const row = await requireRow(id);
      await mayUnlinkAll(actor, id, options, 'Deleting a provider that administrators sign in with');
      const target = { type: 'auth_provider', id, name: row.name };
      const userIds = await store.identities.deleteProvider(id, (count) => audit.row(actor, 'provider.delete', target, { unlinked: count }));
      if (userIds === undefined) throw new AppError('provider.not_found');
      onChange(id);
      await endSignInsOf(userIds, options);
    },

    /** Puts providers in the given order (ids not named keep their place after them). */
    async reorder(actor: Actor, ids: string[]): Promise<ProviderView[]> {
      const rows = await store.authProviders.list();
      const known = new Set(rows.map((r) => r.id));
      if (ids.some((id) => !known.has(id))) throw new AppError('provider.not_found');
      const order = [...new Set(ids), ...rows.map((r) => r.id).filter((id) => !ids.includes(id))];
      const now = clock.now();
      await store.transaction(async (tx) => {
        for (const [position, id] of order.entries()) await tx.authProviders.update(id, { position, updated_at: now });
        await tx.consoleAudit.insert(audit.row(actor, 'provider.reorder', { type: 'auth_provider', id: '', name: '' }, { order }));
      });
      for (const id of order) onChange(id);
      return (await store.authProviders.list()).map(toView);
    },
  };
}

export type AuthProviderService = ReturnType<typeof createAuthProviderService>;
