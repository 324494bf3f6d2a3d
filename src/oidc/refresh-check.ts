import * as oidc from 'openid-client';
import type { RpProvider, RpRegistry } from './client.js';

/** What a provider said when asked to honour a person's refresh token again. */
export type RefreshCheck =
  /**
   * The grant still stands; `refreshToken` is the provider's new one when it rotated it, `claims`
   * those of the ID token in the answer (verified by openid-client), when there is one.
   */
  | { kind: 'valid'; refreshToken: string | undefined; claims?: Record<string, unknown> | undefined }
  /** The provider refused the grant: the person may no longer sign in through it. */
  | { kind: 'refused'; error: string; description: string }
  /** No answer about the person: unreachable, a 5xx, an answer that is not OAuth, or deskgate's own settings refused. */
  | { kind: 'unanswered'; detail: string };

/**
 * RFC 6749 §5.2: `invalid_grant` is the one token-endpoint error about the grant itself (the
 * refresh token is invalid, expired or revoked): the provider's way of saying the account is
 * disabled or deleted, or the consent withdrawn (Entra ID: AADSTS50057, AADSTS50173, AADSTS65001).
 * Every other error (`invalid_client`, `unauthorized_client` …) is about deskgate's own
 * registration, and says nothing about the person.
 */
const REFUSALS = new Set(['invalid_grant']);

/** Provider text as an audit detail: no control or invisible formatting characters, bounded. */
const clean = (value: unknown, max: number) => (typeof value === 'string' ? value.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').trim().slice(0, max) : '');

/**
 * Asks the provider for new tokens with a refresh token (RFC 6749 §6), to learn whether it still
 * vouches for the person. openid-client checks the answer (an ID token in it is verified like
 * one from a sign-in); its errors are sorted here into a refusal or no answer at all.
 */
export async function checkRefreshToken(
  registry: Pick<RpRegistry, 'configuration'>,
  provider: RpProvider,
  refreshToken: string,
): Promise<RefreshCheck> {
  let config: oidc.Configuration;
  try {
    config = await registry.configuration(provider);
  } catch (error) {
    return { kind: 'unanswered', detail: `discovery failed: ${clean((error as Error).message, 200)}` };
  }
  try {
    const tokens = await oidc.refreshTokenGrant(config, refreshToken);
    return { kind: 'valid', refreshToken: tokens.refresh_token, claims: tokens.claims() };
  } catch (error) {
    if (error instanceof oidc.ResponseBodyError && error.status >= 400 && error.status < 500 && REFUSALS.has(error.error)) {
      return { kind: 'refused', error: clean(error.error, 60), description: clean(error.error_description, 300) };
    }
    if (error instanceof oidc.ResponseBodyError) {
      return { kind: 'unanswered', detail: `HTTP ${error.status} ${clean(error.error, 60)}` };
    }
    const code = clean((error as { code?: unknown }).code, 60);
    return { kind: 'unanswered', detail: `${code} ${clean((error as Error).message, 200)}`.trim() };
  }
}
