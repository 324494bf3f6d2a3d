/**
 * The catalogue of error codes. Services throw `AppError(code)`; the HTTP layer
 * (`http/wire-errors.ts`) turns a code into a status and a body. The message is what a
 * person sees; `detail` and `cause` go to the log only.
 */
export const errorCatalogue = {
  // Input
  'request.invalid': { status: 400, message: 'Invalid request' },
  'request.body_too_large': { status: 413, message: 'Request body is too large' },
  'request.unsupported_encoding': { status: 415, message: 'Unsupported content encoding' },
  'request.not_found': { status: 404, message: 'Not found' },
  'request.json_required': { status: 415, message: 'Send the request body as application/json' },
  'request.cross_site': { status: 403, message: 'Cross-site requests are refused here; use the console' },

  // Authentication and authorisation
  'auth.invalid_credentials': { status: 401, message: 'Wrong username or password' },
  'auth.locked': {
    status: 429,
    message: 'Too many failed sign-in attempts, please try again later',
  },
  'auth.rate_limited': { status: 429, message: 'Too many requests, please slow down' },
  'auth.password_login_disabled': {
    status: 403,
    message: 'Password sign-in is turned off; use single sign-on',
  },
  'auth.user_disabled': { status: 401, message: 'This account is disabled' },
  'auth.unsupported_login_type': { status: 400, message: 'Unsupported login type' },
  'auth.required': { status: 401, message: 'Sign-in required' },
  'auth.invalid_token': { status: 401, message: 'Invalid token' },
  'auth.client_token_refused': {
    status: 401,
    message: 'RustDesk client tokens cannot be used for the console API',
  },
  'auth.csrf': { status: 403, message: 'Missing or invalid CSRF token' },
  'auth.forbidden': { status: 403, message: 'You are not allowed to do this' },
  'auth.scope': { status: 403, message: 'This API token lacks the scope for this request' },

  // Users and groups
  'user.not_found': { status: 404, message: 'User not found' },
  'user.name_taken': { status: 409, message: 'A user with this name already exists' },
  'user.invalid_name': {
    status: 400,
    message: 'Usernames are 1-64 characters: letters, digits, and . _ @ -',
  },
  'user.weak_password': { status: 400, message: 'Passwords must be 8 to 128 characters long' },
  'user.wrong_password': { status: 400, message: 'The current password is wrong' },
  'user.last_admin': {
    status: 409,
    message: 'This is the last enabled administrator; it cannot be demoted, disabled or deleted',
  },
  'group.not_found': { status: 404, message: 'Group not found' },
  'group.name_taken': { status: 409, message: 'A group with this name already exists' },
  'group.invalid_name': { status: 400, message: 'Group names are 1-64 characters' },
  'group.default_protected': { status: 409, message: 'The Default group cannot be deleted' },

  // Tokens and sessions
  'token.not_found': { status: 404, message: 'Token not found' },
  'token.invalid_scope': { status: 400, message: 'Unknown token scope' },
  'token.invalid_name': { status: 400, message: 'Token names are 1-64 characters' },
  'session.not_found': { status: 404, message: 'Session not found' },
  'session.device_not_found': { status: 404, message: 'No signed-in device with this id' },

  // Auth providers and single sign-on
  'provider.not_found': { status: 404, message: 'No such sign-in provider, or it is turned off' },
  'provider.name_taken': { status: 409, message: 'A provider with this name already exists' },
  'provider.invalid': { status: 400, message: 'Invalid provider settings' },
  'provider.has_links': {
    status: 409,
    message: 'People are linked through this provider: its issuer, endpoints and keys cannot change unless they are unlinked with the change',
  },
  'oidc.discovery_failed': { status: 502, message: 'The identity provider could not be reached or answered wrongly' },
  'oidc.invalid_response': { status: 400, message: 'The identity provider sent an invalid sign-in response' },
  'oidc.provider_error': { status: 400, message: 'The identity provider refused the sign-in' },
  'oidc.transaction_not_found': { status: 400, message: 'This sign-in link is unknown, expired or already used' },
  'oidc.browser_mismatch': { status: 400, message: 'This sign-in was started in another browser' },
  'oidc.no_account': { status: 403, message: 'There is no account for this identity; ask an administrator to create one' },
  'oidc.user_disabled': { status: 403, message: 'This account is disabled' },
  'oidc.user_cap': { status: 403, message: 'The maximum number of single sign-on users has been reached; ask an administrator' },
  'oidc.issuer_mismatch': {
    status: 403,
    message: 'This identity was linked under another issuer of this provider; ask an administrator to unlink it',
  },
  'oidc.tenant_not_allowed': {
    status: 403,
    message: 'People of your Microsoft Entra organisation may not sign in here; ask an administrator to allow your organisation',
  },
  'oidc.domain_not_allowed': {
    status: 403,
    message: 'People of your Google domain may not sign in here; ask an administrator to allow your domain',
  },
  'oidc.no_username': { status: 400, message: 'The identity provider sent no usable name for this person' },
  'oidc.bad_return_to': { status: 400, message: 'return_to must be a path on this site' },
  'identity.not_found': { status: 404, message: 'Linked identity not found' },
  'oidc.sign_in_not_found': { status: 404, message: 'This sign-in request is unknown or has expired' },
  'oidc.too_many_pending': {
    status: 429,
    message: 'Too many sign-ins are waiting from this address; finish them or wait three minutes, then try again',
  },

  // Settings
  'settings.unknown': { status: 400, message: 'Unknown setting' },
  'settings.invalid_value': { status: 400, message: 'Invalid value for this setting' },

  // Infrastructure
  internal: { status: 500, message: 'internal error' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalogue;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly detail: string | undefined;
  /** Overrides the catalogue's message where the message must carry specifics (e.g. a field). */
  readonly publicMessage: string;

  constructor(code: ErrorCode, options: { detail?: string; cause?: unknown; message?: string } = {}) {
    const publicMessage = options.message ?? errorCatalogue[code].message;
    super(publicMessage, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.detail = options.detail;
    this.publicMessage = publicMessage;
  }

  get status(): number {
    return errorCatalogue[this.code].status;
  }
}

export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}
