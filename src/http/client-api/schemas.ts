import { Type, type Static } from 'typebox';

/**
 * Wire shapes the RustDesk client parses (spec/rustdesk-client-api.md). Response schemas
 * also serialise: fields they do not declare never leave the server.
 */

/** §2.3: `{os, type, name}` as the client reports it; anything else is tolerated (§12 item 27). */
export const DeviceInfo = Type.Object(
  {
    os: Type.Optional(Type.String({ maxLength: 256 })),
    type: Type.Optional(Type.String({ maxLength: 256 })),
    name: Type.Optional(Type.String({ maxLength: 256 })),
  },
  { additionalProperties: true },
);

/** §4.1 UserInfo: the Rust struct requires `info`; this is its safest full form. */
export const UserInfo = Type.Object({
  email_verification: Type.Boolean(),
  email_alarm_notification: Type.Boolean(),
  login_device_whitelist: Type.Array(
    Type.Object({ data: Type.String(), info: DeviceInfo, exp: Type.Integer({ minimum: 0 }) }),
  ),
  other: Type.Record(Type.String(), Type.String()),
});

/** §4.1 UserPayload: strict Rust serde on the OIDC path; no `null` anywhere. */
export const UserPayload = Type.Object({
  name: Type.String(),
  display_name: Type.String(),
  avatar: Type.String(),
  email: Type.String(),
  note: Type.String(),
  status: Type.Union([Type.Literal(1), Type.Literal(0), Type.Literal(-1)]),
  is_admin: Type.Boolean(),
  info: UserInfo,
  third_auth_type: Type.Optional(Type.String()),
});
export type UserPayload = Static<typeof UserPayload>;

/** §4.3 LoginRequest. Only the fields deskgate uses are checked; the rest are ignored. */
export const LoginRequest = Type.Object({
  username: Type.Optional(Type.String({ maxLength: 128 })),
  password: Type.Optional(Type.String({ maxLength: 1024 })),
  id: Type.Optional(Type.String({ maxLength: 256 })),
  uuid: Type.Optional(Type.String({ maxLength: 256 })),
  type: Type.Optional(Type.String({ maxLength: 64 })),
  deviceInfo: Type.Optional(Type.Unknown()),
  // The code step (type "email_code"): the code in both fields for TOTP (tfaCode '' from Sciter), and the echoed secret.
  verificationCode: Type.Optional(Type.String({ maxLength: 64 })),
  tfaCode: Type.Optional(Type.String({ maxLength: 64 })),
  secret: Type.Optional(Type.String({ maxLength: 256 })),
});

/** §4.1 LoginResponse / AuthBody: `access_token` and `type` always; `tfa_type`/`secret` never null. */
export const LoginResponse = Type.Object({
  access_token: Type.String(),
  type: Type.String(),
  tfa_type: Type.Optional(Type.String()),
  secret: Type.Optional(Type.String()),
  user: UserPayload,
});

export const ErrorBody = Type.Object({ error: Type.String() });

/** §4.2: a JSON array of strings. */
export const LoginOptions = Type.Array(Type.String());
