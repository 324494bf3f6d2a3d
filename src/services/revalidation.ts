import type { Clock } from '../clock.js';
import type { OpenedProvider } from '../domain/auth-provider.js';
import type { VerifiedIdentity } from '../oidc/callback.js';
import type { RpRegistry } from '../oidc/client.js';
import { familyOf, presets } from '../oidc/provider-types.js';
import { checkRefreshToken, type RefreshCheck } from '../oidc/refresh-check.js';
import { offersOfflineAccess } from '../oidc/transactions.js';
import type { Store } from '../store/index.js';
import type { RevalidationDue } from '../store/identities.js';
import type { AccessTokenService } from './access-tokens.js';
import type { Actor, AuditService } from './audit.js';
import type { AuthProviderService } from './auth-providers.js';
import { tenantVerdict } from './registration-policy.js';
import type { SecretBox } from './secret-box.js';

/** Links checked per round at most: a round stays short whatever the number of people. */
export const REVALIDATION_BATCH = 100;
/** How often a round runs (the maintenance timer). */
export const REVALIDATION_EVERY_MS = 60_000;
/** Checks under way at once in a round: a slow provider does not hold up the others' people. */
const PARALLEL = 4;

/**
 * Entra ID: a refresh answer the provider honoured may still not vouch for this person here. Its
 * ID token (issuer checked by openid-client against the `{tenantid}` template) must name the
 * link's person, (tid, oid) as at sign-in, and their tenant must still be on `allowed_tenants`,
 * as every sign-in requires. Answers the refusal to record, or undefined.
 */
function entraRefusal(provider: OpenedProvider, link: RevalidationDue, claims: Record<string, unknown> | undefined): Extract<RefreshCheck, { kind: 'refused' }> | undefined {
  if (familyOf(provider) !== 'entra') return undefined;
  const tid = claims ? String(claims.tid ?? '').toLowerCase() : link.tenant_id;
  const oid = claims ? String(claims.oid ?? '').toLowerCase() : link.object_id;
  // No ID token in the answer and no tenant on the link (linked before tid was kept): nothing to check.
  if (!claims && !tid) return undefined;
  if (link.tenant_id && link.object_id && (tid !== link.tenant_id || oid !== link.object_id)) {
    return { kind: 'refused', error: 'oidc.subject_mismatch', description: `the refreshed ID token names another person (tid ${tid.slice(0, 100) || '(none)'})` };
  }
  const verdict = tenantVerdict(provider, { tid });
  if (!verdict.ok) return { kind: 'refused', error: 'oidc.tenant_not_allowed', description: verdict.message };
  return undefined;
}

/** What one round did. */
export interface RevalidationRound {
  /** Links whose provider still honoured the refresh token. */
  valid: number;
  /** Links whose provider refused it: their sign-ins through it ended. */
  refused: number;
  /** Links with no answer (unreachable provider, 5xx, deskgate's own settings): tried again later. */
  unanswered: number;
}

/**
 * Re-validation of people at their provider (issue: "a person removed from the identity
 * provider loses access"): a sign-in that brought a refresh token (`offline_access`) keeps it
 * sealed on the identity link, and a periodic round uses it every provider's `revalidate_minutes`.
 * A refusal ends the person's client tokens and console sessions from that provider; no answer
 * changes nothing and the link is tried again at the next round.
 */
export function createRevalidation(deps: {
  store: Store;
  clock: Clock;
  providers: Pick<AuthProviderService, 'forSignIn'>;
  registry: Pick<RpRegistry, 'configuration' | 'metadataOf'>;
  secretBox: SecretBox;
  accessTokens: Pick<AccessTokenService, 'forgetTokens'>;
  audit: AuditService;
  batch?: number;
}) {
  const { store, clock, providers, registry, secretBox, accessTokens, audit } = deps;
  const batch = deps.batch ?? REVALIDATION_BATCH;

  /** Ends the person's sign-ins from the provider and forgets the refresh token, with the audit record. */
  async function refuse(link: RevalidationDue, provider: OpenedProvider, check: Extract<RefreshCheck, { kind: 'refused' }>, now: number): Promise<boolean> {
    const actor: Actor = { type: 'system', id: provider.id, name: provider.name, ip: '' };
    const revoked = await store.transaction(async (tx) => {
      // A sign-in since the check began brought a newer refresh token: the person is back, and stays.
      if (!(await tx.identities.settleRevalidation(link.id, link.refresh_token, { refresh_token: '', revalidated_at: now }))) return undefined;
      const hashes = (await tx.accessTokens.revokeByProvider({ providerId: provider.id, userId: link.user_id }, now)).map((row) => row.token_hash);
      const sessions = await tx.consoleSessions.revokeByProvider(provider.id, link.user_id, now);
      const user = await tx.users.findById(link.user_id);
      const detail = {
        provider: provider.name,
        error: check.error,
        ...(check.description ? { error_description: check.description } : {}),
        client_tokens: hashes.length,
        console_sessions: sessions,
      };
      await tx.consoleAudit.insert(audit.row(actor, 'identity.revalidation_failed', { type: 'user', id: link.user_id, name: user?.name ?? '' }, detail));
      return hashes;
    });
    if (revoked) accessTokens.forgetTokens(revoked);
    return revoked !== undefined;
  }

  /** One due link: claimed (so no other instance checks it too), checked, and the outcome written. */
  async function revalidate(link: RevalidationDue, now: number, tally: RevalidationRound): Promise<void> {
    if (!(await store.identities.claimRevalidation(link, now))) return;
    let provider: OpenedProvider;
    try {
      provider = await providers.forSignIn({ id: link.provider_id });
    } catch {
      return; // Turned off or deleted since the link was read.
    }
    let refreshToken: string;
    try {
      refreshToken = secretBox.open(link.refresh_token);
    } catch {
      // Sealed under another key (DESKGATE_SECRET_KEY changed): useless; the next sign-in brings a new one.
      await store.identities.settleRevalidation(link.id, link.refresh_token, { refresh_token: '', revalidated_at: now });
      return;
    }
    const answer = await checkRefreshToken(registry, provider, refreshToken);
    const check = (answer.kind === 'valid' && entraRefusal(provider, link, answer.claims)) || answer;
    if (check.kind === 'valid') {
      tally.valid += 1;
      // RFC 9700 §4.14.2: a provider that rotates refresh tokens has made the old one useless.
      if (check.refreshToken && check.refreshToken !== refreshToken) {
        await store.identities.settleRevalidation(link.id, link.refresh_token, { refresh_token: secretBox.seal(check.refreshToken), revalidated_at: now });
      }
    } else if (check.kind === 'refused') {
      if (await refuse(link, provider, check, now)) tally.refused += 1;
    } else {
      tally.unanswered += 1;
      // Due again at the next round, behind the links that have waited longer.
      const retryAt = now - link.revalidate_minutes * 60_000 + REVALIDATION_EVERY_MS;
      await store.identities.settleRevalidation(link.id, link.refresh_token, { revalidated_at: Math.min(now, retryAt) });
    }
  }

  return {
    /**
     * At a sign-in (callback): keeps the refresh token the provider answered, sealed, on the
     * person's link, when deskgate asked for one (`offline_access`, see `offersOfflineAccess`).
     * A refresh token that comes unasked (Keycloak's, tied to the provider's browser session)
     * is not kept: it stops working when that session ends, which says nothing about the person.
     */
    async keep(provider: OpenedProvider, userId: string, identity: VerifiedIdentity): Promise<void> {
      if (!identity.refreshToken) return;
      const metadata = registry.metadataOf(await registry.configuration(provider));
      if (!offersOfflineAccess(presets[provider.type].protocol, provider.scopes, metadata)) return;
      await store.identities.keepRefreshToken(
        { providerId: provider.id, userId, subject: identity.subject, tenantId: identity.tenantId, objectId: identity.objectId },
        secretBox.seal(identity.refreshToken),
        clock.now(),
      );
    },

    /**
     * One round: up to `batch` links due a check (the longest waiting first), each claimed by a
     * compare-and-set on its stamp before the provider is asked, so that several instances
     * running rounds at once never check a link twice.
     */
    async runRound(): Promise<RevalidationRound> {
      const now = clock.now();
      const due = await store.identities.dueForRevalidation(now, batch);
      const tally: RevalidationRound = { valid: 0, refused: 0, unanswered: 0 };
      let next = 0;
      const worker = async () => {
        while (next < due.length) {
          const link = due[next++];
          if (link) await revalidate(link, now, tally);
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARALLEL, due.length) }, worker));
      return tally;
    },
  };
}

export type Revalidation = ReturnType<typeof createRevalidation>;
