import { hash, randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { SignInTransactionRow } from '../store/schema.js';

/** A sign-in at the provider must come back within this. */
export const TRANSACTION_TTL_MS = 10 * 60_000;

/**
 * What a sign-in at the provider is for: signing in to the console, a RustDesk client's sign-in,
 * linking an identity to the account of the console session that began it (My account), or an
 * administrator's test sign-in, which signs no one in and creates nothing (Settings → OIDC).
 */
export type TransactionPurpose = 'console' | 'client' | 'link' | 'test';
const PURPOSES: readonly string[] = ['console', 'client', 'link', 'test'] satisfies TransactionPurpose[];

export interface BeginInput {
  providerId: string;
  expectedIssuer: string;
  redirectUri: string;
  purpose: TransactionPurpose;
  returnTo: string;
  /** `client`: the pending client sign-in it completes. */
  clientSignInId?: string | undefined;
  /** `link`: the console session it links to, which must still be the one signed in at the callback. */
  consoleSessionId?: string | undefined;
  scopes: string;
  responseMode: string;
  /** Ask for a refresh token too (`offline_access`): see `offersOfflineAccess`. */
  offlineAccess?: boolean | undefined;
}

const OFFLINE_ACCESS = 'offline_access';

/**
 * Whether a sign-in through this provider asks for `offline_access`, so that the refresh token
 * it brings lets deskgate check the person again later: only OpenID providers (OIDC Core §11),
 * only when discovery lists the scope in `scopes_supported` (Google does not: it refuses the
 * scope) or the administrator put it in the provider's scopes. Never plain OAuth 2 (GitHub).
 */
export function offersOfflineAccess(
  protocol: 'oidc' | 'oauth2',
  scopes: string,
  metadata: { scopes_supported?: unknown },
): boolean {
  if (protocol !== 'oidc') return false;
  if (scopes.split(/\s+/).includes(OFFLINE_ACCESS)) return true;
  return Array.isArray(metadata.scopes_supported) && metadata.scopes_supported.includes(OFFLINE_ACCESS);
}

/** The scopes to send: the provider's, with `offline_access` added once when asked for. */
function scopeParam(scopes: string, offlineAccess: boolean | undefined): string {
  if (!offlineAccess || scopes.split(/\s+/).includes(OFFLINE_ACCESS)) return scopes;
  return `${scopes} ${OFFLINE_ACCESS}`.trim();
}

/**
 * The console session a `link` transaction was begun by ('' for other purposes). It is kept in
 * the column that holds a `client` transaction's sign-in id: each purpose has one thing it
 * completes, and the column is named for the first of them.
 */
export function linkedSessionOf(transaction: SignInTransactionRow): string {
  return transaction.purpose === 'link' ? (transaction.client_sign_in_id ?? '') : '';
}

const sha256 = (value: string) => hash('sha256', value, 'hex');
/**
 * 256 random bits, base64url: what openid-client's randomState, randomNonce and
 * randomPKCECodeVerifier make, without a WebCrypto call each.
 */
const random = () => randomBytes(32).toString('base64url');

/**
 * Sign-in transactions: random state, nonce and PKCE verifier, kept server-side
 * with the provider, the expected issuer and the redirect URI, used once. A cookie value ties
 * the transaction to the browser that began it (only its hash is stored).
 */
export function createTransactions({ store, clock }: { store: Store; clock: Clock }) {
  return {
    async begin(config: oidc.Configuration, input: BeginInput): Promise<{ url: URL; browserCookie: string }> {
      const state = random();
      const nonce = random();
      const verifier = random();
      const browserCookie = random();
      const now = clock.now();
      await store.signInTransactions.insert({
        state,
        nonce,
        code_verifier: verifier,
        provider_id: input.providerId,
        expected_issuer: input.expectedIssuer,
        redirect_uri: input.redirectUri,
        purpose: input.purpose,
        return_to: input.returnTo,
        client_sign_in_id: (input.purpose === 'link' ? input.consoleSessionId : input.clientSignInId) ?? null,
        browser_binding: sha256(browserCookie),
        created_at: now,
        expires_at: now + TRANSACTION_TTL_MS,
      });
      // Always code + PKCE S256 + state + nonce, whatever discovery advertises (Entra lists no PKCE).
      const params: Record<string, string> = {
        redirect_uri: input.redirectUri,
        scope: scopeParam(input.scopes, input.offlineAccess),
        state,
        nonce,
        // RFC 7636 S256, with node:crypto: WebCrypto's digest costs ~30× more per sign-in.
        code_challenge: hash('sha256', verifier, 'base64url'),
        code_challenge_method: 'S256',
      };
      if (input.responseMode === 'form_post') params.response_mode = 'form_post';
      return { url: oidc.buildAuthorizationUrl(config, params), browserCookie };
    },

    /** Whether a transaction with this state is under way; nothing is taken out. */
    async isLive(state: string): Promise<boolean> {
      return !!state && state.length <= 200 && store.signInTransactions.isLive(state, clock.now());
    },

    /** What a transaction under way with this state is for, or undefined; nothing is taken out. */
    async purposeOf(state: string): Promise<TransactionPurpose | undefined> {
      if (!state || state.length > 200) return undefined;
      const purpose = await store.signInTransactions.livePurpose(state, clock.now());
      return purpose !== undefined && PURPOSES.includes(purpose) ? (purpose as TransactionPurpose) : undefined;
    },

    /**
     * The transaction for a state, taken out so it cannot be used again, and only by the browser
     * that began it: the cookie is required whatever the method (RFC 9700 §4.5, §4.7: without it
     * a callback could carry someone else's code, or sign the browser in as someone else).
     * Nothing else is taken out: a forged, replayed or expired state, or another browser's
     * callback, ends no sign-in under way. A transaction begun for another purpose than
     * `purposes` is refused (and used up): a link is never completed as a sign-in, nor the reverse.
     */
    async consume(
      state: string,
      browserCookie: string | undefined,
      purposes: readonly TransactionPurpose[] = ['console', 'client'],
    ): Promise<SignInTransactionRow> {
      if (!state || state.length > 200) throw new AppError('oidc.transaction_not_found');
      const now = clock.now();
      if (browserCookie && browserCookie.length <= 100) {
        const row = await store.signInTransactions.consume(state, sha256(browserCookie));
        if (row && row.expires_at > now && (purposes as readonly string[]).includes(row.purpose)) return row;
        if (row) throw new AppError('oidc.transaction_not_found');
      }
      if (await store.signInTransactions.isLive(state, now)) throw new AppError('oidc.browser_mismatch');
      throw new AppError('oidc.transaction_not_found');
    },
  };
}

export type Transactions = ReturnType<typeof createTransactions>;
