import { Type, type Static } from 'typebox';

/** A password sign-in (console or RustDesk /api/login), or a single sign-on through a provider. */
export const SIGN_IN_KINDS = ['password', 'sso'] as const;
export type SignInKind = (typeof SIGN_IN_KINDS)[number];

export const SignInKindSchema = Type.Unsafe<SignInKind>({ type: 'string', enum: [...SIGN_IN_KINDS] });

/** One failed sign-in, as the log of failed sign-ins (Logs → Failed sign-ins) shows it. */
export const SignInFailure = Type.Object({
  id: Type.String(),
  created_at: Type.Integer(),
  ip: Type.String(),
  name: Type.String({ description: 'The name that was tried, or who the provider vouched for; may be empty for single sign-on' }),
  reason: Type.String({
    description:
      'A code, never shown as it is: for passwords bad_credentials, bad_credentials_locked, locked, rate_limited, disabled (with LDAP also ldap_unavailable, ldap_no_account, ldap_name_taken); for links from e-mails invalid_invitation_link, invalid_reset_link; for single sign-on the error code (oidc.discovery_failed, oidc.provider_error, oidc.user_cap …)',
  }),
  channel: Type.String({ description: '`client` (RustDesk) or `console`' }),
  kind: SignInKindSchema,
  provider_id: Type.String({ description: 'The provider of a single sign-on failure; empty for passwords or an unknown provider' }),
  provider_name: Type.String({ description: 'The provider’s name when it failed (or the name a client asked for)' }),
  detail: Type.String({ description: 'For administrators: the provider’s own error text, or which check failed; may be empty' }),
});
export type SignInFailure = Static<typeof SignInFailure>;

/** What a new record must say; the kind is `password` and the provider fields empty unless given. */
export type NewSignInFailure = Omit<SignInFailure, 'kind' | 'provider_id' | 'provider_name' | 'detail'> &
  Partial<Pick<SignInFailure, 'kind' | 'provider_id' | 'provider_name' | 'detail'>>;

export interface SignInFailureFilter {
  kind?: SignInKind | undefined;
  providerId?: string | undefined;
}

/**
 * Single sign-on refusals that say nothing about whether the provider works: the person (or
 * deskgate's own policy) said no. They are in the log, but never a provider's last error.
 */
export const NOT_PROVIDER_FAULTS: readonly string[] = [
  'oidc.client_denied',
  'oidc.user_disabled',
  'oidc.client_user_disabled',
  'oidc.no_account',
  'oidc.user_cap',
  'oidc.tenant_not_allowed',
  'oidc.domain_not_allowed',
  'oidc.org_not_allowed',
  'oidc.too_many_pending',
  'provider.not_found',
];
