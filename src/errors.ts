/**
 * The catalogue of error codes and their messages. Services throw `AppError(code)`; only the
 * HTTP layer (`http/wire-errors.ts`) knows statuses and what each audience is sent. The message
 * is what a person sees; `detail` and `cause` go to the log only.
 */
const INVALID_RESPONSE = 'The identity provider sent an invalid sign-in response';

export const errorCatalogue = {
  // Input
  'request.invalid': { message: 'Invalid request' },
  'request.body_too_large': { message: 'Request body is too large' },
  'request.unsupported_encoding': { message: 'Unsupported content encoding' },
  'request.not_found': { message: 'Not found' },
  'request.json_required': { message: 'Send the request body as application/json' },
  'request.cross_site': { message: 'Cross-site requests are refused here; use the console' },

  // Authentication and authorisation
  'auth.invalid_credentials': { message: 'Wrong username or password' },
  'auth.locked': { message: 'Too many failed sign-in attempts, please try again later' },
  'auth.rate_limited': { message: 'Too many requests, please slow down' },
  'auth.password_login_disabled': { message: 'Password sign-in is turned off; use single sign-on' },
  'auth.user_disabled': { message: 'This account is disabled' },
  'auth.unsupported_login_type': { message: 'Unsupported login type' },
  'auth.required': { message: 'Sign-in required' },
  'auth.invalid_token': { message: 'Invalid token' },
  'auth.client_token_refused': { message: 'RustDesk client tokens cannot be used for the console API' },
  'auth.csrf': { message: 'Missing or invalid CSRF token' },
  'auth.forbidden': { message: 'You are not allowed to do this' },
  'auth.scope': { message: 'This API token lacks the scope for this request' },

  // Two-factor sign-in (TOTP): tfa.*
  'tfa.invalid_code': { message: 'Wrong verification code' },
  'tfa.confirm_failed': { message: 'Wrong code: check the time on your phone and type the code the app shows now' },
  'tfa.challenge_expired': { message: 'The sign-in has expired, please sign in again' },
  'tfa.already_enabled': { message: 'Two-factor sign-in is already on; renew or disable it first' },
  'tfa.not_enabled': { message: 'Two-factor sign-in is not on' },
  'tfa.not_pending': { message: 'Start setting up two-factor sign-in first' },
  'tfa.wrong_proof': { message: 'Wrong password or code' },
  'tfa.required_by_admin': { message: 'An administrator requires two-factor sign-in of you: renew it instead of turning it off' },
  'tfa.enrol_in_console': { message: 'Two-factor sign-in is required for your account: sign in to the web console first to set it up' },
  'tfa.trusted_device_not_found': { message: 'No such trusted device' },
  'tfa.email_missing': { message: 'Add an e-mail address to your profile first' },
  'tfa.email_self_only': { message: 'Only the person can turn e-mail login verification on' },

  // Users and groups
  'user.not_found': { message: 'User not found' },
  'user.name_taken': { message: 'A user with this name already exists' },
  'user.invalid_name': { message: 'Usernames are 1-64 characters: letters, digits, and . _ @ -' },
  'user.weak_password': { message: 'Passwords must be 8 to 128 characters long' },
  'user.wrong_password': { message: 'The current password is wrong' },
  'user.last_admin': { message: 'This is the last enabled administrator; it cannot be demoted, disabled or deleted' },
  'signin.would_lock_out': {
    message: 'This change would leave no enabled administrator a way to sign in; turn password sign-in on or have an administrator sign in through an enabled provider first',
  },
  'group.not_found': { message: 'Group not found' },
  'group.name_taken': { message: 'A group with this name already exists' },
  'group.invalid_name': { message: 'Group names are 1-64 characters' },
  'group.default_protected': { message: 'The Default group cannot be deleted' },
  'strategy.not_found': { message: 'Strategy not found' },
  'strategy.name_taken': { message: 'A strategy with this name already exists' },
  'strategy.invalid': { message: 'The strategy is not valid' },
  'strategy.unknown_target': { message: 'No such device, user or device group' },
  'devicegroup.not_found': { message: 'Device group not found' },
  'devicegroup.name_taken': { message: 'A device group with this name already exists' },
  'devicegroup.invalid_name': { message: 'Device group names are 1-64 characters' },
  'devicegroup.unknown_device': { message: 'No device with this id' },

  // Address books (spec/rustdesk-client-api.md §8): the client shows the message as it is.
  'addressbook.not_found': { message: 'Address book not found' },
  'addressbook.read_only': { message: 'This address book is read-only for you' },
  'addressbook.full_control_required': { message: 'Only its owner, an administrator or someone with full control may change this address book' },
  'addressbook.not_shared': { message: 'This is a personal address book; only shared address books have these settings' },
  'addressbook.name_taken': { message: 'You already have a shared address book with this name' },
  'addressbook.invalid_name': { message: 'Address book names are 1-64 characters' },
  'addressbook.reserved_name': { message: '“My address book” and “Legacy address book” are the client’s own names; choose another name' },
  // The client's own text for a full book (it checks max_peer_one_ab itself too).
  'addressbook.peer_limit': { message: 'exceed_max_devices' },
  'addressbook.peer_exists': { message: 'This ID is already in the address book' },
  'addressbook.peer_not_found': { message: 'This ID is not in the address book' },
  'addressbook.tag_exists': { message: 'A tag with this name already exists' },
  'addressbook.tag_not_found': { message: 'No tag with this name' },
  'addressbook.too_many_tags': { message: 'This address book has the most tags allowed' },
  'addressbook.rule_not_found': { message: 'Address book rule not found' },
  'addressbook.rule_exists': { message: 'This address book already has a rule for them' },
  'addressbook.ambiguous_name': { message: 'Several shared address books have this name; rename all but one' },

  // Tokens and sessions
  'token.not_found': { message: 'Token not found' },
  'token.invalid_scope': { message: 'Unknown token scope' },
  'token.invalid_name': { message: 'Token names are 1-64 characters' },
  'session.not_found': { message: 'Session not found' },
  'session.device_not_found': { message: 'No signed-in device with this id' },

  // Devices (administration, and `rustdesk --assign` / `--deploy`)
  'device.not_found': { message: 'Device not found' },
  'device.conn_not_live': { message: 'The device did not report this connection as live at its latest heartbeat' },
  'device.group_not_found': { message: 'Device group not found' },
  'device.nothing_to_assign': { message: 'Nothing to assign: send user_name, device_group_name, note, device_username, device_name or address_book_name' },

  // Auth providers and single sign-on
  'provider.not_found': { message: 'No such sign-in provider, or it is turned off' },
  'provider.name_taken': { message: 'A provider with this name already exists' },
  'provider.invalid': { message: 'Invalid provider settings' },
  'provider.label_taken': { message: 'Another provider already has this button label (display_name)' },
  'provider.has_links': { message: 'People are linked through this provider: its issuer, endpoints and keys cannot change unless they are unlinked with the change' },
  'oidc.discovery_failed': { message: 'The identity provider could not be reached or answered wrongly' },
  // A sign-in response that fails a check, named after the check (OIDC Core §3.1.3.7, RFC 9207,
  // RFC 6749 §10.12). The person sees one message: the code, in the log, says which check failed.
  'oidc.invalid_response': { message: INVALID_RESPONSE },
  'oidc.response_issuer_mismatch': { message: INVALID_RESPONSE },
  'oidc.state_mismatch': { message: INVALID_RESPONSE },
  'oidc.id_token_missing': { message: INVALID_RESPONSE },
  'oidc.id_token_issuer_mismatch': { message: INVALID_RESPONSE },
  'oidc.audience_mismatch': { message: INVALID_RESPONSE },
  'oidc.nonce_mismatch': { message: INVALID_RESPONSE },
  'oidc.claim_missing': { message: INVALID_RESPONSE },
  'oidc.claim_invalid': { message: INVALID_RESPONSE },
  'oidc.token_expired': { message: INVALID_RESPONSE },
  'oidc.token_not_yet_valid': { message: INVALID_RESPONSE },
  'oidc.iat_in_future': { message: INVALID_RESPONSE },
  'oidc.iat_too_old': { message: INVALID_RESPONSE },
  'oidc.unexpected_algorithm': { message: INVALID_RESPONSE },
  'oidc.signature_invalid': { message: INVALID_RESPONSE },
  'oidc.signing_key_not_found': { message: INVALID_RESPONSE },
  'oidc.code_hash_mismatch': { message: INVALID_RESPONSE },
  'oidc.subject_invalid': { message: INVALID_RESPONSE },
  'oidc.subject_mismatch': { message: INVALID_RESPONSE },
  'oidc.critical_header': { message: INVALID_RESPONSE },
  'oidc.signing_key_weak': { message: INVALID_RESPONSE },
  'oidc.unexpected_front_channel_token': { message: INVALID_RESPONSE },
  'oidc.provider_request_failed': { message: INVALID_RESPONSE },
  'oidc.provider_error': { message: 'The identity provider refused the sign-in' },
  // The token endpoint refused deskgate's own settings (src/oidc/entra-errors.ts decodes Entra's
  // AADSTS codes); the message, set where it is thrown, says which setting and what to do.
  'oidc.client_secret_rejected': { message: 'The identity provider refused deskgate’s client secret; an administrator must correct it' },
  'oidc.client_secret_expired': { message: 'deskgate’s client secret at the identity provider has expired; an administrator must create a new one' },
  'oidc.client_unknown': { message: 'The identity provider does not know deskgate’s client ID; an administrator must correct it' },
  'oidc.tenant_unknown': { message: 'The identity provider does not know the tenant deskgate is set up for; an administrator must correct it' },
  'oidc.redirect_uri_mismatch': { message: 'deskgate’s redirect URI is not registered at the identity provider; an administrator must register it' },
  'oidc.application_misconfigured': { message: 'The application registration at the identity provider does not allow this sign-in; an administrator must correct it' },
  'oidc.transaction_not_found': { message: 'This sign-in link is unknown, expired or already used' },
  'oidc.browser_mismatch': { message: 'This sign-in was started in another browser' },
  'oidc.no_account': { message: 'There is no account for this identity; ask an administrator to create one' },
  'oidc.user_disabled': { message: 'This account is disabled' },
  'oidc.user_cap': { message: 'The maximum number of single sign-on users has been reached, so no new account can be made; people who have one still sign in. Ask an administrator' },
  'oidc.issuer_mismatch': { message: 'This identity was linked under another issuer of this provider; ask an administrator to unlink it' },
  'oidc.tenant_not_allowed': { message: 'People of your Microsoft Entra organisation may not sign in here; ask an administrator to allow your organisation' },
  'oidc.domain_not_allowed': { message: 'People of your Google domain may not sign in here; ask an administrator to allow your domain' },
  'oidc.org_not_allowed': { message: 'You are not a member of a GitHub organisation allowed to sign in here; ask an administrator' },
  // GitHub shows organisations only to the read:org scope: without it, allowed_orgs admits no one.
  'oidc.orgs_unavailable': {
    message: 'GitHub did not show deskgate your organisations (the read:org scope was not granted); an administrator must add read:org to the provider’s scopes',
  },
  'oidc.no_username': { message: 'The identity provider sent no usable name for this person' },
  'oidc.bad_return_to': { message: 'return_to must be a path on this site' },
  'oidc.logout_token_invalid': { message: 'The logout token is not valid' },
  'identity.not_found': { message: 'Linked identity not found' },
  'identity.target_not_found': { message: 'No account with this id to move the identity to' },
  'identity.same_account': { message: 'The identity is already this account’s' },
  'audit.not_found': { message: 'No such connection of yours' },
  // Connecting a provider on My account (linking an identity to one's own account).
  'account.link_session_ended': { message: 'Your console session ended before the provider answered; sign in to the console and connect the provider again' },
  'account.link_other_session': { message: 'This connection was started from another console session; start it again from My account' },
  'account.link_provider_unavailable': { message: 'This provider is turned off or no longer exists' },
  'account.identity_linked_elsewhere': {
    message: 'This identity is already linked to another deskgate account and was left there; ask an administrator to unlink it from that account first',
  },
  'account.last_sign_in_method': {
    message: 'This is your only way to sign in: set a password or connect another provider before you disconnect this one',
  },
  'oidc.sign_in_not_found': { message: 'This sign-in request is unknown or has expired' },
  'oidc.too_many_pending': { message: 'Too many sign-ins are waiting from this address; finish them or wait three minutes, then try again' },
  // What a RustDesk client's poll of its sign-in finds (spec/rustdesk-client-api.md §4.6, §12):
  // the wire layer answers each with the exact text the client reads.
  'oidc.client_pending': { message: 'The sign-in is not finished yet' },
  'oidc.client_not_found': { message: 'Sign-in request not found' },
  'oidc.client_timed_out': { message: 'Sign-in timed out; please try again' },
  'oidc.client_denied': { message: 'Sign-in was denied in the browser' },
  'oidc.client_failed': { message: 'Sign-in failed' },
  'oidc.client_user_disabled': { message: 'Sign-in failed: this account is disabled' },
  'oidc.client_collected': { message: 'This sign-in was already completed' },

  // Settings
  'settings.unknown': { message: 'Unknown setting' },
  'settings.invalid_value': { message: 'Invalid value for this setting' },

  // The rendezvous key pair (Settings → Key, `deskgate key`); the message, set where thrown, says what is wrong.
  'rendezvous.invalid_key': { message: 'Not an hbbs key pair' },
  'rendezvous.key_exists': {
    message: 'deskgate already has a different key: replacing it breaks the Key setting of every RustDesk client; repeat with --force to replace it anyway',
  },

  // LDAP / Active Directory (Settings → LDAP)
  'ldap.invalid': { message: 'Invalid LDAP settings' },
  'ldap.not_configured': { message: 'LDAP is not set up: fill in the server URL, the base DN and the user filter first' },
  'ldap.unavailable': { message: 'The directory (LDAP) cannot be reached; please try again later' },
  'ldap.no_account': { message: 'No account is linked to this directory user, and new ones are not created automatically; ask an administrator' },
  'ldap.name_taken': { message: 'An account with this name already exists and is not linked to this directory user; ask an administrator' },
  'ldap.local_password': { message: 'This account signs in with its directory (LDAP) password and cannot have a local one' },
  // Outgoing e-mail (Settings → SMTP)
  'mail.not_configured': { message: 'E-mail is not set up: an administrator sets the mail server in Settings → SMTP' },
  'mail.invalid_settings': { message: 'Invalid SMTP settings' },
  'mail.invalid_address': { message: 'Not a valid e-mail address' },
  'mail.unreachable': { message: 'The mail server could not be reached' },
  'mail.timeout': { message: 'The mail server did not answer in time' },
  'mail.tls_failed': { message: 'The secure connection to the mail server failed; check the security setting, the port and the custom CA' },
  'mail.auth_failed': { message: 'The mail server refused the username or password' },
  'mail.refused': { message: 'The mail server refused the message' },
  'invitation.not_found': { message: 'Invitation not found' },
  'invitation.pending': { message: 'This address already has a pending invitation; resend it instead' },
  'invitation.invalid': { message: 'This invitation link is invalid, already used or expired; ask an administrator to send a new one' },
  'reset.invalid': { message: 'This password reset link is invalid, already used or expired; ask for a new one' },
  'reset.unavailable': { message: 'Password reset by e-mail is not available here; ask an administrator' },

  // Infrastructure
  'secrets.wrong_key': {
    message:
      'A stored secret cannot be opened: the secret key (DESKGATE_SECRET_KEY, or secret.key in the data directory) is not the one it was sealed with; restore the key this database was used with',
  },
  internal: { message: 'internal error' },
} as const satisfies Record<string, { message: string }>;

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
}

export function isAppError(error: unknown, code?: ErrorCode): error is AppError {
  return error instanceof AppError && (code === undefined || error.code === code);
}
