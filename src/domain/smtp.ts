import { Type, type Static, type TObject, type TSchema } from 'typebox';

/**
 * The outgoing mail server (Settings → SMTP), declared once: the admin API's schemas, the mail
 * service and the console's form take their fields, limits and defaults from here.
 */

/** `tls`: TLS from the first byte (port 465); `starttls`: plain, then STARTTLS, required (587); `none`: plain text (a local relay). */
export const SMTP_SECURITY = ['tls', 'starttls', 'none'] as const;
export type SmtpSecurity = (typeof SMTP_SECURITY)[number];

const oneOf = <T extends string>(values: readonly T[], options: { default: T; description?: string }) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });

/** PostgreSQL refuses U+0000 in text, and no field here has a use for one. */
const NO_NUL = '^[^\\u0000]*$';

export const smtpFields = {
  host: Type.String({ maxLength: 253, pattern: NO_NUL, default: '', description: 'The mail server’s host name or IP address; empty: e-mail is off' }),
  port: Type.Integer({ minimum: 1, maximum: 65535, default: 587, description: '587 for STARTTLS, 465 for implicit TLS, 25 for a local relay' }),
  security: oneOf(SMTP_SECURITY, {
    default: 'starttls',
    description: 'tls: TLS from the start (465); starttls: upgrade with STARTTLS, refused if the server does not offer it (587); none: plain text, for a relay on the same host or network',
  }),
  username: Type.String({ maxLength: 256, pattern: NO_NUL, default: '', description: 'Signs in to the server when set; empty: no authentication (and the password is dropped)' }),
  from: Type.String({ maxLength: 320, pattern: NO_NUL, default: '', description: 'The sender: an address, or "Name <address>"' }),
  ca_pem: Type.String({
    maxLength: 65536,
    pattern: NO_NUL,
    default: '',
    description: 'PEM certificates of a private CA trusted for the server’s certificate, besides the public ones; empty: the public CAs only',
  }),
  timeout_seconds: Type.Integer({ minimum: 1, maximum: 300, default: 30, description: 'How long to wait for the server to connect, greet and answer' }),
};
export type SmtpFields = Static<TObject<typeof smtpFields>>;
export type SmtpFieldKey = keyof SmtpFields;
export const SMTP_FIELD_KEYS = Object.keys(smtpFields) as SmtpFieldKey[];

function withoutDefault<T extends TSchema>(schema: T): T {
  const { default: _default, ...rest } = schema as T & { default?: unknown };
  return rest as T;
}

/** The admin view: every field, and whether a password is kept (never the password). */
export const SmtpSettings = Type.Object({
  ...(Object.fromEntries(SMTP_FIELD_KEYS.map((key) => [key, withoutDefault(smtpFields[key])])) as typeof smtpFields),
  has_password: Type.Boolean(),
  configured: Type.Boolean({ description: 'A host and a From address are set: deskgate can send e-mail' }),
});
export type SmtpSettings = Static<typeof SmtpSettings>;

/** A change: any subset of the fields; the password is write-only (absent or empty: unchanged). */
export const SmtpInput = Type.Object({
  ...(Object.fromEntries(SMTP_FIELD_KEYS.map((key) => [key, Type.Optional(withoutDefault(smtpFields[key]))])) as {
    [K in SmtpFieldKey]: ReturnType<typeof Type.Optional<(typeof smtpFields)[K]>>;
  }),
  password: Type.Optional(Type.String({ maxLength: 1024, description: 'Write-only; absent or empty: unchanged' })),
});
export type SmtpInput = Static<typeof SmtpInput>;

/** As stored (settings key `smtp`): the password sealed, '' when none. */
export type StoredSmtp = SmtpFields & { password: string };

export function defaultSmtp(): SmtpFields {
  return Object.fromEntries(SMTP_FIELD_KEYS.map((key) => [key, (smtpFields[key] as unknown as { default: unknown }).default])) as SmtpFields;
}

/** A message to send: plain text always, HTML optionally. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}
