import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errorCatalogue, type ErrorCode } from '../errors.js';
import { isSignInFailure, logSignInFailure } from './activity-log.js';

export interface WireError {
  status: number;
  body: { error: string; code?: string };
}

/** Every code's HTTP status: the one table (a code without one does not compile). */
export const errorStatus: Record<ErrorCode, number> = {
  'request.invalid': 400,
  'request.body_too_large': 413,
  'request.unsupported_encoding': 415,
  'request.not_found': 404,
  'request.json_required': 415,
  'request.cross_site': 403,

  'auth.invalid_credentials': 401,
  'auth.locked': 429,
  'auth.rate_limited': 429,
  'auth.password_login_disabled': 403,
  'auth.user_disabled': 401,
  'auth.unsupported_login_type': 400,
  'auth.required': 401,
  'auth.invalid_token': 401,
  'auth.client_token_refused': 401,
  'auth.csrf': 403,
  'auth.forbidden': 403,
  'auth.scope': 403,

  'tfa.invalid_code': 401,
  // Not 401: the console reads a 401 as its session gone.
  'tfa.confirm_failed': 400,
  'tfa.challenge_expired': 401,
  'tfa.already_enabled': 409,
  'tfa.not_enabled': 409,
  'tfa.not_pending': 409,
  'tfa.wrong_proof': 403,
  'tfa.required_by_admin': 409,
  'tfa.enrol_in_console': 403,
  'tfa.trusted_device_not_found': 404,
  'tfa.email_missing': 409,
  'tfa.email_self_only': 403,

  'user.not_found': 404,
  'user.name_taken': 409,
  'user.invalid_name': 400,
  'user.weak_password': 400,
  'user.wrong_password': 400,
  'user.last_admin': 409,
  'signin.would_lock_out': 409,
  'group.not_found': 404,
  'group.name_taken': 409,
  'group.invalid_name': 400,
  'group.default_protected': 409,
  'strategy.not_found': 404,
  'strategy.name_taken': 409,
  'strategy.invalid': 400,
  'strategy.unknown_target': 404,
  'devicegroup.not_found': 404,
  'devicegroup.name_taken': 409,
  'devicegroup.invalid_name': 400,
  'devicegroup.unknown_device': 404,
  'addressbook.not_found': 404,
  'addressbook.read_only': 403,
  'addressbook.full_control_required': 403,
  'addressbook.not_shared': 400,
  'addressbook.name_taken': 409,
  'addressbook.invalid_name': 400,
  'addressbook.reserved_name': 400,
  'addressbook.peer_limit': 403,
  'addressbook.peer_exists': 409,
  'addressbook.peer_not_found': 404,
  'addressbook.tag_exists': 409,
  'addressbook.tag_not_found': 404,
  'addressbook.too_many_tags': 403,
  'addressbook.rule_not_found': 404,
  'addressbook.rule_exists': 409,
  'addressbook.ambiguous_name': 409,

  'token.not_found': 404,
  'token.invalid_scope': 400,
  'token.invalid_name': 400,
  'session.not_found': 404,
  'session.device_not_found': 404,

  'device.not_found': 404,
  'device.conn_not_live': 404,
  'device.group_not_found': 404,
  'device.nothing_to_assign': 400,

  'provider.not_found': 404,
  'provider.name_taken': 409,
  'provider.invalid': 400,
  'provider.label_taken': 409,
  'provider.has_links': 409,
  'oidc.discovery_failed': 502,
  'oidc.invalid_response': 400,
  'oidc.response_issuer_mismatch': 400,
  'oidc.state_mismatch': 400,
  'oidc.id_token_missing': 400,
  'oidc.id_token_issuer_mismatch': 400,
  'oidc.audience_mismatch': 400,
  'oidc.nonce_mismatch': 400,
  'oidc.claim_missing': 400,
  'oidc.claim_invalid': 400,
  'oidc.token_expired': 400,
  'oidc.token_not_yet_valid': 400,
  'oidc.iat_in_future': 400,
  'oidc.iat_too_old': 400,
  'oidc.unexpected_algorithm': 400,
  'oidc.signature_invalid': 400,
  'oidc.signing_key_not_found': 400,
  'oidc.code_hash_mismatch': 400,
  'oidc.subject_invalid': 400,
  'oidc.subject_mismatch': 400,
  'oidc.critical_header': 400,
  'oidc.signing_key_weak': 400,
  'oidc.unexpected_front_channel_token': 400,
  'oidc.provider_request_failed': 400,
  'oidc.provider_error': 400,
  'oidc.client_secret_rejected': 400,
  'oidc.client_secret_expired': 400,
  'oidc.client_unknown': 400,
  'oidc.tenant_unknown': 400,
  'oidc.redirect_uri_mismatch': 400,
  'oidc.application_misconfigured': 400,
  'oidc.transaction_not_found': 400,
  'oidc.browser_mismatch': 400,
  'oidc.no_account': 403,
  'oidc.user_disabled': 403,
  'oidc.user_cap': 403,
  'oidc.issuer_mismatch': 403,
  'oidc.tenant_not_allowed': 403,
  'oidc.domain_not_allowed': 403,
  'oidc.org_not_allowed': 403,
  'oidc.orgs_unavailable': 400,
  'oidc.no_username': 400,
  'oidc.bad_return_to': 400,
  'oidc.logout_token_invalid': 400,
  'identity.not_found': 404,
  'identity.target_not_found': 404,
  'identity.same_account': 409,
  'audit.not_found': 404,
  'account.link_session_ended': 401,
  'account.link_other_session': 403,
  'account.link_provider_unavailable': 404,
  'account.identity_linked_elsewhere': 409,
  'account.last_sign_in_method': 409,
  'oidc.sign_in_not_found': 404,
  'oidc.too_many_pending': 429,
  // The RustDesk client ignores the status and reads the body (spec §12 item 5); the pending
  // answer is a 200 so that proxies and logs do not count every poll as a failure.
  'oidc.client_pending': 200,
  'oidc.client_not_found': 400,
  'oidc.client_timed_out': 400,
  'oidc.client_denied': 400,
  'oidc.client_failed': 400,
  'oidc.client_user_disabled': 400,
  'oidc.client_collected': 400,

  'settings.unknown': 400,
  'settings.invalid_value': 400,

  'rendezvous.invalid_key': 400,
  'rendezvous.key_exists': 409,

  'ldap.invalid': 400,
  'ldap.not_configured': 400,
  // A 4xx, not a 5xx: the server is fine, the directory it was told to use is not.
  'ldap.unavailable': 400,
  'ldap.no_account': 403,
  'ldap.name_taken': 409,
  'ldap.local_password': 409,
  // The mail server's failures are not deskgate's: 4xx, and never 401 (the console reads it as signed out).
  'mail.not_configured': 409,
  'mail.invalid_settings': 400,
  'mail.invalid_address': 400,
  'mail.unreachable': 400,
  'mail.timeout': 400,
  'mail.tls_failed': 400,
  'mail.auth_failed': 400,
  'mail.refused': 400,
  'invitation.not_found': 404,
  'invitation.pending': 409,
  'invitation.invalid': 400,
  'reset.invalid': 400,
  'reset.unavailable': 409,

  'secrets.wrong_key': 500,
  internal: 500,
};

/**
 * What the RustDesk client is sent for its sign-in poll, exactly as it reads it
 * (spec/rustdesk-client-api.md §4.6, §12 item 4): it keeps polling while the text is the
 * pending one and stops, showing the text, on any other.
 */
const clientTexts: Partial<Record<ErrorCode, (error: AppError) => string>> = {
  'oidc.client_pending': () => 'No authed oidc is found',
  'oidc.client_not_found': () => 'Sign-in request not found',
  'oidc.client_timed_out': () => 'Sign-in timed out; please try again',
  'oidc.client_denied': () => 'Sign-in was denied in the browser',
  // The message carries why the browser leg failed, when it is known.
  'oidc.client_failed': (error) =>
    error.publicMessage === errorCatalogue['oidc.client_failed'].message ? 'Sign-in failed' : `Sign-in failed: ${error.publicMessage}`,
  'oidc.client_user_disabled': () => 'Sign-in failed: this account is disabled',
  'oidc.client_collected': () => 'This sign-in was already completed',
};

/** Fastify's own error codes that mean "the request was bad", with the status to answer. */
const fastifyClientErrors: Record<string, { status: number; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, message: errorCatalogue['request.body_too_large'].message },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, message: 'Unsupported content type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, message: 'Invalid Content-Length' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, message: 'Empty request body' },
  FST_ERR_CTP_INVALID_JSON_BODY: { status: 400, message: 'Invalid JSON body' },
  FST_ERR_BAD_URL: { status: 400, message: 'Invalid URL' },
  FST_ERR_MAX_PARAM_LENGTH: { status: 414, message: 'URL parameter too long' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400 },
};

/**
 * The one place an error becomes a status and a body. Client-API bodies are `{"error"}` as
 * RustDesk parses them; admin-API bodies add the stable `code`. Anything unexpected is a 500
 * with a generic message; the details go to the log only.
 */
export function toWireError(error: unknown, withCode: boolean): WireError {
  if (error instanceof AppError) {
    const status = errorStatus[error.code];
    if (withCode) return { status, body: { error: error.publicMessage, code: error.code } };
    return { status, body: { error: clientTexts[error.code]?.(error) ?? error.publicMessage } };
  }
  const fastifyError = error as Partial<FastifyError> & { validation?: unknown; validationContext?: string };
  if (fastifyError.validation) {
    const body = { error: `Invalid request: ${fastifyError.message ?? 'validation failed'}` };
    return { status: 400, body: withCode ? { ...body, code: 'request.invalid' } : body };
  }
  const known = fastifyError.code ? fastifyClientErrors[fastifyError.code] : undefined;
  const status = known?.status ?? fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const body = { error: known?.message ?? fastifyError.message ?? 'Invalid request' };
    return { status, body: withCode ? { ...body, code: 'request.invalid' } : body };
  }
  return { status: 500, body: withCode ? { error: 'internal error', code: 'internal' } : { error: 'internal error' } };
}

/**
 * A browser page's status and text (the HTML pages of single sign-on): the code's status (a
 * failure on the provider's side is a 502, the page being a gateway's answer), and anything
 * unexpected says only that something went wrong.
 */
export function toPageError(error: unknown): { status: number; message: string } {
  if (!(error instanceof AppError)) return { status: 500, message: 'Something went wrong on the server.' };
  return { status: errorStatus[error.code], message: error.publicMessage };
}

const withCodePrefixes = ['/api/admin/', '/api/account', '/api/session'];

export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const path = request.url;
  const withCode = withCodePrefixes.some((prefix) => path.startsWith(prefix));
  const wire = toWireError(error, withCode);
  if (wire.status >= 500) {
    request.log.error({ err: error }, 'request failed');
  } else if (error instanceof AppError && isSignInFailure(error.code)) {
    logSignInFailure(request, { code: error.code, message: error.publicMessage, detail: error.detail, cause: error.cause });
  } else if (error instanceof AppError && (error.detail || error.cause)) {
    request.log.debug({ code: error.code, detail: error.detail, cause: error.cause }, 'request refused');
  }
  return reply.status(wire.status).type('application/json; charset=utf-8').send(wire.body);
}
