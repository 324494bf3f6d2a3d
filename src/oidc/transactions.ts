import { hash, randomBytes } from 'node:crypto';
import * as oidc from 'openid-client';
import type { Clock } from '../clock.js';
import type { Store } from '../store/index.js';
import type { SignInTransactionRow } from '../store/schema.js';

/** A sign-in at the provider must come back within this. */
export const TRANSACTION_TTL_MS = 10 * 60_000;

export interface BeginInput {
  providerId: string;
  expectedIssuer: string;
  redirectUri: string;
  purpose: 'console' | 'client';
  returnTo: string;
  clientSignInId?: string | undefined;
  scopes: string;
  responseMode: string;
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
        client_sign_in_id: input.clientSignInId ?? null,
        browser_binding: sha256(browserCookie),
        created_at: now,
        expires_at: now + TRANSACTION_TTL_MS,
      });
      // Always code + PKCE S256 + state + nonce, whatever discovery advertises (Entra lists no PKCE).
      const params: Record<string, string> = {
        redirect_uri: input.redirectUri,
        scope: input.scopes,
        state,
        nonce,
        // RFC 7636 S256, with node:crypto: WebCrypto's digest costs ~30× more per sign-in.
        code_challenge: hash('sha256', verifier, 'base64url'),
        code_challenge_method: 'S256',
      };
      if (input.responseMode === 'form_post') params.response_mode = 'form_post';
      return { url: oidc.buildAuthorizationUrl(config, params), browserCookie };
    },

    /** The transaction for a state, taken out so it cannot be used again; expired ones count as absent. */
    async consume(state: string): Promise<SignInTransactionRow | undefined> {
      if (!state || state.length > 200) return undefined;
      const row = await store.signInTransactions.consume(state);
      return row && row.expires_at > clock.now() ? row : undefined;
    },

    /** When the state is unknown, the browser's own transactions are ended instead. */
    async consumeForBrowser(browserCookie: string | undefined): Promise<SignInTransactionRow[]> {
      if (!browserCookie || browserCookie.length > 100) return [];
      return store.signInTransactions.consumeByBinding(sha256(browserCookie));
    },

    bindsTo(row: SignInTransactionRow, browserCookie: string | undefined): boolean | undefined {
      if (browserCookie === undefined) return undefined;
      return sha256(browserCookie) === row.browser_binding;
    },
  };
}

export type Transactions = ReturnType<typeof createTransactions>;
