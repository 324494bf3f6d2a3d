import { Type } from 'typebox';
import { ProviderInput } from '../../domain/auth-provider.js';

/** Wire shapes of Settings → OIDC (/api/admin/oidc/*); the provider's own are in src/domain. */

export const ProviderPatch = Type.Object({
  ...ProviderInput.properties,
  unlink_identities: Type.Optional(
    Type.Boolean({
      description:
        'Needed to change type, issuer, tenant_id, an endpoint or jwks_uri while people are linked through the provider (else 409 provider.has_links): their links are deleted with the change and the audit record counts them',
    }),
  ),
});

export const OidcSettings = Type.Object({
  public_url: Type.String({ description: 'The origin saved from this page; the base of the redirect URI' }),
  redirect_uri: Type.String({ description: 'What deskgate sends providers as the redirect URI (read-only)' }),
  redirect_uri_source: Type.Union([Type.Literal('DESKGATE_PUBLIC_URL'), Type.Literal('saved'), Type.Literal('request')]),
  max_authorized_users: Type.Integer({ minimum: 0, description: 'Cap on users created by single sign-on; 0: none' }),
  confirm_client_sign_in: Type.Boolean(),
  password_login: Type.Boolean(),
});

export const Diagnostics = Type.Object({
  ok: Type.Boolean(),
  checks: Type.Array(Type.Object({ name: Type.String(), ok: Type.Boolean(), message: Type.String() })),
});

