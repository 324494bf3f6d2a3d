import { createRemoteJWKSet, customFetch, decodeJwt, decodeProtectedHeader, errors, jwtVerify, type JWTPayload } from 'jose';
import { AppError } from '../errors.js';
import type { FetchLike } from './client.js';

/** The event a back-channel logout token carries (OpenID Connect Back-Channel Logout 1.0 §2.4). */
export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';

/** A logout token `iat` this far ahead of our clock is refused. */
export const MAX_IAT_SKEW_S = 300;
/**
 * A provider sends its logout token the moment the person signs out (oidc-provider gives it two
 * minutes); one issued longer ago than this is refused, so a `jti` needs remembering only this long.
 */
export const MAX_LOGOUT_TOKEN_AGE_S = 600;
/** Longer than any JWT a provider sends; a bigger one is not read. */
const MAX_TOKEN_LENGTH = 16_384;

/** What a valid logout token says: who signed out (`sub`), which provider session (`sid`), and its id. */
export interface LogoutClaims {
  issuer: string;
  subject: string | undefined;
  sid: string | undefined;
  jti: string;
  /** Milliseconds: after this the token would be refused anyway (its `iat` too old). */
  acceptableUntil: number;
}

const invalid = (detail: string, cause?: unknown) => new AppError('oidc.logout_token_invalid', { detail, cause });

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** A claim that names something: a non-empty string without control characters, at most 255 long. */
function identifier(payload: JWTPayload, claim: string): string | undefined {
  const value = payload[claim];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 255 || /\p{Cc}/u.test(value)) {
    throw invalid(`${claim} is not a usable string`);
  }
  return value;
}

/** The token's `iss`, read before its signature is checked, only to find the provider whose keys check it. */
export function unverifiedIssuer(token: string): string {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw invalid('logout_token is empty or too long');
  let payload: JWTPayload;
  try {
    payload = decodeJwt(token);
  } catch (error) {
    throw invalid('logout_token is not a JWT', error);
  }
  if (typeof payload.iss !== 'string' || payload.iss.length === 0) throw invalid('logout_token has no iss');
  return payload.iss;
}

/** Remote key sets per provider, refetched by jose on an unknown `kid` (at most every 30 s). */
export function createLogoutKeySets(fetch: FetchLike) {
  const sets = new Map<string, { uri: string; keys: ReturnType<typeof createRemoteJWKSet> }>();
  return (providerId: string, jwksUri: string) => {
    const held = sets.get(providerId);
    if (held?.uri === jwksUri) return held.keys;
    const keys = createRemoteJWKSet(new URL(jwksUri), { [customFetch]: fetch, timeoutDuration: 10_000 });
    sets.set(providerId, { uri: jwksUri, keys });
    return keys;
  };
}

/**
 * Validates a logout token as Back-Channel Logout 1.0 §2.6 and spec/oidc-rp.md §3.3/§4.7 say:
 * signed with the provider's keys by its pinned algorithm (never `none`), the expected `iss`,
 * `aud` naming our client, `iat` present and neither ahead nor old, `exp` (when present) not
 * passed, `typ` (when present) `logout+jwt`, the back-channel logout event as an object, `sub`
 * or `sid`, no `nonce`, and a `jti`. Any failure is `oidc.logout_token_invalid`, the check
 * named in its detail. Whether the `jti` was seen before is the caller's to decide.
 */
export async function verifyLogoutToken(input: {
  token: string;
  keys: ReturnType<typeof createRemoteJWKSet>;
  issuer: string;
  clientId: string;
  algorithm: string;
  nowMs: number;
}): Promise<LogoutClaims> {
  const { token } = input;
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH) throw invalid('logout_token is empty or too long');
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(token);
  } catch (error) {
    throw invalid('logout_token header is not readable', error);
  }
  if (typeof header.alg !== 'string' || header.alg.toLowerCase() === 'none') throw invalid('logout_token is unsigned (alg none)');
  if (header.alg !== input.algorithm) throw invalid(`logout_token alg ${header.alg} is not the provider's ${input.algorithm}`);
  if (header.typ !== undefined && !['logout+jwt', 'application/logout+jwt', 'JWT'].includes(String(header.typ))) {
    throw invalid(`logout_token typ ${String(header.typ)} is not logout+jwt`);
  }

  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, input.keys, {
      issuer: input.issuer,
      audience: input.clientId,
      algorithms: [input.algorithm],
      currentDate: new Date(input.nowMs),
      clockTolerance: 60,
    }));
  } catch (error) {
    if (error instanceof errors.JWTClaimValidationFailed) throw invalid(`logout_token ${error.claim}: ${error.message}`, error);
    if (error instanceof errors.JWTExpired) throw invalid('logout_token has expired', error);
    throw invalid(`logout_token signature or keys: ${(error as Error).message}`, error);
  }

  const nowS = input.nowMs / 1000;
  if (typeof payload.iat !== 'number') throw invalid('logout_token has no numeric iat');
  if (payload.iat > nowS + MAX_IAT_SKEW_S) throw invalid('logout_token iat is in the future');
  if (payload.iat < nowS - MAX_LOGOUT_TOKEN_AGE_S) throw invalid('logout_token iat is too old');
  const events = payload.events;
  if (!isObject(events) || !isObject(events[BACKCHANNEL_LOGOUT_EVENT])) throw invalid('logout_token events lack the back-channel logout event');
  if (payload.nonce !== undefined) throw invalid('logout_token carries a nonce');
  const subject = identifier(payload, 'sub');
  const sid = identifier(payload, 'sid');
  if (subject === undefined && sid === undefined) throw invalid('logout_token has neither sub nor sid');
  const jti = identifier(payload, 'jti');
  if (jti === undefined) throw invalid('logout_token has no jti');

  // Whatever its `exp`, the token is refused once its `iat` is too old: its `jti` matters until then.
  return { issuer: input.issuer, subject, sid, jti, acceptableUntil: (payload.iat + MAX_LOGOUT_TOKEN_AGE_S + 60) * 1000 };
}
