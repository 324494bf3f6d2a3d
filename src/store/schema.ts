import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * The one schema, on SQLite and PostgreSQL alike. Times are milliseconds since the epoch
 * (bigint); booleans are 0/1 integers (SQLite has no boolean); ids are random UUID strings so
 * that several instances never need a shared sequence.
 */
export interface UsersTable {
  id: string;
  name: string;
  /** Lower-cased name: sign-in and uniqueness ignore case. */
  name_key: string;
  display_name: string;
  email: string;
  note: string;
  /** 1 normal, 0 disabled, -1 unverified (spec/rustdesk-client-api.md §4.1). */
  status: number;
  is_admin: number;
  password_hash: string | null;
  created_at: number;
  updated_at: number;
}

export interface UserGroupsTable {
  id: string;
  name: string;
  name_key: string;
  note: string;
  created_at: number;
  updated_at: number;
}

export interface UserGroupMembersTable {
  group_id: string;
  user_id: string;
}

/** Tokens handed to RustDesk clients by /api/login; bound to the device they were issued to. */
export interface AccessTokensTable {
  id: string;
  token_hash: string;
  user_id: string;
  device_id: string;
  device_uuid: string;
  device_info: string;
  ip: string;
  created_at: number;
  last_used_at: number;
  expires_at: number;
  revoked_at: number | null;
  /** The provider a token from single sign-on was issued through; '' for a password sign-in. */
  sso_provider_id: Generated<string>;
  /** The provider's session id (the ID token's `sid`), when it sent one. */
  sso_sid: Generated<string>;
}

/** Tokens for scripts and the admin API (`deskgate token create`, Settings → Tokens). */
export interface ApiTokensTable {
  id: string;
  name: string;
  token_hash: string;
  /** JSON array of scope strings. */
  scopes: string;
  created_by: string;
  created_at: number;
  last_used_at: number | null;
  expires_at: number | null;
  revoked_at: number | null;
}

export interface ConsoleSessionsTable {
  id: string;
  token_hash: string;
  csrf_token: string;
  user_id: string;
  remember: number;
  ip: string;
  user_agent: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  revoked_at: number | null;
  /** The provider a single sign-on session came through; '' for a password sign-in. */
  sso_provider_id: Generated<string>;
  /** The provider's session id (the ID token's `sid`), when it sent one. */
  sso_sid: Generated<string>;
  /** The sign-in's ID token, sealed with the secret box, for RP-initiated logout's `id_token_hint`; '' when none. */
  sso_id_token: Generated<string>;
}

/** The `jti` of each accepted back-channel logout token, per provider, kept while it could be replayed. */
export interface LogoutTokenJtisTable {
  provider_id: string;
  jti: string;
  expires_at: number;
}

export interface ConsoleAuditTable {
  id: string;
  created_at: number;
  /** `user`, `token`, `cli` or `system`. */
  actor_type: string;
  actor_id: string;
  actor_name: string;
  action: string;
  target_type: string;
  target_id: string;
  target_name: string;
  /** JSON object with what changed (never a secret). */
  detail: string;
  ip: string;
}

/** Failed sign-ins, for the alarm log: password and single sign-on alike. */
export interface LoginFailuresTable {
  id: string;
  created_at: number;
  ip: string;
  name: string;
  /** A password failure's reason (`bad_credentials` …) or a single sign-on failure's error code (`oidc.*`). */
  reason: string;
  channel: string;
  /** `password` or `sso`; rows from before single sign-on failures were recorded are `password`. */
  kind: Generated<string>;
  /** The provider of a single sign-on failure ('' for passwords, or when the provider was unknown). */
  provider_id: Generated<string>;
  /** The provider's name when the failure happened (or the name a client asked for). */
  provider_name: Generated<string>;
  /** For administrators: the provider's own error text, or which check failed. */
  detail: Generated<string>;
}

/** Per-username lock-out state, shared by every instance. */
export interface LoginThrottleTable {
  name_key: string;
  failures: number;
  locked_until: number;
  updated_at: number;
}

export interface SettingsTable {
  key: string;
  /** JSON value. */
  value: string;
  updated_at: number;
}

export interface AuthProvidersTable {
  id: string;
  /** `[a-z0-9-]`, unique: the `op` a RustDesk client sends. */
  name: string;
  type: string;
  display_name: string;
  /** Sanitised SVG, only ever rendered as an image. */
  icon: string;
  enabled: number;
  position: number;
  client_id: string;
  /** Sealed with the secret box (AES-256-GCM); '' when none. */
  client_secret: string;
  issuer: string;
  tenant_id: string;
  scopes: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string;
  jwks_uri: string;
  token_endpoint_auth_method: string;
  id_token_signed_response_alg: string;
  response_mode: string;
  response_type: string;
  allow_insecure_http: number;
  /** Generic OAuth 2: the userinfo field that names a person for good; '' = the type's. */
  subject_field: Generated<string>;
  /** The longest a client token from this provider lives, in days; 0 = DESKGATE_TOKEN_TTL_DAYS. */
  token_ttl_days: Generated<number>;
  /** The longest a console session from this provider lives, in hours; 0 = the global setting. */
  session_ttl_hours: Generated<number>;
  /** How often a person with a refresh token is checked again at the provider, in minutes; 0 = never. */
  revalidate_minutes: Generated<number>;
  /** JSON provisioning policy. */
  policy: string;
  created_at: number;
  updated_at: number;
}

export interface SignInTransactionsTable {
  state: string;
  nonce: string;
  code_verifier: string;
  provider_id: string;
  expected_issuer: string;
  redirect_uri: string;
  /** `console` or `client`. */
  purpose: string;
  return_to: string;
  client_sign_in_id: string | null;
  /** SHA-256 of the cookie that ties the transaction to the browser that started it. */
  browser_binding: string;
  created_at: number;
  expires_at: number;
}

export interface ClientSignInsTable {
  id: string;
  code_hash: string;
  provider_id: string;
  device_id: string;
  device_uuid: string;
  device_info: string;
  ip: string;
  /** `pending`, `awaiting_confirmation`, `approved`, `denied` or `failed`; deleted once its token is collected. */
  status: string;
  user_id: string | null;
  error: string;
  confirm_token: string;
  created_at: number;
  expires_at: number;
  /** The provider's session id (`sid`) once the browser leg succeeded, for the token; '' when none. */
  sso_sid: Generated<string>;
}

/**
 * A person's link to the provider that vouched for them: unique by (provider_id, subject), so an
 * identity is only ever reached through that provider (DESIGN.md "Sign-in design"). Deleted
 * with its provider.
 */
export interface UserIdentitiesTable {
  id: string;
  user_id: string;
  provider_id: string;
  /** The verified issuer at linking; an OIDC sign-in must present the same one. */
  issuer: string;
  /** The provider's stable subject (`sub`; GitHub's numeric `id`). */
  subject: string;
  email: string;
  created_at: number;
  last_sign_in_at: number;
  /** Entra ID: the tenant (`tid`) and object id (`oid`) that name the person across app registrations; '' elsewhere. */
  tenant_id: Generated<string>;
  object_id: Generated<string>;
  /** The provider's refresh token, sealed with the secret box; '' when none. */
  refresh_token: Generated<string>;
  /** When the person was last checked at the provider with it (ms); 0 = never. */
  revalidated_at: Generated<number>;
}

/** RustDesk devices (migration 0010): one per id, bound to its first uuid. */
export interface DevicesTable {
  id: string;
  uuid: string;
  hostname: Generated<string>;
  username: Generated<string>;
  os: Generated<string>;
  cpu: Generated<string>;
  memory: Generated<string>;
  version: Generated<string>;
  ver: Generated<number>;
  user_id: string | null;
  group_id: string | null;
  alias: Generated<string>;
  note: Generated<string>;
  enabled: Generated<number>;
  /** JSON array of connection ids. */
  conns: Generated<string>;
  strategy_modified_at: Generated<number>;
  sysinfo_at: Generated<number>;
  last_online_at: Generated<number>;
  created_at: number;
  updated_at: number;
  /** Migration 0022: the registered Ed25519 public key (base64), '' when none; 0/1 admission flags. */
  pk: Generated<string>;
  approved: Generated<number>;
  deployed: Generated<number>;
}

export interface DeviceGroupsTable {
  id: string;
  name: string;
  /** Lower-cased name: unique. */
  name_key: string;
  note: Generated<string>;
  created_at: number;
  updated_at: number;
}

/** Connections an administrator closed, until the device's next heartbeat carries them. */
export interface DeviceDisconnectsTable {
  device_id: string;
  conn_id: number;
  created_at: number;
}

export interface DeviceGroupAccessTable {
  device_group_id: string;
  user_group_id: string;
}

export interface UserGroupAccessTable {
  user_group_id: string;
  target_group_id: string;
}

export interface DeviceAuditTable {
  id: string;
  created_at: number;
  /** `conn`, `file` or `alarm`. */
  kind: string;
  device_id: string;
  device_uuid: string;
  conn_id: number;
  /** Connection type (0 remote … 4 terminal), file direction, or alarm `typ`; -1 when none. */
  type: number;
  action: string;
  ip: string;
  /** JSON object. */
  info: string;
  /** The client's u64 session id as decimal text; '' until known. */
  session_id: Generated<string>;
  peer_id: Generated<string>;
  peer_name: Generated<string>;
  note: Generated<string>;
  authorized_at: Generated<number>;
  closed_at: Generated<number>;
  /** Migration 0022: `client` (posted by a device) or `server` (deskgate's own punch/relay record). */
  source: Generated<string>;
}

export interface DeviceAuditNoncesTable {
  device_id: string;
  nonce: string;
  created_at: number;
}

/** Address books (migration 0015): a person's personal book, or a shared one. */
export interface AddressBooksTable {
  id: string;
  /** What clients and scripts name the book by. */
  guid: string;
  /** `personal` or `shared`. */
  kind: string;
  owner_id: string;
  name: string;
  /** Lower-cased name: unique per owner and kind. */
  name_key: string;
  note: Generated<string>;
  /** A shared book's default password, sealed with the secret box; null when none. */
  password: string | null;
  accept_presets: Generated<number>;
  /** Counts the changes to the book's peers and tags: a page read at one revision stays right until the next. */
  revision: Generated<number>;
  created_at: number;
  updated_at: number;
}

/** Who may use a shared book, and how far. */
export interface AddressBookRulesTable {
  id: string;
  guid: string;
  book_id: string;
  /** `user:<id>`, `group:<id>` or `everyone`: unique per book. */
  subject: string;
  user_id: string | null;
  group_id: string | null;
  /** 1 read-only, 2 read/write, 3 full control. */
  rule: number;
  created_at: number;
  updated_at: number;
}

export interface AddressBookPeersTable {
  book_id: string;
  /** The RustDesk id. */
  peer_id: string;
  /** A personal book's saved password hash, sealed; '' when none. */
  hash: Generated<string>;
  /** A shared book's password for the peer, sealed; '' when none. */
  password: Generated<string>;
  username: Generated<string>;
  hostname: Generated<string>;
  platform: Generated<string>;
  alias: Generated<string>;
  /** JSON array of tag names. */
  tags: Generated<string>;
  force_always_relay: Generated<number>;
  rdp_port: Generated<string>;
  rdp_username: Generated<string>;
  login_name: Generated<string>;
  device_group_name: Generated<string>;
  note: Generated<string>;
  /** 0/1, or null when unknown. */
  same_server: number | null;
  created_at: number;
  updated_at: number;
  /** When it went to the recycle bin; null while in the book. */
  deleted_at: number | null;
}

export interface AddressBookTagsTable {
  book_id: string;
  name: string;
  /** ARGB32. */
  color: number;
  created_at: number;
}

/** A named lease: periodic work one instance at a time does (store/leases.ts). */
export interface LeasesTable {
  name: string;
  /** A random id per process. */
  holder: string;
  expires_at: number;
}

export interface Database {
  auth_providers: AuthProvidersTable;
  sign_in_transactions: SignInTransactionsTable;
  client_sign_ins: ClientSignInsTable;
  user_identities: UserIdentitiesTable;
  users: UsersTable;
  user_groups: UserGroupsTable;
  user_group_members: UserGroupMembersTable;
  access_tokens: AccessTokensTable;
  api_tokens: ApiTokensTable;
  console_sessions: ConsoleSessionsTable;
  logout_token_jtis: LogoutTokenJtisTable;
  console_audit: ConsoleAuditTable;
  login_failures: LoginFailuresTable;
  login_throttle: LoginThrottleTable;
  settings: SettingsTable;
  devices: DevicesTable;
  device_groups: DeviceGroupsTable;
  device_disconnects: DeviceDisconnectsTable;
  device_audit: DeviceAuditTable;
  device_audit_nonces: DeviceAuditNoncesTable;
  device_group_access: DeviceGroupAccessTable;
  user_group_access: UserGroupAccessTable;
  leases: LeasesTable;
  address_books: AddressBooksTable;
  address_book_rules: AddressBookRulesTable;
  address_book_peers: AddressBookPeersTable;
  address_book_tags: AddressBookTagsTable;
  user_totp: UserTotpTable;
  user_backup_codes: UserBackupCodesTable;
  two_factor_challenges: TwoFactorChallengesTable;
  two_factor_requirements: TwoFactorRequirementsTable;
  ldap_links: LdapLinksTable;
  trusted_devices: TrustedDevicesTable;
  email_login_verification: EmailLoginVerificationTable;
  invitations: InvitationsTable;
  invitation_groups: InvitationGroupsTable;
  password_resets: PasswordResetsTable;
  strategies: StrategiesTable;
  device_strategies: DeviceStrategiesTable;
  user_strategies: UserStrategiesTable;
  device_group_strategies: DeviceGroupStrategiesTable;
}

/** A strategy (migration 0026): client options pushed with the heartbeat answer. */
export interface StrategiesTable {
  id: string;
  name: string;
  /** Lower-cased name: unique. */
  name_key: string;
  note: Generated<string>;
  enabled: Generated<number>;
  is_default: Generated<number>;
  /** JSON object: client option key to value. */
  options: Generated<string>;
  /** Changes with the options and with who the strategy is for: what devices echo as `modified_at`. */
  revision: number;
  created_at: number;
  updated_at: number;
}

/** Which strategy a device is given before its owner's or group's (migration 0026). */
export interface DeviceStrategiesTable {
  device_id: string;
  strategy_id: string;
}

/** Which strategy a person's devices are given, before their device groups' (migration 0026). */
export interface UserStrategiesTable {
  user_id: string;
  strategy_id: string;
}

/** Which strategy a device group's devices are given (migration 0026). */
export interface DeviceGroupStrategiesTable {
  group_id: string;
  strategy_id: string;
}

/** A deskgate account's link to its LDAP / Active Directory entry by the entry's stable id (migration 0020). */
export interface LdapLinksTable {
  user_id: string;
  directory_id: string;
  dn: string;
  created_at: number;
  last_sign_in_at: number;
}

/** A pending invitation by e-mail (migration 0019); `email_key` is the address in lower case. */
export interface InvitationsTable {
  id: string;
  email: string;
  email_key: string;
  name: Generated<string>;
  token_hash: string;
  invited_by: Generated<string>;
  created_at: number;
  sent_at: number;
  expires_at: number;
  /** 1: the account it makes is an administrator (migration 0024). */
  is_admin: Generated<number>;
}

/** The user groups an invitation's account will be in (migration 0024); none: the Default group. */
export interface InvitationGroupsTable {
  invitation_id: string;
  group_id: string;
}

/** A password-reset link sent by e-mail (migration 0019); `used_at` null until used. */
export interface PasswordResetsTable {
  token_hash: string;
  user_id: string;
  ip: Generated<string>;
  created_at: number;
  expires_at: number;
  used_at: number | null;
}

/** Who must use two-factor sign-in: a user or a user group's members (one of the two ids set). */
export interface TwoFactorRequirementsTable {
  subject: string;
  user_id: string | null;
  group_id: string | null;
  created_at: number;
}

/** A user's TOTP enrolment (migration 0017); `secret` sealed, `confirmed_at` null until confirmed. */
export interface UserTotpTable {
  user_id: string;
  secret: string;
  confirmed_at: number | null;
  last_step: Generated<number>;
  created_at: number;
  updated_at: number;
}

/** Single-use backup codes, as SHA-256 hashes. */
export interface UserBackupCodesTable {
  user_id: string;
  code_hash: string;
  used_at: number | null;
  created_at: number;
}

/** The pending second step of a password sign-in; `secret_hash` the SHA-256 of the opaque secret. */
export interface TwoFactorChallengesTable {
  secret_hash: string;
  user_id: string;
  channel: string;
  device_id: Generated<string>;
  device_uuid: Generated<string>;
  attempts: Generated<number>;
  created_at: number;
  expires_at: number;
  /** Migration 0018: `code`, `enrol` or `email`; the single sign-on it follows; an e-mailed code's hash. */
  purpose: Generated<string>;
  sso_provider_id: Generated<string>;
  sso_sid: Generated<string>;
  code_hash: Generated<string>;
  /** Migration 0025: the single sign-on's ID token, sealed, for the session's logout hint; '' for none. */
  sso_id_token: Generated<string>;
}

/** A device that skips the second step for a while (migration 0018); `token_hash` for a browser's trust cookie. */
export interface TrustedDevicesTable {
  id: string;
  user_id: string;
  kind: string;
  device_id: Generated<string>;
  device_uuid: Generated<string>;
  token_hash: Generated<string>;
  label: Generated<string>;
  password_mark: string;
  created_at: number;
  expires_at: number;
}

/** People who turned on e-mail login verification (migration 0018). */
export interface EmailLoginVerificationTable {
  user_id: string;
  created_at: number;
}

export type UserRow = Selectable<UsersTable>;
export type StrategyRow = Selectable<StrategiesTable>;
export type UserUpdate = Updateable<UsersTable>;
export type GroupRow = Selectable<UserGroupsTable>;
export type AccessTokenRow = Selectable<AccessTokensTable>;
export type ApiTokenRow = Selectable<ApiTokensTable>;
export type ConsoleSessionRow = Selectable<ConsoleSessionsTable>;
export type AuditRow = Selectable<ConsoleAuditTable>;
export type LoginFailureRow = Selectable<LoginFailuresTable>;
export type NewLoginFailureRow = Insertable<LoginFailuresTable>;
export type AuthProviderRow = Selectable<AuthProvidersTable>;
export type SignInTransactionRow = Selectable<SignInTransactionsTable>;
export type ClientSignInRow = Selectable<ClientSignInsTable>;
export type UserIdentityRow = Selectable<UserIdentitiesTable>;
export type DeviceRow = Selectable<DevicesTable>;
export type DeviceGroupRow = Selectable<DeviceGroupsTable>;
export type DeviceAuditRow = Selectable<DeviceAuditTable>;
export type AddressBookRow = Selectable<AddressBooksTable>;
export type AddressBookRuleRow = Selectable<AddressBookRulesTable>;
export type AddressBookPeerRow = Selectable<AddressBookPeersTable>;
