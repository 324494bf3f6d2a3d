import type { Clock } from '../clock.js';
import { AppError, isAppError } from '../errors.js';
import { completeCallback } from '../oidc/callback.js';
import type { RpRegistry } from '../oidc/client.js';
import { presets } from '../oidc/provider-types.js';
import { linkedSessionOf, offersOfflineAccess, type Transactions } from '../oidc/transactions.js';
import type { Store } from '../store/index.js';
import type { ProviderType } from '../domain/auth-provider.js';
import type { Actor, AuditService } from './audit.js';
import type { Authority } from './authority.js';
import type { AuthProviderService } from './auth-providers.js';
import type { ConsoleSessionService } from './console-sessions.js';
import { admit } from './registration-policy.js';
import type { Revalidation } from './revalidation.js';
import { displayEmail, identityLink, type IdentityAdmin } from './sso-identities.js';
import { CALLBACK_PATH } from './sso-sign-in.js';

/** Where the browser goes back to once a provider is connected. */
export const ACCOUNT_PAGE = '/account';

/** One way a person signs in, as My account lists it. */
export interface SignInMethods {
  has_password: boolean;
  /** The enabled providers, in the sign-in page's order; `linked` when the person has an identity there. */
  providers: { name: string; type: ProviderType; display_name: string; icon: string; linked: boolean }[];
  /** The person's linked identities (the provider's name is empty when it was deleted). */
  identities: {
    id: string;
    provider_name: string;
    provider_display_name: string;
    provider_enabled: boolean;
    subject: string;
    email: string;
    created_at: number;
    last_sign_in_at: number;
  }[];
}

/**
 * A signed-in person connects a provider to their own account (My account): a full sign-in at the
 * provider, bound to their console session and to the browser like any sign-in, under the
 * provider's policy, and linked by (provider, subject) — never by e-mail. An identity linked to
 * another account stays there. Disconnecting goes through the administrators' unlink, refused
 * when it would leave the person no way to sign in.
 */
export function createAccountLinkService(deps: {
  store: Store;
  clock: Clock;
  providers: AuthProviderService;
  registry: RpRegistry;
  transactions: Transactions;
  consoleSessions: ConsoleSessionService;
  identities: IdentityAdmin;
  audit: AuditService;
  /** The public URL callbacks are built on (sso-sign-in.ts `publicBase`). */
  publicBase: (requestOrigin: string) => Promise<string>;
  /** Keeps the refresh token a link brought, as a sign-in's (revalidation.ts). */
  revalidation: Pick<Revalidation, 'keep'>;
}) {
  const { store, clock, providers, registry, transactions, consoleSessions, identities, audit } = deps;

  /** The enabled provider, or `account.link_provider_unavailable`. */
  async function enabledProvider(which: { name: string } | { id: string }) {
    try {
      return await providers.forSignIn(which);
    } catch (error) {
      if (isAppError(error, 'provider.not_found')) throw new AppError('account.link_provider_unavailable', { cause: error });
      throw error;
    }
  }

  return {
    async list(userId: string): Promise<SignInMethods> {
      const user = await store.users.findById(userId);
      if (!user) throw new AppError('user.not_found');
      const [links, all] = await Promise.all([store.identities.listForUser(userId), providers.list()]);
      const byId = new Map(all.map((p) => [p.id, p]));
      const linkedProviders = new Set(links.map((link) => link.provider_id));
      return {
        has_password: !!user.password_hash,
        providers: all
          .filter((p) => p.enabled)
          .map((p) => ({ name: p.name, type: p.type, display_name: p.display_name, icon: p.icon, linked: linkedProviders.has(p.id) })),
        identities: links.map((link) => {
          const provider = byId.get(link.provider_id);
          return {
            id: link.id,
            provider_name: provider?.name ?? '',
            provider_display_name: provider?.display_name ?? '',
            provider_enabled: provider?.enabled ?? false,
            subject: link.subject,
            email: link.email,
            created_at: link.created_at,
            last_sign_in_at: link.last_sign_in_at,
          };
        }),
      };
    },

    /** "Connect <provider>": a link transaction bound to this console session; the browser goes on to `redirect`. */
    async start(input: { sessionId: string; providerName: string; requestOrigin: string }) {
      const provider = await enabledProvider({ name: input.providerName });
      const rp = await registry.configuration(provider);
      const { url, browserCookie } = await transactions.begin(rp, {
        providerId: provider.id,
        expectedIssuer: registry.metadataOf(rp).issuer,
        redirectUri: `${await deps.publicBase(input.requestOrigin)}${CALLBACK_PATH}`,
        purpose: 'link',
        returnTo: ACCOUNT_PAGE,
        consoleSessionId: input.sessionId,
        scopes: provider.scopes,
        responseMode: provider.response_mode,
        // As a sign-in does: a refresh token, so that the person is checked again at the provider (revalidation.ts).
        offlineAccess: offersOfflineAccess(presets[provider.type].protocol, provider.scopes, registry.metadataOf(rp)),
      });
      return { redirect: url.href, browserCookie, formPost: provider.response_mode === 'form_post' };
    },

    /** Whether a callback's state names a link under way (nothing is consumed). */
    async awaitsCallback(state: string): Promise<boolean> {
      return (await transactions.purposeOf(state)) === 'link';
    },

    /**
     * The provider's answer to a link: the transaction is taken out (this browser's only), the
     * console session that began it must still be the one signed in here, the provider still
     * enabled, the answer verified as any sign-in's, and the provider's policy must admit the
     * identity. Then the identity is linked to that session's person, unless it is linked to
     * someone else (refused, never moved). Linking again what is already theirs changes nothing.
     */
    async complete(input: {
      params: URLSearchParams;
      method: 'GET' | 'POST';
      browserCookie: string | undefined;
      sessionCookie: string | undefined;
      ip: string;
    }): Promise<{ provider: string; linked: boolean; returnTo: string }> {
      const transaction = await transactions.consume(input.params.get('state') ?? '', input.browserCookie, ['link']);
      const session = input.sessionCookie ? await consoleSessions.resolve(input.sessionCookie) : undefined;
      if (!session) throw new AppError('account.link_session_ended');
      if (session.id !== linkedSessionOf(transaction)) throw new AppError('account.link_other_session');
      const provider = await enabledProvider({ id: transaction.provider_id });
      const identity = await completeCallback({
        registry,
        provider,
        transaction,
        params: input.params,
        method: input.method,
        // Token times are judged on the wall clock, as openid-client does.
        nowSeconds: Math.floor(Date.now() / 1000),
      });
      // Who may sign in through this provider (tenant, domain): a link is a way to sign in.
      admit(provider, identity.claims);

      const user = session.user;
      const actor: Actor = { type: 'user', id: user.id, name: user.name, ip: input.ip };
      const already = async () => {
        // As a sign-in finds it: at Entra ID by tenant and object id too (sso-identities.ts).
        const existing = await store.identities.findByKey(provider.id, identity);
        if (existing && existing.user_id !== user.id) {
          throw new AppError('account.identity_linked_elsewhere', { detail: `${provider.name} subject linked to user ${existing.user_id}` });
        }
        return existing !== undefined;
      };
      const done = async (linked: boolean) => {
        await deps.revalidation.keep(provider, user.id, identity);
        return { provider: provider.name, linked, returnTo: transaction.return_to || ACCOUNT_PAGE };
      };
      if (await already()) return done(false);
      const now = clock.now();
      const email = displayEmail(identity);
      try {
        await store.transaction(async (tx) => {
          await tx.identities.insert(identityLink(user.id, provider.id, identity, email, now));
          const detail = { provider: provider.name, issuer: identity.issuer, by: 'account' };
          await tx.consoleAudit.insert(audit.row(actor, 'identity.link', { type: 'user', id: user.id, name: user.name }, detail));
        });
      } catch (error) {
        // The unique (provider, subject) index refused it: linked meanwhile, to this person or another.
        if (await already()) return done(false);
        throw error;
      }
      return done(true);
    },

    /**
     * "Disconnect" on My account: the administrators' unlink (which ends the person's other
     * sign-ins, this session excepted), refused when it would leave no way to sign in.
     */
    async unlink(actor: Actor, userId: string, identityId: string, options: { authority: Authority; sessionId: string }): Promise<void> {
      await identities.unlink(actor, userId, identityId, { authority: options.authority, keepSessionId: options.sessionId, keepAWayIn: true });
    },
  };
}

export type AccountLinkService = ReturnType<typeof createAccountLinkService>;
