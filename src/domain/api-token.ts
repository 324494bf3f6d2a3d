import { Type, type Static } from 'typebox';

/**
 * A token for scripts and the admin API (`deskgate token create`, Settings → Tokens). Only the
 * SHA-256 of its secret is kept; `ApiTokenInfo` is all of it that is ever shown.
 */

const NullableMillis = Type.Union([Type.Integer(), Type.Null()]);

/** A token's description; the token itself appears only when it is created, once. */
export const ApiTokenInfo = Type.Object({
  id: Type.String(),
  name: Type.String(),
  /** `admin`, or `<area>:read` / `<area>:write`. */
  scopes: Type.Array(Type.String()),
  created_by: Type.String(),
  created_at: Type.Integer(),
  last_used_at: NullableMillis,
  expires_at: NullableMillis,
  revoked_at: NullableMillis,
});
export type ApiTokenInfo = Static<typeof ApiTokenInfo>;

export interface ApiToken extends ApiTokenInfo {
  /** SHA-256 of the token, hex. */
  token_hash: string;
}
