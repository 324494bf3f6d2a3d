import { Type } from 'typebox';
import { ApiTokenInfo } from '../../domain/api-token.js';
import { ADMISSION_MODES, type AdmissionMode } from '../../domain/device.js';
import { SignInKindSchema } from '../../domain/sign-in-failure.js';
import { USER_NAME, UserStatusSchema } from '../../domain/user.js';
import { PASSWORD_MAX } from '../../services/passwords.js';
import { MAX_LOG_RETENTION_DAYS } from '../../services/settings.js';
import { Email, GroupRef, Id, PageQuery, Text } from '../schemas.js';

/** Wire shapes of /api/admin/*. Bodies are checked strictly (no type coercion, see index.ts). */

/** OpenAPI: an API token, or a console session cookie plus its CSRF token. */
export const adminSecurity: { [scheme: string]: string[] }[] = [{ apiToken: [] }, { session: [], csrf: [] }];

const GroupIds = Type.Array(Id, { maxItems: 500, description: 'Group ids; the user’s groups are replaced by these' });
const Millis = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER, description: 'milliseconds since the epoch' });

// ---- users -------------------------------------------------------------------------------

export const UserListQuery = Type.Object({
  ...PageQuery,
  search: Type.Optional(Text(128, { description: 'Part of the name, display name or e-mail' })),
  status: Type.Optional(UserStatusSchema),
  group: Type.Optional(Id),
  is_admin: Type.Optional(Type.Boolean()),
});

/** What an administrator may set on a user, at creation and later. */
const userFields = {
  display_name: Type.Optional(Text(128)),
  email: Type.Optional(Email),
  note: Type.Optional(Text(1000)),
  is_admin: Type.Optional(Type.Boolean()),
  status: Type.Optional(UserStatusSchema),
  group_ids: Type.Optional(GroupIds),
};

export const UserCreateBody = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 64, pattern: USER_NAME.source }),
  password: Type.Optional(Type.String({ maxLength: PASSWORD_MAX, description: 'None: the user signs in by SSO only' })),
  ...userFields,
});

export const UserPatchBody = Type.Object(userFields);

export const PasswordBody = Type.Object({ password: Type.String({ maxLength: PASSWORD_MAX }) });

export const SignOutReply = Type.Object({
  client_tokens: Type.Integer({ description: 'RustDesk client tokens revoked' }),
  console_sessions: Type.Integer({ description: 'Console sessions ended' }),
});

// ---- groups ------------------------------------------------------------------------------

const groupFields = {
  id: Type.String(),
  name: Type.String(),
  note: Type.String(),
  member_count: Type.Integer(),
  created_at: Type.Integer(),
  updated_at: Type.Integer(),
};

export const Group = Type.Object(groupFields);
export const GroupDetail = Type.Object({ ...groupFields, members: Type.Array(GroupRef) });

export const GroupCreateBody = Type.Object({ name: Text(64, { minLength: 1 }), note: Type.Optional(Text(1000)) });
export const GroupPatchBody = Type.Object({ name: Type.Optional(Text(64, { minLength: 1 })), note: Type.Optional(Text(1000)) });
export const MembersBody = Type.Object({
  add: Type.Optional(Type.Array(Id, { maxItems: 1000 })),
  remove: Type.Optional(Type.Array(Id, { maxItems: 1000 })),
});

// ---- API tokens --------------------------------------------------------------------------

/** A token's description (declared with the entity); the token itself appears only in TokenCreated, once. */
export { ApiTokenInfo };

export const TokenListQuery = Type.Object({ ...PageQuery, include_revoked: Type.Optional(Type.Boolean()) });

export const TokenCreateBody = Type.Object({
  name: Text(64, { minLength: 1 }),
  scopes: Type.Array(Type.String({ maxLength: 40 }), {
    minItems: 1,
    maxItems: 30,
    description: '`admin`, or `<area>:read` / `<area>:write`',
  }),
  expires_in_days: Type.Optional(Type.Integer({ minimum: 1, maximum: 3650 })),
});

export const TokenCreated = Type.Object({
  token: Type.String({ description: 'Shown this once; only its hash is kept' }),
  info: ApiTokenInfo,
});

// ---- audit -------------------------------------------------------------------------------

export { AuditRecord } from '../../domain/audit-record.js';

export const AuditQuery = Type.Object({
  ...PageQuery,
  action: Type.Optional(Text(64, { description: '`user.create`, or a prefix ending in a dot: `user.`' })),
  actor: Type.Optional(Text(128, { description: 'The actor’s name, exactly' })),
  target: Type.Optional(Text(128, { description: 'Part of the target’s name' })),
  from: Type.Optional(Millis),
  to: Type.Optional(Millis),
});

export { SignInFailure } from '../../domain/sign-in-failure.js';

export const SignInFailureQuery = Type.Object({
  ...PageQuery,
  kind: Type.Optional(SignInKindSchema),
  provider_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$', description: 'Only failures through this provider' })),
});

// ---- settings ----------------------------------------------------------------------------

const acceptDevicePresets = Type.Boolean({
  description: 'Apply the preset-* options (owner, device group, note) in a new device’s first sysinfo; they are unauthenticated, so off by default',
});
const logRetentionDays = Type.Integer({
  minimum: 0,
  maximum: MAX_LOG_RETENTION_DAYS,
  description: 'Days to keep device audit records, the console audit and failed sign-ins; 0 keeps them forever',
});
const maxPeerOneAb = Type.Integer({
  minimum: 0,
  // As services/settings.ts accepts it.
  maximum: 1_000_000,
  description: 'The most peers one address book holds (RustDesk clients enforce it too); 0 for no limit',
});
const loginRequired = Type.Boolean({
  description: 'Only signed-in people can connect: punch and relay requests without a RustDesk client token are refused',
});
const admission = Type.Unsafe<AdmissionMode>({
  type: 'string',
  enum: [...ADMISSION_MODES],
  description:
    'off: any device registers and can be reached; deployment: only devices deployed with rustdesk --deploy (or known before) register, others are told NOT_DEPLOYED; approval: new devices register but nobody can connect to them until an administrator approves them',
});
export const Settings = Type.Object({
  password_login: Type.Boolean(),
  accept_device_presets: acceptDevicePresets,
  log_retention_days: logRetentionDays,
  max_peer_one_ab: maxPeerOneAb,
  'rendezvous.login_required': loginRequired,
  'rendezvous.admission': admission,
});
export const SettingsBody = Type.Object({
  password_login: Type.Optional(Type.Boolean()),
  accept_device_presets: Type.Optional(acceptDevicePresets),
  log_retention_days: Type.Optional(logRetentionDays),
  max_peer_one_ab: Type.Optional(maxPeerOneAb),
  'rendezvous.login_required': Type.Optional(loginRequired),
  'rendezvous.admission': Type.Optional(admission),
});
