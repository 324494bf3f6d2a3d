/**
 * What each provider type presets. Admins paste a client id, a secret and an issuer; the
 * type fills in what it can (the Azure tenant makes the issuer, GitHub needs no issuer at all).
 */
export const PROVIDER_TYPES = [
  'azure',
  'google',
  'okta',
  'auth0',
  'keycloak',
  'authentik',
  'gitlab',
  'github',
  'oidc',
  'oauth2',
] as const;
export type ProviderType = (typeof PROVIDER_TYPES)[number];

export interface TypePreset {
  displayName: string;
  /** OpenID Connect (discovery, ID token) or plain OAuth 2 (userinfo URL + subject field). */
  protocol: 'oidc' | 'oauth2';
  issuer?: string;
  authorizationEndpoint?: string;
  tokenEndpoint?: string;
  userinfoEndpoint?: string;
  scopes?: string;
  /** OAuth 2 only: the userinfo field that identifies a person for good. */
  subjectField?: string;
}

export const presets: Record<ProviderType, TypePreset> = {
  azure: { displayName: 'Microsoft', protocol: 'oidc' },
  google: { displayName: 'Google', protocol: 'oidc', issuer: 'https://accounts.google.com' },
  okta: { displayName: 'Okta', protocol: 'oidc' },
  auth0: { displayName: 'Auth0', protocol: 'oidc' },
  keycloak: { displayName: 'Keycloak', protocol: 'oidc' },
  authentik: { displayName: 'Authentik', protocol: 'oidc' },
  gitlab: { displayName: 'GitLab', protocol: 'oidc', issuer: 'https://gitlab.com' },
  // GitHub is OAuth 2 only: the numeric `id` is the identity (the login name can change).
  github: {
    displayName: 'GitHub',
    protocol: 'oauth2',
    authorizationEndpoint: 'https://github.com/login/oauth/authorize',
    tokenEndpoint: 'https://github.com/login/oauth/access_token',
    userinfoEndpoint: 'https://api.github.com/user',
    scopes: 'read:user user:email',
    subjectField: 'id',
  },
  oidc: { displayName: 'Single sign-on', protocol: 'oidc' },
  oauth2: { displayName: 'Single sign-on', protocol: 'oauth2', subjectField: 'sub' },
};

/** Entra ID's v2.0 issuer for a tenant (GUID, domain, or organizations/common/consumers). */
export function azureIssuer(tenantId: string): string {
  return `https://login.microsoftonline.com/${encodeURIComponent(tenantId)}/v2.0`;
}

export const TENANT_ID = /^[A-Za-z0-9.-]{1,100}$/;
