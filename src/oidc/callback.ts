import * as oidc from 'openid-client';
import { AppError } from '../errors.js';
import type { OpenedProvider } from '../domain/auth-provider.js';
import type { SignInTransactionRow } from '../store/schema.js';
import type { RpProvider, RpRegistry } from './client.js';
import { oauth2Identity } from './oauth2-userinfo.js';
import { familyOf, presets } from './provider-types.js';
import { explainTokenError, responseErrorCode } from './response-errors.js';

/** The person the provider vouched for: issuer + subject, and the claims to name them by. */
export interface VerifiedIdentity {
  issuer: string;
  subject: string;
  claims: Record<string, unknown>;
  /** The refresh token the token endpoint answered, if any: kept (sealed) to check the person again later. */
  refreshToken?: string | undefined;
  /** The ID token as the provider sent it (OpenID providers): RP-initiated logout hints with it. */
  idToken?: string | undefined;
  /**
   * Entra ID only: the person's tenant (`tid`) and object id (`oid`), which name them for good in
   * every app registration, unlike the pairwise `sub` (spec/oidc-rp.md §2.3, §2.7).
   */
  tenantId?: string;
  objectId?: string;
}

/** Entra's `tid` and `oid` are GUIDs; anything else is not an Entra identity to key on. */
const ENTRA_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An Entra ID token's tenant and object id, both required: they, not `sub`, are the person's key. */
function entraKey(claims: Record<string, unknown>): { tenantId: string; objectId: string } {
  for (const claim of ['tid', 'oid']) {
    const value = claims[claim];
    if (typeof value !== 'string' || !ENTRA_ID.test(value)) throw new AppError('oidc.claim_missing', { detail: `Entra ID token has no ${claim} (a GUID)` });
  }
  return { tenantId: String(claims.tid).toLowerCase(), objectId: String(claims.oid).toLowerCase() };
}

/** An `iat` this far ahead of our clock is refused (openid-client only type-checks `iat`). */
const MAX_IAT_SKEW_S = 300;
/**
 * An ID token is minted for this sign-in moments before it arrives; one issued more than a day
 * ago is a replay or a broken provider, even if its `exp` is far off (FAPI's iat-is-week-in-past).
 */
const MAX_IAT_AGE_S = 86_400;

/**
 * What deskgate stores must fit every engine: PostgreSQL text cannot hold NUL (a 500 otherwise).
 * A subject with control characters is refused; NULs are dropped from the other string claims.
 */
function storable(identity: VerifiedIdentity): VerifiedIdentity {
  if (/\p{Cc}/u.test(identity.subject)) throw new AppError('oidc.subject_invalid', { detail: 'subject contains control characters' });
  // OIDC Core §2: `sub` is at most 255 ASCII characters.
  if (identity.subject.length === 0 || identity.subject.length > 255) {
    throw new AppError('oidc.subject_invalid', { detail: 'subject is empty or longer than 255 characters' });
  }
  const claims = Object.fromEntries(
    Object.entries(identity.claims).map(([key, value]) => [key, typeof value === 'string' ? value.replaceAll('\0', '') : value]),
  );
  return { ...identity, claims };
}

/** An error the provider sent (`?error=` on the callback, or a token or userinfo endpoint's refusal), if that is what this is. */
function refusalOf(error: unknown): { status: number; error: string; description: string | undefined; front: boolean } | undefined {
  if (error instanceof oidc.AuthorizationResponseError) return { status: 0, error: error.error, description: error.error_description, front: true };
  if (error instanceof oidc.ResponseBodyError) return { status: error.status, error: error.error, description: error.error_description, front: false };
  // A 401 with a WWW-Authenticate challenge: client authentication failed at the token endpoint.
  if (error instanceof oidc.WWWAuthenticateChallengeError) {
    const challenge = error.cause[0]?.parameters;
    return { status: error.status, error: challenge?.error ?? '', description: challenge?.error_description, front: false };
  }
  // GitHub refuses a code (a wrong PKCE verifier, a used code) or a secret with HTTP 200 and the
  // OAuth `error` in the body instead of a token: openid-client finds no access_token.
  const body = (error as { code?: unknown; cause?: { cause?: { body?: unknown } } }).cause?.cause?.body as Record<string, unknown> | undefined;
  if ((error as { code?: unknown }).code === 'OAUTH_INVALID_RESPONSE' && typeof body?.error === 'string' && body.access_token === undefined) {
    return { status: 200, error: body.error, description: typeof body.error_description === 'string' ? body.error_description : undefined, front: false };
  }
  return undefined;
}

/**
 * openid-client errors become `oidc.*` codes once, here, named after the failed check; the
 * original stays as `cause`. A refusal that says deskgate's own settings are wrong (a rejected
 * or expired secret, an unknown client or tenant, an unregistered redirect URI: Entra's AADSTS
 * codes decoded) gets its own code and the same words as the provider test.
 */
function wrap(error: unknown): AppError {
  if (error instanceof AppError) return error;
  const refusal = refusalOf(error);
  if (refusal) {
    const explained = explainTokenError(refusal);
    const settings = explained.code !== 'oidc.provider_error' && !(refusal.front && !explained.entra);
    if (settings || explained.entra) {
      return new AppError(explained.code, { message: `${explained.words} ${explained.fix}`, cause: error, detail: refusal.description ?? undefined });
    }
    const code = String(refusal.error).replace(/[^\w.-]/g, '').slice(0, 60);
    return new AppError('oidc.provider_error', {
      message: `The identity provider refused the sign-in (${code || 'error'})`,
      cause: error,
      detail: refusal.description ?? undefined,
    });
  }
  const code = (error as { code?: string }).code;
  return new AppError(responseErrorCode(error), { cause: error, detail: `${code ?? ''} ${(error as Error).message ?? ''}`.trim() });
}

/**
 * Completes the code exchange for one consumed transaction and returns the verified identity.
 * openid-client checks state, `iss` (RFC 9207 when advertised), PKCE, nonce, `aud`/`azp`,
 * `exp`/`nbf`, the pinned algorithm and (non-repudiation) the signature; this adds `iat` (neither
 * ahead nor old), the transaction's expected issuer, and the userinfo `sub` match.
 */
export async function completeCallback(input: {
  registry: RpRegistry;
  /** `tenant_id` with the rest decides whether the provider is Entra (keyed by tid and oid). */
  provider: RpProvider & Pick<OpenedProvider, 'tenant_id'>;
  transaction: SignInTransactionRow;
  params: URLSearchParams;
  method: 'GET' | 'POST';
  /** Seconds since the epoch, on the clock openid-client uses for token times. */
  nowSeconds: number;
}): Promise<VerifiedIdentity> {
  const { registry, provider, transaction, params } = input;
  const protocol = presets[provider.type].protocol;
  try {
    const config = await registry.configurationForCallback(provider);
    // The redirect URI sent to the token endpoint is the stored one, never rebuilt from Host.
    const current =
      input.method === 'POST'
        ? new Request(transaction.redirect_uri, {
            method: 'POST',
            body: params,
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
          })
        : new URL(`${transaction.redirect_uri}?${params.toString()}`);
    const tokens = await oidc.authorizationCodeGrant(config, current, {
      pkceCodeVerifier: transaction.code_verifier,
      expectedState: transaction.state,
      ...(protocol === 'oidc' ? { expectedNonce: transaction.nonce, idTokenExpected: true } : {}),
    });

    if (protocol === 'oauth2') {
      // The provider is the full OpenedProvider at every sign-in: its subject_field goes along.
      const { subject, claims } = await oauth2Identity(config, tokens, provider);
      return storable({ issuer: registry.metadataOf(config).issuer, subject, claims });
    }

    const claims = tokens.claims();
    if (!claims) throw new AppError('oidc.id_token_missing', { detail: 'no ID token' });
    if (typeof claims.iat !== 'number') throw new AppError('oidc.claim_missing', { detail: 'ID token has no numeric iat' });
    if (claims.iat > input.nowSeconds + MAX_IAT_SKEW_S) throw new AppError('oidc.iat_in_future', { detail: 'ID token iat is in the future' });
    if (claims.iat < input.nowSeconds - MAX_IAT_AGE_S) {
      throw new AppError('oidc.iat_too_old', { detail: 'ID token iat is more than a day old' });
    }
    // Mix-up defence: the token's issuer is the one this transaction was started for.
    const expected = transaction.expected_issuer.replace('{tenantid}', String(claims.tid ?? ''));
    if (claims.iss !== expected) throw new AppError('oidc.id_token_issuer_mismatch', { detail: 'issuer does not match the transaction' });

    const entra = familyOf(provider) === 'entra' ? entraKey(claims) : {};
    let merged: Record<string, unknown> = { ...claims };
    const lacksProfile = claims.email === undefined && claims.preferred_username === undefined && claims.name === undefined;
    const userinfoEndpoint = registry.metadataOf(config).userinfo_endpoint;
    if (userinfoEndpoint && (provider.userinfo_endpoint || lacksProfile)) {
      const userinfo = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
      merged = { ...userinfo, ...claims };
    }
    return storable({ issuer: claims.iss, subject: claims.sub, claims: merged, ...entra, refreshToken: tokens.refresh_token, idToken: tokens.id_token });
  } catch (error) {
    const wrapped = wrap(error);
    // A failure may mean stale discovery or keys: discover afresh next time.
    if (wrapped.code !== 'oidc.provider_error') registry.forget(provider.id);
    throw wrapped;
  }
}
