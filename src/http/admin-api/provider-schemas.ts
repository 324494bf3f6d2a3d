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

export const DiagnosticCheck = Type.Object({
  name: Type.String({ description: 'discovery, issuer, algorithm, response_type, keys, client_secret, redirect_uri; endpoints for plain OAuth 2' }),
  ok: Type.Boolean(),
  message: Type.String({ description: 'The whole finding in plain words' }),
  url: Type.Optional(Type.String({ description: 'The URL tried' })),
  got: Type.Optional(Type.String({ description: 'A failed check: what came back' })),
  fix: Type.Optional(Type.String({ description: 'A failed check: what to do' })),
});

export const Diagnostics = Type.Object({
  ok: Type.Boolean(),
  tested: Type.Union([Type.Literal('saved'), Type.Literal('unsaved')], {
    description: 'saved: the provider as stored; unsaved: with the values sent in the request (nothing was saved)',
  }),
  issuer: Type.String({ description: 'The issuer tested (plain OAuth 2: the authorization endpoint)' }),
  redirect_uri: Type.String({ description: 'What sign-in sends as the redirect URI for this page’s address: register it at the provider' }),
  checks: Type.Array(DiagnosticCheck),
});

/** The provider test's optional body: the card's current values, as a provider change (PATCH) takes them; no client_secret: the saved one. */
export const ProviderTestBody = Type.Union([ProviderInput, Type.Null()]);
