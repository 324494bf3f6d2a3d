/** A console sign-in: an opaque cookie (only its SHA-256 is kept) and its CSRF token. */
export interface ConsoleSession {
  id: string;
  /** SHA-256 of the cookie value, hex. */
  token_hash: string;
  csrf_token: string;
  user_id: string;
  /** The longer absolute lifetime and a persistent cookie. */
  remember: boolean;
  ip: string;
  user_agent: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  revoked_at: number | null;
  /** The provider a single sign-on session came through; '' for a password sign-in. */
  sso_provider_id: string;
  /** The provider's session id (the ID token's `sid`), or ''. */
  sso_sid: string;
}
