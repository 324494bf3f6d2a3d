import type { Clock } from '../clock.js';
import type { OpenedProvider, ProviderPolicy } from '../domain/auth-provider.js';
import { UserStatus, type User } from '../domain/user.js';
import { isAppError } from '../errors.js';
import type { VerifiedIdentity } from '../oidc/callback.js';
import { audienceOf, familyOf, missingPolicy, type AudienceInput } from '../oidc/provider-types.js';
import type { Store } from '../store/index.js';
import type { UserIdentityRow } from '../store/schema.js';
import { systemActor, type Actor, type AuditService } from './audit.js';
import { groupsDiffer, writeAccountChanges, type AccountChanges, type SyncWording } from './group-sync.js';
import type { GroupService } from './groups.js';
import { domainVerdict, orgsVerdict, tenantVerdict, type PolicyVerdict } from './registration-policy.js';

export type { PolicyVerdict } from './registration-policy.js';

/** A provider as the policy rules read it: where it points (its family and audience) and its policy. */
export type PolicyProvider = AudienceInput & { policy: ProviderPolicy };

/** What the rules that depend on deskgate's own state need to know about this identity. */
export interface VerdictContext {
  /** The identity is already linked to an account through this provider (a returning person). */
  linked: boolean;
  /** Users single sign-on has linked, across providers, and the page-level cap on them (0: none). */
  linkedUsers: number;
  maxAuthorizedUsers: number;
  /** The username a new account would get, or '' when no claim gives one. */
  username: string;
  /** With link_by_verified_email: the existing account a first sign-in would attach to, or ''. */
  attachTo?: string;
}

/**
 * Whether this signed-in identity would be admitted through this provider, rule by rule, and
 * why: one entry per rule, in the order sign-in applies them (tenant list, e-mail domains,
 * organisations, an account to sign in to, the user cap, a username). Each entry names its rule
 * (the policy field, or `max_authorized_users` for the page-level cap), says whether it lets the
 * person in, explains the outcome in an administrator's words and, when it refuses, what to
 * change. The person is admitted when every entry is ok.
 *
 * Pure: the caller supplies the claims (`identity.claims`, as the provider sent them) and what
 * only deskgate's data can say (`context`). Used by sign-in's own checks (registration-policy.ts
 * `admit` raises the first refusal of the first three) and by the provider test.
 */
export function policyVerdicts(provider: PolicyProvider, identity: { claims: Record<string, unknown> }, context: VerdictContext): PolicyVerdict[] {
  const { policy } = provider;
  const { claims } = identity;
  const verdicts: PolicyVerdict[] = [];
  const missing = missingPolicy(audienceOf(provider), policy);
  if (missing !== '') {
    verdicts.push({
      rule: missing,
      ok: false,
      message: 'Anyone can get an account at this provider and its policy does not say who may sign in, so no one is admitted',
      fix: `Set policy.${missing === 'allow_anyone' ? 'allow_anyone' : `${missing} (or allow_anyone)`}`,
    });
  }
  verdicts.push(tenantVerdict(provider, claims), domainVerdict(provider, claims), orgsVerdict(provider, claims));
  const attachTo = context.attachTo ?? '';
  verdicts.push(accountVerdict(policy, context.linked, attachTo));
  verdicts.push(capVerdict(context, attachTo));
  verdicts.push(usernameVerdict(policy, context, attachTo));
  return verdicts;
}

function accountVerdict(policy: ProviderPolicy, linked: boolean, attachTo: string): PolicyVerdict {
  const rule = 'auto_register';
  if (linked) return { rule, ok: true, message: 'This identity is linked to an account: it signs in to that account' };
  if (attachTo) return { rule, ok: true, message: `A first sign-in attaches to the existing account "${attachTo}" with the same verified e-mail (link_by_verified_email)` };
  if (policy.auto_register) return { rule, ok: true, message: 'No account is linked to this identity yet: its first sign-in creates one (auto_register)' };
  return {
    rule,
    ok: false,
    message: 'No account is linked to this identity, and this provider creates none (auto_register is off)',
    fix: 'Turn on policy.auto_register, or have the person connect this provider from My account after signing in another way',
  };
}

function capVerdict(context: VerdictContext, attachTo: string): PolicyVerdict {
  const rule = 'max_authorized_users';
  const cap = context.maxAuthorizedUsers;
  if (context.linked || attachTo) return { rule, ok: true, message: 'The cap on single sign-on users applies to new accounts only' };
  if (cap <= 0) return { rule, ok: true, message: 'There is no cap on single sign-on users' };
  if (context.linkedUsers < cap) return { rule, ok: true, message: `${context.linkedUsers} of at most ${cap} single sign-on users have accounts: there is room for this person` };
  return {
    rule,
    ok: false,
    message: `The maximum number of single sign-on users (${cap}) is reached: new people are refused; people who already have an account still sign in`,
    fix: 'Raise "Maximum number of authorized users" in Settings → OIDC, or remove people who no longer need an account',
  };
}

function usernameVerdict(policy: ProviderPolicy, context: VerdictContext, attachTo: string): PolicyVerdict {
  const rule = 'username_claim';
  if (context.linked || attachTo) return { rule, ok: true, message: 'The account exists: its username stays as it is' };
  if (context.username) return { rule, ok: true, message: `A new account would be named "${context.username}"` };
  const claim = policy.username_claim ? `the ${policy.username_claim} claim, ` : '';
  return {
    rule,
    ok: false,
    message: `The provider sent no claim to name the account by (${claim}preferred_username, nickname, login, name or a verified e-mail)`,
    fix: 'Set policy.username_claim to a claim this provider sends, or have the provider send preferred_username or a verified e-mail',
  };
}

/** Whether the provider is Entra ID (by type or authority): it vouches for no e-mail address. */
export function isEntra(provider: AudienceInput): boolean {
  return familyOf(provider) === 'entra';
}

/**
 * What the groups claim says: the person's groups, or that Entra left them out (overage), or
 * that GitHub was not asked for them (`orgs` without the read:org scope), or nothing configured.
 */
export type GroupClaim = { kind: 'values'; values: string[] } | { kind: 'overage' } | { kind: 'unavailable' } | { kind: 'off' };

/** A claim by its name, or by a dotted path into nested objects (Keycloak's `realm_access.roles`). */
export function claimAt(claims: Record<string, unknown>, name: string): unknown {
  if (name in claims) return claims[name];
  let value: unknown = claims;
  for (const part of name.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * The values of the provider's groups claim: a list of strings, or one string. Entra ID leaves
 * the `groups` claim out of a token when the person has more groups than fit (over 200 in a
 * JWT) and says so with `_claim_names.groups` (or `hasgroups: true`): that is no answer, so the
 * person's groups and administrator flag stay as they are (spec/oidc-rp.md §2.3).
 */
export function readGroupClaim(policy: Pick<ProviderPolicy, 'groups_claim'>, claims: Record<string, unknown>): GroupClaim {
  const name = policy.groups_claim.trim();
  if (!name) return { kind: 'off' };
  const value = claimAt(claims, name);
  if (value === undefined || value === null) {
    const names = claims._claim_names;
    const overage = (typeof names === 'object' && names !== null && ('groups' in names || name in names)) || claims.hasgroups === true;
    if (overage) return { kind: 'overage' };
    return { kind: 'values', values: [] };
  }
  const list = Array.isArray(value) ? value : [value];
  const values = list.map((v) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '')).filter((v) => v !== '' && v.length <= 256);
  return { kind: 'values', values: [...new Set(values)] };
}

/**
 * `link_by_verified_email`: at a first sign-in with no link, the one existing account with the
 * e-mail the provider vouches for (`email_verified` true; never Entra ID, the nOAuth pattern),
 * unless it is an administrator, disabled, or linked through any provider: a linked account's
 * e-mail may have come from a provider's unverified claim, so someone could have squatted an
 * address there first. Only an account made in deskgate (its e-mail typed by a person) is
 * attached. Undefined when the option is off or no such account exists. Sign-in and test sign-in
 * both ask this.
 */
export async function attachCandidate(store: Store, provider: OpenedProvider, identity: VerifiedIdentity): Promise<User | undefined> {
  if (!provider.policy.link_by_verified_email || familyOf(provider) === 'entra') return undefined;
  const { claims } = identity;
  const email = typeof claims.email === 'string' ? claims.email.trim() : '';
  if (claims.email_verified !== true || !email) return undefined;
  const found = await store.users.findByEmail(email, 2);
  // Two accounts with one address: which one is meant is not the provider's to say.
  if (found.length !== 1) return undefined;
  const [user] = found as [User];
  if (user.is_admin || user.status !== UserStatus.Normal) return undefined;
  const links = await store.identities.listForUser(user.id);
  if (links.length > 0) return undefined;
  return user;
}

/**
 * GitHub's `orgs` as the groups claim: deskgate reads a person's organisations only when GitHub
 * granted read:org (github.ts), and without them there is no `orgs` claim at all. That is no
 * answer about the person, as Entra's overage is not: their groups and administrator flag stay.
 */
function groupClaimOf(provider: OpenedProvider, claims: Record<string, unknown>): GroupClaim {
  const claim = readGroupClaim(provider.policy, claims);
  const orgsUnread = familyOf(provider) === 'github' && provider.policy.groups_claim.trim() === 'orgs' && !Array.isArray(claims.orgs);
  return claim.kind === 'values' && orgsUnread ? { kind: 'unavailable' } : claim;
}

const ORGS_FIX = 'Add read:org to the provider’s scopes (read:user user:email read:org), so that GitHub lists the person’s organisations';

/** What a fix of Entra's groups overage is, for the administrator reading the log. */
const OVERAGE_FIX =
  'In the app registration’s Token configuration, edit the groups claim to emit "Groups assigned to the application" (and assign the groups to the enterprise application), or use app roles and set the groups claim to roles';

/** Who made a change at sign-in: the provider, in the audit log. */
const actorFor = (provider: { name: string }): Actor => ({ ...systemActor, name: `sso:${provider.name}` });

/**
 * What a sign-in does to the person's account once they are admitted (DESIGN.md "Sign-in
 * design": provisioning is a per-provider policy): the default group of a new account, linking
 * by a verified e-mail, the groups and administrator flag that follow the groups claim, and the
 * display name and e-mail that follow the provider. Each change is written with its audit
 * record in one transaction.
 */
export function createProvisioning(deps: {
  store: Store;
  clock: Clock;
  audit: AuditService;
  groups: GroupService;
  /** Drops cached client tokens of a person whose administrator flag changed. */
  forgetUser?: (userId: string) => void;
}) {
  const { store, clock, audit, groups } = deps;

  /** The group a person created through the provider joins: `default_group` if it still exists, else Default. */
  async function defaultGroupId(policy: Pick<ProviderPolicy, 'default_group'>): Promise<string> {
    const name = policy.default_group.trim();
    if (name) {
      const group = await store.groups.findByName(name);
      if (group) return group.id;
    }
    return groups.defaultGroupId();
  }


  /** Attaches the identity to `user` (see attachCandidate), with its audit record; false if a link appeared meanwhile. */
  async function attach(provider: OpenedProvider, identity: VerifiedIdentity, user: User, link: UserIdentityRow): Promise<boolean> {
    const actor = actorFor(provider);
    try {
      await store.transaction(async (tx) => {
        await tx.identities.insert(link);
        const detail = { provider: provider.name, issuer: identity.issuer, by: 'verified_email' };
        await tx.consoleAudit.insert(audit.row(actor, 'identity.link', { type: 'user', id: user.id, name: user.name }, detail));
      });
      return true;
    } catch (error) {
      // The unique (provider, subject) index: the same person's concurrent first sign-in linked first.
      if (isAppError(error)) throw error;
      return false;
    }
  }

  /**
   * After the person is admitted and their account found or made: the display name and e-mail
   * follow the sign-in's `name` and e-mail when it carries them; with a groups claim, their
   * groups become the deskgate groups named in it (none named: the provider's default group);
   * with admin groups, the administrator flag follows the claim, both ways, but the last
   * administrator with a way in is never demoted (that refusal is audited, the flag kept). An
   * Entra groups overage, or GitHub organisations not granted (read:org), changes neither and is
   * audited with its fix. Returns the user as now stored.
   */
  async function afterSignIn(provider: OpenedProvider, identity: VerifiedIdentity, user: User, email: string): Promise<User> {
    const { policy } = provider;
    const actor = actorFor(provider);
    const target = { type: 'user', id: user.id, name: user.name };
    const changes: AccountChanges = { profile: {} };
    const name = typeof identity.claims.name === 'string' ? identity.claims.name.trim().slice(0, 128) : '';
    if (name && name !== user.display_name) changes.profile.display_name = name;
    if (email && email !== user.email) changes.profile.email = email;

    const claim = groupClaimOf(provider, identity.claims);
    if (claim.kind === 'values') {
      const matched = await store.groups.findByNames(claim.values);
      const groupIds = matched.length > 0 ? matched.map((g) => g.id) : [await defaultGroupId(policy)];
      if (await groupsDiffer(store, user.id, groupIds)) {
        const names = matched.length > 0 ? matched.map((g) => g.name) : (await store.groups.findByIds(groupIds)).map((g) => g.name);
        changes.groups = { ids: groupIds, names };
      }
      if (policy.admin_groups.length > 0) {
        const adminValues = new Set(policy.admin_groups.map((v) => v.toLowerCase()));
        const wantAdmin = claim.values.some((v) => adminValues.has(v.toLowerCase()));
        if (wantAdmin !== user.is_admin) changes.admin = wantAdmin;
      }
    }
    const unanswered = claim.kind === 'overage' || claim.kind === 'unavailable';
    if (Object.keys(changes.profile).length === 0 && changes.groups === undefined && changes.admin === undefined && !unanswered) return user;

    const wording: SyncWording = {
      actor,
      by: { profile: 'sign_in', groups: 'groups_claim', admin: 'admin_groups' },
      extra: { provider: provider.name },
      kept: { action: 'sso.admin_kept', fix: 'Add another administrator, or put this person in one of the provider’s admin groups' },
    };
    let adminChanged = false;
    await store.transaction(async (tx) => {
      const now = clock.now();
      if (claim.kind === 'overage') {
        const detail = { provider: provider.name, claim: policy.groups_claim, fix: OVERAGE_FIX };
        await tx.consoleAudit.insert(audit.row(actor, 'sso.groups_overage', target, detail));
      }
      if (claim.kind === 'unavailable') {
        const detail = { provider: provider.name, claim: policy.groups_claim, fix: ORGS_FIX };
        await tx.consoleAudit.insert(audit.row(actor, 'sso.groups_unavailable', target, detail));
      }
      adminChanged = await writeAccountChanges(tx, audit, user, now, changes, wording);
    });
    if (adminChanged) deps.forgetUser?.(user.id);
    return (await store.users.findById(user.id)) ?? user;
  }

  return { defaultGroupId, attach, afterSignIn };
}

export type Provisioning = ReturnType<typeof createProvisioning>;
