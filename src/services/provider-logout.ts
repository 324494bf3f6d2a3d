import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { OpenedProvider } from '../domain/auth-provider.js';
import type { RpRegistry } from '../oidc/client.js';
import { createLogoutKeySets, unverifiedIssuer, verifyLogoutToken } from '../oidc/logout-token.js';
import { presets } from '../oidc/provider-types.js';
import type { Store } from '../store/index.js';
import type { AccessTokenService } from './access-tokens.js';
import type { Actor, AuditService } from './audit.js';
import type { AuthProviderService } from './auth-providers.js';
import type { ConsoleSessionService, SignedInSession } from './console-sessions.js';
import type { SecretBox } from './secret-box.js';
import { endSignInsIn } from './user-sessions.js';

/** What a back-channel logout ended. */
export interface BackChannelLogoutResult {
  provider: string;
  /** The person the token's `sub` names, when linked through that provider. */
  user: { id: string; name: string } | undefined;
  client_tokens: number;
  console_sessions: number;
}

const withoutSlash = (value: string) => value.replace(/\/+$/, '');

/**
 * Logout driven by the identity provider (spec/oidc-rp.md §4.7): its back-channel logout ends
 * the person's sign-ins here, and signing out of the console can also sign out at the provider
 * (RP-initiated logout) when the console session came from it.
 */
export function createProviderLogoutService(deps: {
  store: Store;
  clock: Clock;
  providers: Pick<AuthProviderService, 'snapshot' | 'forSignIn'>;
  registry: Pick<RpRegistry, 'configuration' | 'metadataOf' | 'fetch'>;
  accessTokens: Pick<AccessTokenService, 'forgetUser' | 'forgetTokens'>;
  consoleSessions: Pick<ConsoleSessionService, 'end'>;
  audit: AuditService;
  /** Opens the ID token a session keeps for `id_token_hint`; without it, sign-out sends the client id alone. */
  secretBox?: Pick<SecretBox, 'open'>;
  publicBase: (requestOrigin: string) => Promise<string>;
}) {
  const { store, clock, providers, registry, accessTokens, audit } = deps;
  const keySets = createLogoutKeySets(registry.fetch);

  /** Whether a provider's issuer (as discovered: Entra's may hold `{tenantid}`) is the token's. */
  function issuerMatches(discovered: string, iss: string, tid: unknown): boolean {
    const expected = discovered.includes('{tenantid}') && typeof tid === 'string' ? discovered.replace('{tenantid}', tid) : discovered;
    return expected === iss;
  }

  /**
   * The enabled OpenID provider whose issuer is the token's, with its discovered metadata. Only
   * providers whose configured issuer could be it are discovered (from cache, mostly). Of several
   * providers at one issuer (two clients of one realm), the one whose client id the token's `aud`
   * names: the signature and `aud` are verified afterwards, against that provider.
   */
  async function providerFor(iss: string, tid: unknown, aud: unknown): Promise<{ provider: OpenedProvider; jwksUri: string }> {
    const audiences = new Set((Array.isArray(aud) ? aud : [aud]).filter((value): value is string => typeof value === 'string'));
    let sameIssuer: { provider: OpenedProvider; jwksUri: string } | undefined;
    const { ordered } = await providers.snapshot();
    const candidates = ordered.filter(
      (row) =>
        row.enabled &&
        presets[row.type].protocol === 'oidc' &&
        (withoutSlash(row.issuer) === withoutSlash(iss) || (row.issuer.includes('{tenantid}') && typeof tid === 'string') || row.issuer === ''),
    );
    for (const row of candidates) {
      let provider: OpenedProvider;
      let metadata;
      try {
        provider = await providers.forSignIn({ id: row.id });
        metadata = registry.metadataOf(await registry.configuration(provider));
      } catch {
        continue;
      }
      if (!issuerMatches(metadata.issuer, iss, tid)) continue;
      if (!metadata.jwks_uri) throw new AppError('oidc.logout_token_invalid', { detail: `provider ${row.name} publishes no jwks_uri` });
      const found = { provider, jwksUri: metadata.jwks_uri };
      if (audiences.has(provider.client_id)) return found;
      sameIssuer ??= found;
    }
    // None names the token's audience: verifying against the first refuses it, naming `aud`.
    if (sameIssuer) return sameIssuer;
    throw new AppError('oidc.logout_token_invalid', { detail: 'no enabled OpenID provider has this issuer' });
  }

  /** The session's ID token opened, or '' (none kept, or sealed under a key since replaced). */
  function idTokenHint(sealed: string): string {
    if (!sealed || !deps.secretBox) return '';
    try {
      return deps.secretBox.open(sealed);
    } catch {
      return '';
    }
  }

  return {
    /**
     * POST /api/oidc/backchannel-logout (Back-Channel Logout 1.0): validates the token, refuses
     * a `jti` seen before (on any instance), then ends the sign-ins of the person the `sub`
     * names through that provider (every client token and console session), or, with only a
     * `sid`, the console sessions that provider session opened. Nothing to end is still a
     * success (§2.7: the person may have signed out already).
     */
    async backChannel(logoutToken: string, ip: string): Promise<BackChannelLogoutResult> {
      const iss = unverifiedIssuer(logoutToken);
      // Read unverified, only to choose the provider whose keys and client id then check them.
      let unverified: Record<string, unknown> = {};
      try {
        unverified = JSON.parse(Buffer.from(logoutToken.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
      } catch {
        unverified = {};
      }
      const { provider, jwksUri } = await providerFor(iss, unverified?.tid, unverified?.aud);
      const now = clock.now();
      const claims = await verifyLogoutToken({
        token: logoutToken,
        keys: keySets(provider.id, jwksUri),
        issuer: iss,
        clientId: provider.client_id,
        algorithm: provider.id_token_signed_response_alg,
        nowMs: now,
      });
      await store.logoutTokens.purge(now);
      if (!(await store.logoutTokens.remember(provider.id, claims.jti, claims.acceptableUntil))) {
        throw new AppError('oidc.logout_token_invalid', { detail: 'logout_token jti was seen before (replay)' });
      }

      const actor: Actor = { type: 'system', id: provider.id, name: provider.name, ip };
      const linked = claims.subject === undefined ? undefined : await store.identities.findLinkedUser(provider.id, claims.subject);
      const result: BackChannelLogoutResult = {
        provider: provider.name,
        user: linked && { id: linked.user.id, name: linked.user.name },
        client_tokens: 0,
        console_sessions: 0,
      };
      const how = claims.subject !== undefined ? 'sub' : 'sid';
      const revokedHashes: string[] = [];
      await store.transaction(async (tx) => {
        const userIds = new Set<string>();
        if (linked) {
          const ended = await endSignInsIn(tx, now, linked.user.id);
          result.client_tokens += ended.client_tokens;
          result.console_sessions += ended.console_sessions;
          userIds.add(linked.user.id);
        } else if (claims.sid !== undefined) {
          const owners = await tx.consoleSessions.revokeByProviderSession(provider.id, claims.sid, now);
          result.console_sessions += owners.length;
          for (const owner of owners) userIds.add(owner);
          // The client tokens issued by sign-ins in that provider session (a RustDesk client's browser leg).
          const tokens = await tx.accessTokens.revokeByProvider({ providerId: provider.id, sid: claims.sid }, now);
          result.client_tokens += tokens.length;
          for (const token of tokens) {
            userIds.add(token.user_id);
            revokedHashes.push(token.token_hash);
          }
        }
        const detail = { provider: provider.name, by: how, client_tokens: result.client_tokens, console_sessions: result.console_sessions };
        if (userIds.size === 0) {
          await tx.consoleAudit.insert(audit.row(actor, 'sso.backchannel_logout', { type: 'auth_provider', id: provider.id, name: provider.name }, detail));
        }
        for (const userId of userIds) {
          const user = linked?.user.id === userId ? linked.user : await tx.users.findById(userId);
          await tx.consoleAudit.insert(audit.row(actor, 'sso.backchannel_logout', { type: 'user', id: userId, name: user?.name ?? '' }, detail));
        }
      });
      if (linked) accessTokens.forgetUser(linked.user.id);
      accessTokens.forgetTokens(revokedHashes);
      return result;
    },

    /**
     * Console sign-out: the session ends here first; then, when it came from a single sign-on
     * through a provider that advertises `end_session_endpoint`, the URL to send the browser to
     * so it signs out there too (RP-Initiated Logout 1.0: `client_id`, the sign-in's ID token as
     * `id_token_hint` when the session kept one, and a `post_logout_redirect_uri` of the console's root).
     */
    async signOutConsole(session: Pick<SignedInSession, 'id' | 'ssoProviderId'>, requestOrigin: string): Promise<{ logoutUrl: string | undefined }> {
      const sealedIdToken = session.ssoProviderId ? await store.consoleSessions.ssoIdTokenOf(session.id, clock.now()) : '';
      await deps.consoleSessions.end(session.id);
      if (!session.ssoProviderId) return { logoutUrl: undefined };
      let endpoint: string | undefined;
      let provider: OpenedProvider;
      try {
        provider = await providers.forSignIn({ id: session.ssoProviderId });
        endpoint = registry.metadataOf(await registry.configuration(provider)).end_session_endpoint;
      } catch {
        // A provider turned off, deleted or unreachable: signed out here, as before.
        return { logoutUrl: undefined };
      }
      if (!endpoint) return { logoutUrl: undefined };
      let url: URL;
      try {
        url = new URL(endpoint);
      } catch {
        return { logoutUrl: undefined };
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') return { logoutUrl: undefined };
      url.searchParams.set('client_id', provider.client_id);
      const idToken = idTokenHint(sealedIdToken);
      if (idToken) url.searchParams.set('id_token_hint', idToken);
      url.searchParams.set('post_logout_redirect_uri', `${await deps.publicBase(requestOrigin)}/`);
      return { logoutUrl: url.href };
    },
  };
}

export type ProviderLogoutService = ReturnType<typeof createProviderLogoutService>;
