/**
 * A token handed to a RustDesk client by /api/login or single sign-on, bound to the device it was
 * issued to. Only the SHA-256 of its secret is kept.
 */
export interface AccessToken {
  id: string;
  /** SHA-256 of the token, hex. */
  token_hash: string;
  user_id: string;
  device_id: string;
  device_uuid: string;
  /** As the client reported it (`{os, type, name}`, spec/rustdesk-client-api.md §2.3); `{}` if unreadable. */
  device_info: Record<string, unknown>;
  ip: string;
  created_at: number;
  last_used_at: number;
  expires_at: number;
  revoked_at: number | null;
  /** The provider a token from single sign-on was issued through, and its session id (`sid`); '' for a password sign-in. */
  sso_provider_id: string;
  sso_sid: string;
}
