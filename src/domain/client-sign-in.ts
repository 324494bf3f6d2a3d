/**
 * A RustDesk client's single sign-on under way (spec/rustdesk-client-api.md §4.6), from
 * POST /api/oidc/auth until the client collects its token; only the poll code's hash is kept.
 */
export interface ClientSignIn {
  id: string;
  code_hash: string;
  provider_id: string;
  device_id: string;
  device_uuid: string;
  /** The device information the client reported, as JSON text (`{os, type, name}`). */
  device_info: string;
  ip: string;
  /** `pending`, `awaiting_confirmation`, `approved`, `denied` or `failed`. */
  status: string;
  /** Who signed in, once someone has. */
  user_id: string | null;
  /** Why it failed, shown to the client. */
  error: string;
  /** SHA-256 of the token the confirmation page posts back; '' when none is due. */
  confirm_token: string;
  /** The provider's session id (`sid`) once the browser leg succeeded; '' when none. */
  sso_sid: string;
  created_at: number;
  expires_at: number;
}
