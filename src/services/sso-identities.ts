import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { VerifiedIdentity } from '../oidc/callback.js';
import { presets } from '../oidc/provider-types.js';
import type { Store } from '../store/index.js';
import type { Registration } from '../store/identities.js';
import type { User } from '../domain/user.js';
import type { AccessTokenService } from './access-tokens.js';
import { systemActor, type Actor, type AuditService } from './audit.js';
import type { OpenedProvider } from '../domain/auth-provider.js';
import { authorityFor, requireAdminOver, type Authority } from './authority.js';
import type { GroupService } from './groups.js';
import { attachCandidate, createProvisioning } from './provisioning.js';
import { admit } from './registration-policy.js';
import { newId } from './secrets.js';
import { requireAdminWayIn } from './sign-in-ways.js';
import type { SettingsService } from './settings.js';
import { endSignInsIn } from './user-sessions.js';
import type { UserService } from './users.js';

/** `login` is GitHub's handle (its /user has no preferred_username); `name` is free text, so it comes last. */
const NAME_CLAIMS = ['preferred_username', 'nickname', 'login', 'name'] as const;

function stringClaim(claims: Record<string, unknown>, key: string): string {
  const value = claims[key];
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/** A new link of a person to an identity at a provider, made at `now` (at a first sign-in, or connected on My account). */
export function identityLink(userId: string, providerId: string, identity: VerifiedIdentity, email: string, now: number): Registration['identity'] {
  return {
    id: newId(),
    user_id: userId,
    provider_id: providerId,
    issuer: identity.issuer,
    subject: identity.subject,
    email,
    created_at: now,
    last_sign_in_at: now,
    // Entra: the person's key across app registrations (tid, oid); '' for other providers.
    tenant_id: identity.tenantId ?? '',
    object_id: identity.objectId ?? '',
    refresh_token: '',
    revalidated_at: 0,
  };
}

/** An address as far as its shape goes: something@domain, no spaces, at most 320 characters. */
const ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/**
 * The e-mail a sign-in shows for the person (their account's and the link's e-mail): the `email`
 * claim; at Entra ID, which often sends none, else `preferred_username` or `upn` when it is an
 * address (the UPN usually is). Display data only, never a verified address: Entra vouches for
 * none of them (the nOAuth pattern, spec/oidc-rp.md §2.7), and nothing that trusts an e-mail
 * reads this (verified e-mails come from `email_verified`, which Entra identities never count).
 */
export function displayEmail(identity: Pick<VerifiedIdentity, 'claims' | 'objectId'>): string {
  const email = stringClaim(identity.claims, 'email').slice(0, 320);
  if (email || !identity.objectId) return email;
  for (const claim of ['preferred_username', 'upn']) {
    const value = stringClaim(identity.claims, claim);
    if (value.length <= 320 && ADDRESS.test(value)) return value;
  }
  return '';
}

/** Makes a claim into a valid username: allowed characters only, at most 64 of them. */
export function usernameFrom(raw: string): string {
  return raw
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, '.')
    .replace(/[^A-Za-z0-9._@-]/g, '')
    .replace(/^[.@-]+/, '')
    .slice(0, 56);
}

/**
 * An e-mail address the provider vouches for, or ''. OIDC Core §5.1: `email_verified` true means
 * the provider checked the address; without it, anyone may have typed it, so it is no basis for a
 * name others will trust. Strictly the boolean: not "true". Never Entra ID's (its tokens carry
 * `tid` and `oid`, which the callback requires): it sends no email_verified, and its `email` is
 * whatever a tenant's administrator typed, so an `email_verified` beside it is no one's word (the
 * nOAuth pattern, spec/oidc-rp.md §2.7).
 */
function verifiedEmail(claims: Record<string, unknown>): string {
  const entra = typeof claims.tid === 'string' && typeof claims.oid === 'string';
  return claims.email_verified === true && !entra ? stringClaim(claims, 'email') : '';
}

/**
 * Where a username may come from, best first: the administrator's claim, the usual name claims
 * (Entra's preferred_username is the UPN, which its directory owns), then a verified e-mail's
 * local part. An unverified `email` is skipped wherever it appears.
 */
function nameCandidates(claims: Record<string, unknown>, policyClaim: string): string[] {
  const email = verifiedEmail(claims);
  const claimed = policyClaim ? [policyClaim, ...NAME_CLAIMS.filter((c) => c !== policyClaim)] : [...NAME_CLAIMS];
  return [...claimed.map((claim) => (claim === 'email' ? email : stringClaim(claims, claim))), email.split('@')[0] ?? ''];
}

/**
 * The first free name of `base`, `base-2`, … (the unique index still decides under a race).
 * With `stripEmailDomain`, an e-mail-like base (`alice@contoso.example`) is first tried without
 * its domain (`alice`), and kept whole when that name is taken. `oidc.no_username` when no claim
 * gives a name. Sign-in and test sign-in both ask this.
 */
export async function uniqueName(store: Store, claims: Record<string, unknown>, policy: { username_claim: string; strip_email_domain: boolean }): Promise<string> {
  const base = nameCandidates(claims, policy.username_claim).map(usernameFrom).find((name) => name.length > 0);
  if (!base) throw new AppError('oidc.no_username');
  const local = usernameFrom(base.slice(0, base.indexOf('@')));
  if (policy.strip_email_domain && base.includes('@') && local.length > 0) {
    if (!(await store.users.takenNames([local.toLowerCase()])).has(local.toLowerCase())) return local;
  }
  for (let from = 1; from < 1000; from += 20) {
    const names = Array.from({ length: 20 }, (_, i) => (from + i === 1 ? base : `${base}-${from + i}`));
    const taken = await store.users.takenNames(names.map((name) => name.toLowerCase()));
    const free = names.find((name) => !taken.has(name.toLowerCase()));
    if (free) return free;
  }
  throw new AppError('oidc.no_username');
}

/**
 * Who a verified identity is in deskgate: linked by (provider, subject) — never by e-mail or
 * username (the nOAuth lesson), never through another provider, whatever issuer it claims —
 * and created on first sign-in when the provider's policy allows.
 */
export function createSsoIdentities(deps: {
  store: Store;
  clock: Clock;
  users: UserService;
  groups: GroupService;
  settings: SettingsService;
  audit: AuditService;
  accessTokens?: Pick<AccessTokenService, 'forgetUser'>;
}) {
  const { store, clock, users, groups, settings, audit } = deps;
  const provisioning = createProvisioning({ store, clock, audit, groups, forgetUser: (id) => deps.accessTokens?.forgetUser(id) });


  /**
   * A person's first sign-in: user, Default group membership, link and audit in one transaction,
   * which also decides the user cap (so concurrent first sign-ins cannot pass it).
   */
  async function register(provider: OpenedProvider, identity: VerifiedIdentity, email: string): Promise<User> {
    if (!provider.policy.auto_register) throw new AppError('oidc.no_account');
    const name = await uniqueName(store, identity.claims, provider.policy);
    const actor = { ...systemActor, name: `sso:${provider.name}` };
    const { user, audit: created } = users.newUserRecords(
      actor,
      { name, display_name: stringClaim(identity.claims, 'name').slice(0, 128), email },
      null,
    );
    const now = user.created_at;
    const registration: Registration = {
      user,
      groupId: await provisioning.defaultGroupId(provider.policy),
      identity: identityLink(user.id, provider.id, identity, email, now),
      audit: [
        created,
        audit.row(actor, 'identity.link', { type: 'user', id: user.id, name }, { provider: provider.name, issuer: identity.issuer }),
      ],
    };
    const cap = await settings.get('max_authorized_users');
    if (!(await store.identities.register(registration, cap))) throw new AppError('oidc.user_cap');
    return user;
  }

  /**
   * A returning person: found through the provider that linked them, never through another. At
   * Entra ID by tenant and object id first (the pairwise `sub` changes with the app
   * registration), else by subject; a link found either way gets the key it lacks stored.
   */
  async function signInLinked(provider: OpenedProvider, identity: VerifiedIdentity, email: string): Promise<User | undefined> {
    const linked = await store.identities.findLinked(provider.id, identity);
    if (!linked) return undefined;
    // OIDC: the issuer verified now is the one the link was made under, as before keying by
    // provider (an Entra `{tenantid}` provider's issuer is its tenant's, as is the link's). An
    // OAuth 2 provider's issuer is only a label: the provider itself is what vouches.
    if (presets[provider.type].protocol === 'oidc' && linked.issuer !== identity.issuer) throw new AppError('oidc.issuer_mismatch');
    const key = { subject: identity.subject, tenantId: identity.tenantId ?? '', objectId: identity.objectId ?? '' };
    const sameObject = linked.tenantId === key.tenantId && linked.objectId === key.objectId;
    // Found by subject, but stored with another Entra person's key: not this person's link.
    if (linked.objectId !== '' && !sameObject) throw new AppError('oidc.issuer_mismatch', { detail: 'subject linked under another tenant and object id' });
    if (linked.user.status !== 1) throw new AppError('oidc.user_disabled');
    if (key.objectId !== '' && (!sameObject || linked.subject !== key.subject)) await store.identities.rekey(linked.identityId, provider.id, key);
    await store.identities.touch(linked.identityId, clock.now(), email);
    return linked.user;
  }

  return {
    async resolve(provider: OpenedProvider, identity: VerifiedIdentity): Promise<User> {
      // Who may sign in through this provider (tenant, domain), before anything is found or made.
      admit(provider, identity.claims);
      const email = displayEmail(identity);
      const linked = await signInLinked(provider, identity, email);
      if (linked) return provisioning.afterSignIn(provider, identity, linked, email);
      // Linking by a verified e-mail, when the provider's policy allows it (never Entra ID).
      const existing = await attachCandidate(store, provider, identity);
      if (existing && (await provisioning.attach(provider, identity, existing, identityLink(existing.id, provider.id, identity, email, clock.now())))) {
        return provisioning.afterSignIn(provider, identity, existing, email);
      }
      let user: User;
      try {
        user = await register(provider, identity, email);
      } catch (error) {
        // Two first sign-ins at once: of the same person (the link now exists), or of two
        // people wanting one name (the next free name is taken afresh). One more try each.
        if (error instanceof AppError) throw error;
        user = (await signInLinked(provider, identity, email)) ?? (await register(provider, identity, email));
      }
      return provisioning.afterSignIn(provider, identity, user, email);
    },
  };
}

/** Whether a person can still sign in: with a password, or through a linked identity at an enabled provider. */
async function hasAWayIn(tx: Store, userId: string): Promise<boolean> {
  const user = await tx.users.findById(userId);
  if (user?.password_hash) return true;
  const links = await tx.identities.listForUser(userId);
  const providers = await tx.authProviders.list();
  const enabled = new Set(providers.filter((p) => p.enabled).map((p) => p.id));
  return links.some((link) => enabled.has(link.provider_id));
}

/** What administrators see of a user's links, and unlinking. */
export function createIdentityAdmin({
  store,
  clock,
  audit,
  accessTokens,
}: {
  store: Store;
  clock: Clock;
  audit: AuditService;
  accessTokens: AccessTokenService;
}) {
  return {
    async list(userId: string) {
      if (!(await store.users.findById(userId))) throw new AppError('user.not_found');
      const [links, providers] = await Promise.all([store.identities.listForUser(userId), store.authProviders.list()]);
      const names = new Map(providers.map((p) => [p.id, p.name]));
      return links.map((link) => ({
        id: link.id,
        provider_id: link.provider_id,
        provider_name: names.get(link.provider_id) ?? '',
        issuer: link.issuer,
        subject: link.subject,
        tenant_id: link.tenant_id,
        email: link.email,
        created_at: link.created_at,
        last_sign_in_at: link.last_sign_in_at,
      }));
    },

    /**
     * Unlinks an identity and ends the person's sign-ins (RustDesk client tokens and console
     * sessions, but the caller's own session, `keepSessionId`, when they unlink themselves):
     * whoever unlinks an identity means to cut off what it signed in. Unlinking an
     * administrator's identity needs `admin` (`authority`: what the caller holds). With
     * `keepAWayIn`, refused (`account.last_sign_in_method`) when the person would be left with no
     * password and no identity at an enabled provider.
     */
    async unlink(
      actor: Actor,
      userId: string,
      identityId: string,
      options: { authority?: Authority | undefined; keepSessionId?: string | undefined; keepAWayIn?: boolean } = {},
    ): Promise<void> {
      const held = authorityFor(actor, options.authority);
      const user = await store.users.findById(userId);
      if (!user) throw new AppError('user.not_found');
      requireAdminOver(held, user, 'Unlinking an administrator’s identity');
      await store.transaction(async (tx) => {
        // No lock-out: refused if it takes the last way in from the administrators (sign-in-ways.ts).
        const links = await tx.identities.listForUser(userId);
        const link = links.find((row) => row.id === identityId);
        if (link && !links.some((row) => row.id !== identityId && row.provider_id === link.provider_id)) {
          await requireAdminWayIn(tx, [{ kind: 'unlink_identity', providerId: link.provider_id, userId }]);
        }
        if (!(await tx.identities.delete(identityId, userId))) throw new AppError('identity.not_found');
        // The person's own unlink (`keepAWayIn`) leaves them a way back in, judged after the delete.
        if (options.keepAWayIn && !(await hasAWayIn(tx, userId))) throw new AppError('account.last_sign_in_method');
        const ended = await endSignInsIn(tx, clock.now(), userId, options.keepSessionId);
        const detail = { identity: identityId, ...ended };
        await tx.consoleAudit.insert(audit.row(actor, 'identity.unlink', { type: 'user', id: userId, name: user.name }, detail));
      });
      accessTokens.forgetUser(userId);
    },

    /**
     * Moves an identity to another account: the way back for someone whose sign-in made a new
     * account (their link was removed, or the provider deleted and made again). The next
     * sign-in with it lands in `toUserId`. The first account's sign-ins end, as for an unlink;
     * the target's stay. Moving from or to an administrator needs `admin`, and it is refused
     * when it would take an administrator's last way in.
     */
    async move(actor: Actor, userId: string, identityId: string, toUserId: string, options: { authority?: Authority | undefined; keepSessionId?: string | undefined } = {}): Promise<void> {
      const held = authorityFor(actor, options.authority);
      const [from, to] = await Promise.all([store.users.findById(userId), store.users.findById(toUserId)]);
      if (!from) throw new AppError('user.not_found');
      if (!to) throw new AppError('identity.target_not_found');
      if (to.id === from.id) throw new AppError('identity.same_account');
      requireAdminOver(held, from, 'Moving an administrator’s identity');
      requireAdminOver(held, to, 'Giving an administrator an identity');
      await store.transaction(async (tx) => {
        const links = await tx.identities.listForUser(userId);
        const link = links.find((row) => row.id === identityId);
        if (!link) throw new AppError('identity.not_found');
        if (!links.some((row) => row.id !== identityId && row.provider_id === link.provider_id)) {
          await requireAdminWayIn(tx, [{ kind: 'unlink_identity', providerId: link.provider_id, userId }]);
        }
        if (!(await tx.identities.move(identityId, userId, toUserId))) throw new AppError('identity.not_found');
        const ended = await endSignInsIn(tx, clock.now(), userId, options.keepSessionId);
        const target = { type: 'user', id: userId, name: from.name };
        await tx.consoleAudit.insert(audit.row(actor, 'identity.move', target, { identity: identityId, subject: link.subject, to: to.name, ...ended }));
      });
      accessTokens.forgetUser(userId);
    },
  };
}

export type IdentityAdmin = ReturnType<typeof createIdentityAdmin>;
