import type { ErrorCode } from '../errors.js';
import { decodeEntraError, type EntraError, type EntraErrorKind } from './entra-errors.js';

/*
 * openid-client v6 throws a `ClientError` whose `code` names the kind of failure
 * (OAUTH_JWT_CLAIM_COMPARISON_FAILED, OAUTH_INVALID_RESPONSE …) and whose `cause` is oauth4webapi's
 * `OperationProcessingError` (its own `cause` names the `claim` or `attribute` compared), or an
 * `UnsupportedOperationError`. These turn one failed check of a sign-in response into the `oidc.*`
 * code named after that check. Messages are matched only where the code alone does not say which
 * check failed (OAUTH_INVALID_RESPONSE); anything not recognised keeps the generic code.
 */

interface Level {
  code: string;
  message: string;
  claim: string;
  attribute: string;
}

/** Each error in the `cause` chain, outermost first, with what it says about the failed check. */
function levels(error: unknown): Level[] {
  const found: Level[] = [];
  let next: unknown = error;
  while (typeof next === 'object' && next !== null && found.length < 10) {
    const { code, message, claim, attribute, cause } = next as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' ? value : '');
    found.push({ code: text(code), message: text(message), claim: text(claim), attribute: text(attribute) });
    next = cause;
  }
  return found;
}

/** OAUTH_JWT_CLAIM_COMPARISON_FAILED and OAUTH_JWT_TIMESTAMP_CHECK_FAILED, by the claim compared. */
const BY_CLAIM: Record<string, ErrorCode> = {
  iss: 'oidc.id_token_issuer_mismatch',
  aud: 'oidc.audience_mismatch',
  azp: 'oidc.audience_mismatch',
  nonce: 'oidc.nonce_mismatch',
  c_hash: 'oidc.code_hash_mismatch',
  s_hash: 'oidc.state_mismatch',
  exp: 'oidc.token_expired',
  nbf: 'oidc.token_not_yet_valid',
  iat: 'oidc.iat_too_old',
};

const UNANSWERED = new Set(['OAUTH_RESPONSE_IS_NOT_JSON', 'OAUTH_RESPONSE_IS_NOT_CONFORM', 'OAUTH_TIMEOUT', 'OAUTH_ABORT']);

/** OAUTH_INVALID_RESPONSE and unsupported operations, by oauth4webapi's message. */
const BY_MESSAGE: [RegExp, ErrorCode][] = [
  // RFC 7515 §4.1.11: a critical header extension nobody here understands.
  [/"crit" header parameter/, 'oidc.critical_header'],
  [/unsupported [\w-]+ modulusLength/, 'oidc.signing_key_weak'],
  // An ID token or access token in the authorization response of a code flow.
  [/implicit and hybrid flows are not supported/, 'oidc.unexpected_front_channel_token'],
  [/signature verification failed/, 'oidc.signature_invalid'],
  [/unexpected JWT "alg" header parameter|unsupported JWS (algorithm|"alg")/, 'oidc.unexpected_algorithm'],
  [/^response parameter "iss" \(issuer\) missing|"iss" \(issuer\) response parameter value/, 'oidc.response_issuer_mismatch'],
  [/"state" response parameter|response parameter "state" missing/, 'oidc.state_mismatch'],
  [/"id_token" property/, 'oidc.id_token_missing'],
];

/** A required claim that is missing, or not of its type, fails the check of that claim. */
const MISSING_OR_MISTYPED: Record<string, ErrorCode> = {
  iss: 'oidc.id_token_issuer_mismatch',
  aud: 'oidc.audience_mismatch',
  nonce: 'oidc.nonce_mismatch',
  sub: 'oidc.subject_invalid',
};

function claimProblem(message: string): ErrorCode | undefined {
  const missing = /^JWT "(\w+)" \(.*\) claim missing$/.exec(message);
  if (missing) return MISSING_OR_MISTYPED[missing[1] ?? ''] ?? 'oidc.claim_missing';
  const mistyped = /^unexpected JWT "(\w+)" \(.*\) claim type$/.exec(message);
  if (mistyped) return MISSING_OR_MISTYPED[mistyped[1] ?? ''] ?? 'oidc.claim_invalid';
  return undefined;
}

/** The `oidc.*` code for an openid-client failure while completing a sign-in. */
export function responseErrorCode(error: unknown): ErrorCode {
  const chain = levels(error);
  const claim = chain.find((level) => level.claim !== '')?.claim ?? '';
  const attribute = chain.find((level) => level.attribute !== '')?.attribute ?? '';
  for (const level of chain) {
    if (level.code === 'OAUTH_KEY_SELECTION_FAILED') return 'oidc.signing_key_not_found';
    // The userinfo answer names another person than the ID token (OIDC Core §5.3.2).
    if (level.code === 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED' && attribute === 'sub') return 'oidc.subject_mismatch';
    if ((level.code === 'OAUTH_JWT_CLAIM_COMPARISON_FAILED' || level.code === 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED') && BY_CLAIM[claim]) {
      return BY_CLAIM[claim];
    }
    // An endpoint (token, key set, userinfo) answered with something that is no answer at all.
    if (UNANSWERED.has(level.code)) return 'oidc.provider_request_failed';
  }
  for (const level of chain) {
    const code = claimProblem(level.message) ?? BY_MESSAGE.find(([pattern]) => pattern.test(level.message))?.[1];
    if (code) return code;
  }
  return 'oidc.invalid_response';
}

/** What a token endpoint's error answer means for deskgate's settings, in plain words. */
export interface TokenErrorExplained {
  /** Only the authorization code was refused: the client ID and secret were accepted. */
  codeOnly: boolean;
  /** The code a sign-in that fails this way ends with. */
  code: ErrorCode;
  /** What happened. */
  words: string;
  /** What to do. */
  fix: string;
  /** The OAuth `error` as sent, when it is a plain token ('' otherwise); never the description. */
  error: string;
  /** The Entra ID error decoded from the description, if any. */
  entra?: EntraError;
}

const BY_ENTRA_KIND: Record<EntraErrorKind, ErrorCode> = {
  secret_wrong: 'oidc.client_secret_rejected',
  secret_missing: 'oidc.client_secret_rejected',
  secret_expired: 'oidc.client_secret_expired',
  client_unknown: 'oidc.client_unknown',
  tenant_unknown: 'oidc.tenant_unknown',
  redirect_uri: 'oidc.redirect_uri_mismatch',
  app_registration: 'oidc.application_misconfigured',
  person: 'oidc.provider_error',
  code_refused: 'oidc.provider_error',
};

const SECRET_FIX =
  'Paste the client secret again (its value, not its ID), check the client ID, and check the token endpoint authentication method under Advanced (client_secret_basic or client_secret_post) against what the provider expects.';

/**
 * A token endpoint's refusal (status, OAuth `error`, `error_description`) in plain words: the
 * provider test sends a made-up code, so `invalid_grant` there means the secret was accepted and
 * `invalid_client` (or a 401) that it was not; a sign-in that fails the same way says the same.
 * Entra's AADSTS codes say more than `error` does and win. Only the `error` token and the AADSTS
 * number are read; the description itself is never repeated.
 */
export function explainTokenError(answer: { status: number; error?: unknown; description?: unknown }): TokenErrorExplained {
  const error = typeof answer.error === 'string' && /^[\w.-]{1,60}$/.test(answer.error) ? answer.error : '';
  const entra = decodeEntraError(answer.description);
  if (entra) {
    return { codeOnly: entra.kind === 'code_refused', code: BY_ENTRA_KIND[entra.kind], words: entra.words, fix: entra.fix, error, entra };
  }
  const named = error ? ` (${error})` : '';
  // GitHub answers 200 with bad_verification_code for an unknown code, incorrect_client_credentials for a wrong secret.
  if (error === 'invalid_grant' || error === 'bad_verification_code') {
    return { codeOnly: true, code: 'oidc.provider_error', words: `The provider refused the authorization code${named}.`, fix: 'Sign in again.', error };
  }
  if (error === 'invalid_client' || error === 'incorrect_client_credentials' || answer.status === 401) {
    return { codeOnly: false, code: 'oidc.client_secret_rejected', words: `The provider refused deskgate's client ID or secret${named || ` (HTTP ${answer.status})`}.`, fix: SECRET_FIX, error };
  }
  if (error === 'unauthorized_client') {
    return {
      codeOnly: false,
      code: 'oidc.application_misconfigured',
      words: 'The provider does not let this client use the authorization code flow (unauthorized_client).',
      fix: 'Allow the authorization code grant for this client (a web application with a secret) at the provider.',
      error,
    };
  }
  if (error === 'redirect_uri_mismatch') {
    return {
      codeOnly: false,
      code: 'oidc.redirect_uri_mismatch',
      words: 'The redirect URI deskgate sent is not registered for this client (redirect_uri_mismatch).',
      fix: 'Register exactly the redirect URI deskgate shows on Settings → OIDC at the provider.',
      error,
    };
  }
  return {
    codeOnly: false,
    code: 'oidc.provider_error',
    words: `The token endpoint answered HTTP ${answer.status}${named}.`,
    fix: 'Check the token endpoint, the client ID and the client secret.',
    error,
  };
}
