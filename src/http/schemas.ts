import { Type, type TSchema } from 'typebox';

/** Shapes shared by the console session, account and admin APIs. */

export const ApiError = Type.Object({ error: Type.String(), code: Type.Optional(Type.String()) });

export const GroupRef = Type.Object({ id: Type.String(), name: Type.String() });

export const ConsoleUser = Type.Object({
  id: Type.String(),
  name: Type.String(),
  display_name: Type.String(),
  email: Type.String(),
  note: Type.String(),
  status: Type.Integer({ description: '1 normal, 0 disabled, -1 unverified' }),
  is_admin: Type.Boolean(),
  has_password: Type.Boolean(),
  ldap: Type.Boolean({ description: 'Signs in with its LDAP / Active Directory password; it cannot have a local one' }),
  groups: Type.Array(GroupRef),
  created_at: Type.Integer({ description: 'milliseconds since the epoch' }),
  updated_at: Type.Integer(),
});

/** Lists page with `current` (1-based) and `pageSize`, and answer `{total, data}`. */
export const PageQuery = {
  current: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 20 })),
};

export function PageOf<T extends TSchema>(item: T) {
  return Type.Object({ total: Type.Integer(), data: Type.Array(item) });
}

export function pageOf(query: { current?: number | undefined; pageSize?: number | undefined }) {
  return { current: query.current ?? 1, pageSize: query.pageSize ?? 20 };
}

/** Ids are random UUIDs; anything else cannot name a row, so it is refused before any query. */
export const Id = Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' });

export const IdParams = Type.Object({ id: Id });

// PostgreSQL refuses U+0000 in text: without this, a NUL in any field would be a 500.
const NO_NUL = '^[^\\u0000]*$';

/** Free text up to `maxLength` characters. */
export function Text(maxLength: number, options: { minLength?: number; description?: string } = {}) {
  return Type.String({ maxLength, pattern: NO_NUL, ...options });
}

/** An e-mail address, or '' for none (checked loosely: the address is shown, never mailed to yet). */
export const Email = Type.String({ maxLength: 254, pattern: '^$|^[^\\s@\\u0000]+@[^\\s@\\u0000]+$' });

export const SessionInfo = Type.Object({
  id: Type.String(),
  ip: Type.String(),
  user_agent: Type.String(),
  remember: Type.Boolean(),
  created_at: Type.Integer(),
  last_seen_at: Type.Integer(),
  expires_at: Type.Integer(),
  current: Type.Optional(Type.Boolean()),
});

export const DeviceTokenInfo = Type.Object({
  id: Type.String(),
  device_id: Type.String(),
  device_uuid: Type.String(),
  device_info: Type.Object({
    os: Type.Optional(Type.String()),
    type: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
  }),
  ip: Type.String(),
  created_at: Type.Integer(),
  last_used_at: Type.Integer(),
  expires_at: Type.Integer(),
});
