import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import {
  SETTING_KEYS,
  defaultPolicy,
  defaultSettings,
  policyTypeError,
  type AuthProvider,
  type OpenedProvider,
  type ProviderInput,
  type ProviderLastError,
  type ProviderPolicy,
  type SettingKey,
  type StoredProvider,
} from '../domain/auth-provider.js';
import { NOT_PROVIDER_FAULTS } from '../domain/sign-in-failure.js';
import { audienceOf, missingPolicy } from '../oidc/provider-types.js';
import { sanitizeSvg } from '../input/svg.js';
import type { Store } from '../store/index.js';
import type { Actor, AuditService } from './audit.js';
import { authorityFor, requireAdminOver, requireScope, type Authority } from './authority.js';
import { labelKey, normaliseProvider } from './provider-settings.js';
import type { SecretBox } from './secret-box.js';
import { newId } from './secrets.js';
import { requireAdminWayIn, type SignInChange } from './sign-in-ways.js';
import { shortLived } from './short-lived.js';

/** How long sign-ins and login-options are answered from a snapshot of the providers. */
export const PROVIDERS_CACHE_MS = 5_000;

/** The providers as one read found them, with secrets opened on first need. */
export interface ProviderSnapshot {
  /** All providers, in the administrator's order. */
  ordered: StoredProvider[];
  byId: Map<string, StoredProvider>;
  byName: Map<string, StoredProvider>;
  opened: Map<string, OpenedProvider>;
}

/**
 * An icon as the current rules allow it. Icons are sanitised when saved, and the rules have
 * grown since: one stored under older rules that they now refuse is not shown anywhere (saving
 * the provider again checks it afresh, and says why).
 */
function shownIcon(icon: string): string {
  if (!icon) return '';
  try {
    return sanitizeSvg(icon);
  } catch {
    return '';
  }
}

/** The admin view: the secret replaced by whether there is one, whether policy is missing, and its last error if known. */
export function toView(stored: StoredProvider, lastError: ProviderLastError | null = null): AuthProvider {
  const { client_secret, ...rest } = stored;
  return {
    ...rest,
    icon: shownIcon(stored.icon),
    has_client_secret: client_secret !== '',
    needs_policy: missingPolicy(audienceOf(stored), stored.policy) !== '',
    last_error: lastError,
  };
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

/**
 * With `policy.admin_groups` set, a provider makes administrators of whoever its answers put in
 * those groups. Changing where its answers come from (KEY_SOURCE, the client), which claim is
 * read, or who it admits lets the changer decide that: it needs `admin`, as setting the groups does.
 */
const MAKES_ADMINS_SETTINGS = [...KEY_SOURCE, 'client_id', 'allow_insecure_http', 'subject_field'] as const;
const MAKES_ADMINS_POLICY = ['groups_claim', 'allowed_tenants', 'allowed_email_domains', 'allowed_orgs', 'allow_anyone'] as const;

/** The settings of a change that move where the provider's answers come from. */
function sourceChanges(row: StoredProvider, stored: StoredProvider, changed: readonly string[]): string[] {
  const settings = MAKES_ADMINS_SETTINGS.filter((field) => row[field] !== stored[field]);
  return [...settings, ...(changed.includes('client_secret') ? ['client_secret'] : [])];
}

/** The fields of a change to a provider with admin groups that could hand out administrator rights. */
function adminMakingChanges(row: StoredProvider, stored: StoredProvider, changed: readonly string[]): string[] {
  if (row.policy.admin_groups.length === 0) return [];
  const policy = MAKES_ADMINS_POLICY.filter((field) => JSON.stringify(row.policy[field] ?? []) !== JSON.stringify(stored.policy[field] ?? [])).map(
    (field) => `policy.${field}`,
  );
  return [...sourceChanges(row, stored, changed), ...policy];
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
    const ordered = (await store.authProviders.list()).map((row) => (row.icon ? { ...row, icon: shownIcon(row.icon) } : row));
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

  /**
   * Two sign-in buttons with one label could not be told apart. A label the administrator typed
   * that another provider has is refused, naming that provider; a label left to the type's
   * default ("Microsoft") gets the provider's name added ("Microsoft (contoso)") when taken.
   */
  async function requireOwnLabel(row: StoredProvider, defaulted: boolean): Promise<void> {
    const others = (await store.authProviders.list()).filter((p) => p.id !== row.id);
    const holder = (label: string) => others.find((p) => labelKey(p.display_name) === labelKey(label));
    if (defaulted && holder(row.display_name)) row.display_name = `${row.display_name} (${row.name})`;
    const other = holder(row.display_name);
    if (other) {
      throw new AppError('provider.label_taken', {
        message:
          `The provider "${other.name}" already has the button label "${other.display_name}" (display_name). ` +
          'Give this provider a display_name of its own, so that people can tell the sign-in buttons apart',
      });
    }
  }

  const withSecret = (row: StoredProvider): OpenedProvider => ({
    ...toView(row),
    client_secret: row.client_secret ? secretBox.open(row.client_secret) : '',
  });

  /**
   * Each provider's last error, from the log of failed sign-ins: its latest single sign-on
   * failure, unless someone has signed in through it since; refusals that say nothing about the
   * provider (a denial, a disabled account, policy) are left out.
   */
  async function lastErrors(ids: string[]): Promise<Map<string, ProviderLastError>> {
    const found = await store.signInAttempts.latestProviderFailures(ids, NOT_PROVIDER_FAULTS);
    return new Map([...found].map(([id, failure]) => [id, { at: failure.at, reason: failure.reason, message: failure.detail }]));
  }

  /** Every provider as the admin API shows it, in the administrator's order. */
  async function views(): Promise<AuthProvider[]> {
    const rows = await store.authProviders.list();
    const errors = await lastErrors(rows.map((row) => row.id));
    return rows.map((row) => toView(row, errors.get(row.id) ?? null));
  }

  async function requireRow(id: string): Promise<StoredProvider> {
    const row = await store.authProviders.findById(id);
    if (!row) throw new AppError('provider.not_found');
    return row;
  }

  /** Copies what the input sets (strings trimmed) and names what changed. */
  function applyInput(row: StoredProvider, input: ProviderInput): string[] {
    const changed: string[] = [];
    const fields = row as unknown as Record<SettingKey, unknown>;
    for (const key of SETTING_KEYS) {
      const given: unknown = input[key];
      const value = typeof given === 'string' ? given.trim() : given;
      if (value !== undefined && value !== fields[key]) {
        fields[key] = value;
        changed.push(key);
      }
    }
    // Write-only: absent or empty means unchanged.
    if (input.client_secret) {
      row.client_secret = secretBox.seal(input.client_secret);
      changed.push('client_secret');
    }
    if (input.policy) {
      const policy: Record<string, unknown> = { ...row.policy, ...input.policy };
      const wrong = policyTypeError(policy);
      if (wrong) throw new AppError('provider.invalid', { message: wrong });
      if (JSON.stringify(policy) !== JSON.stringify(row.policy)) {
        row.policy = policy as ProviderPolicy;
        changed.push('policy');
      }
    }
    return changed;
  }

  /**
   * The provisioning fields that name something outside the provider, checked when they change
   * (`stored`: the provider before the change; none for a new one). `admin_groups` lets whoever
   * controls the provider's answers make administrators, so setting or changing it needs `admin`
   * (a credential never obtains more than it has). `default_group` must name a group.
   */
  async function checkProvisioning(actor: Actor, row: StoredProvider, stored: StoredProvider | undefined, authority: Authority | undefined): Promise<void> {
    const policy = row.policy;
    policy.groups_claim = policy.groups_claim.trim();
    policy.default_group = policy.default_group.trim();
    policy.admin_groups = [...new Set(policy.admin_groups.map((value) => value.trim()).filter((value) => value !== ''))];
    if (policy.admin_groups.length > 0 && !policy.groups_claim) {
      throw new AppError('provider.invalid', { message: 'policy.admin_groups needs policy.groups_claim: the claim whose values they are' });
    }
    const before = stored?.policy.admin_groups ?? [];
    if (JSON.stringify(policy.admin_groups) !== JSON.stringify(before)) {
      requireScope(authorityFor(actor, authority), 'admin', 'Setting policy.admin_groups (who the provider makes an administrator)');
    }
    // It lets the provider's answers take over existing accounts (not administrators'): as much as users:write.
    if (policy.link_by_verified_email && !stored?.policy.link_by_verified_email) {
      requireScope(authorityFor(actor, authority), 'users:write', 'Turning on policy.link_by_verified_email (a first sign-in may take over an account with the same e-mail)');
    }
    if (policy.default_group && policy.default_group !== (stored?.policy.default_group ?? '') && !(await store.groups.findByName(policy.default_group))) {
      throw new AppError('provider.invalid', { message: `policy.default_group: there is no group named "${policy.default_group.slice(0, 64)}"; create it first, or leave the field empty for Default` });
    }
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
    list: views,

    async get(id: string): Promise<AuthProvider> {
      const row = await requireRow(id);
      return toView(row, (await lastErrors([id])).get(id) ?? null);
    },

    snapshot,

    /** For sign-in only: the enabled provider with its secret opened. */
    async forSignIn(nameOrId: { name: string } | { id: string }): Promise<OpenedProvider> {
      const providers = await snapshot();
      const row = 'id' in nameOrId ? providers.byId.get(nameOrId.id) : providers.byName.get(nameOrId.name);
      if (!row || !row.enabled) throw new AppError('provider.not_found');
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

    /**
     * For the provider test: enabled or not, with its secret opened; with `input`, as that change
     * would make it (checked as `update` checks it, `provider.invalid` otherwise), nothing saved.
     */
    async forTest(id: string, input?: ProviderInput): Promise<OpenedProvider> {
      const row = { ...(await requireRow(id)) };
      if (input && applyInput(row, input).length > 0) normaliseProvider(row);
      return withSecret(row);
    },

    /** A new provider; `options.authority`: what the caller holds (setting admin_groups needs `admin`). */
    async create(actor: Actor, input: ProviderInput, options: { authority?: Authority | undefined } = {}): Promise<AuthProvider> {
      const type = input.type ?? 'oidc';
      const now = clock.now();
      const row: StoredProvider = {
        id: newId(),
        ...defaultSettings(),
        name: input.name?.trim() || type,
        type,
        position: (await store.authProviders.maxPosition()) + 1,
        client_secret: '',
        policy: defaultPolicy(),
        created_at: now,
        updated_at: now,
      };
      applyInput(row, { ...input, name: row.name, type });
      const defaultLabel = row.display_name === '';
      normaliseProvider(row);
      await checkProvisioning(actor, row, undefined, options.authority);
      if (await store.authProviders.findByName(row.name)) throw new AppError('provider.name_taken');
      await requireOwnLabel(row, defaultLabel);
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
    async update(actor: Actor, id: string, input: ProviderInput, options: UnlinkOptions & { unlinkIdentities?: boolean } = {}): Promise<AuthProvider> {
      const stored = await requireRow(id);
      const row = { ...stored };
      const changed = applyInput(row, input);
      if (changed.length === 0) return toView(row);
      const defaultLabel = row.display_name === '';
      normaliseProvider(row);
      if (changed.includes('policy')) await checkProvisioning(actor, row, stored, options.authority);
      const makesAdmins = adminMakingChanges(row, stored, changed);
      if (makesAdmins.length > 0) {
        requireScope(authorityFor(actor, options.authority), 'admin', `Changing ${makesAdmins.join(', ')} of a provider whose policy.admin_groups make administrators`);
      }
      const moved = stored.policy.link_by_verified_email && row.policy.link_by_verified_email ? sourceChanges(row, stored, changed) : [];
      if (moved.length > 0) {
        requireScope(authorityFor(actor, options.authority), 'users:write', `Changing ${moved.join(', ')} of a provider whose sign-ins may take over accounts by e-mail (policy.link_by_verified_email)`);
      }
      if (changed.includes('name')) {
        const other = await store.authProviders.findByName(row.name);
        if (other && other.id !== id) throw new AppError('provider.name_taken');
      }
      if (labelKey(row.display_name) !== labelKey(stored.display_name)) await requireOwnLabel(row, defaultLabel);
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
      // No lock-out: turning it off or unlinking its people is refused if that leaves no administrator a way in.
      const takes: SignInChange[] = [];
      if (stored.enabled && !row.enabled) takes.push({ kind: 'disable_provider', providerId: id });
      if (unlink) takes.push({ kind: 'unlink_provider', providerId: id });
      if (unlink) {
        await mayUnlinkAll(actor, id, options, 'Unlinking the people of a provider that administrators sign in with');
        const userIds = await store.transaction(async (tx) => {
          await requireAdminWayIn(tx, takes);
          return tx.identities.updateProviderUnlinking(id, patch, (unlinked) => audit.row(actor, 'provider.update', target, { changed, unlinked }));
        });
        onChange(id);
        await endSignInsOf(userIds, options);
        return toView(row);
      }
      await store.transaction(async (tx) => {
        await requireAdminWayIn(tx, takes);
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
      const userIds = await store.transaction(async (tx) => {
        await requireAdminWayIn(tx, [{ kind: 'delete_provider', providerId: id }]);
        return tx.identities.deleteProvider(id, (count) => audit.row(actor, 'provider.delete', target, { unlinked: count }));
      });
      if (userIds === undefined) throw new AppError('provider.not_found');
      onChange(id);
      await endSignInsOf(userIds, options);
    },

    /** Puts providers in the given order (ids not named keep their place after them). */
    async reorder(actor: Actor, ids: string[]): Promise<AuthProvider[]> {
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
      return views();
    },
  };
}

export type AuthProviderService = ReturnType<typeof createAuthProviderService>;
