import type { ErrorCode } from '../errors.js';

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
