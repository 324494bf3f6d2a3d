import type { ProviderSettings, ProviderType } from '../domain/auth-provider.js';

/**
 * What each provider type presets. Admins paste a client id, a secret and an issuer; the
 * type fills in what it can (the Azure tenant makes the issuer, GitHub needs no issuer at all).
 */
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

/** The tenant of personal Microsoft accounts (spec/oidc-rp.md §2.1, §2.3: its `tid`). */
export const PERSONAL_ACCOUNTS_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';
/** Entra's `tid` claim is always a tenant GUID; allow-lists hold those, never domain names. */
export const TENANT_GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A Google Workspace domain as the `hd` claim carries it: a host name, no scheme, no `@`. */
export const EMAIL_DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/i;

/** Hosts of Entra ID's authorities (public cloud, US Government, China). */
export const MICROSOFT_HOSTS: ReadonlySet<string> = new Set(['login.microsoftonline.com', 'login.microsoftonline.us', 'login.partner.microsoftonline.cn', 'login.windows.net']);
/** Authorities that accept any work or school tenant (and, for `common`, personal accounts). */
const MULTI_TENANT = new Set(['common', 'organizations', '{tenantid}']);
/** Where anyone can make an account and deskgate has no filter for it. */
const OPEN_HOSTS = new Set(['gitlab.com']);
/** github.com, where anyone can make an account: narrowed by organisation (`allowed_orgs`). */
const GITHUB_HOSTS = new Set(['github.com', 'api.github.com']);
/**
 * A GitHub login (user or organisation): letters, digits and single hyphens, neither first nor
 * last, at most 39 characters. Organisations are compared without regard to case, as GitHub does.
 */
export const GITHUB_LOGIN = /^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){0,38}$/i;
/** GitHub scopes that let an OAuth app read a person's organisation membership (`GET /user/orgs`). */
const ORG_READ_SCOPES = ['read:org', 'write:org', 'admin:org'];

/**
 * Who a provider lets in before deskgate's own policy applies (DESIGN.md "Sign-in design"):
 * - `directory`: one organisation's directory (a tenant GUID or domain, Okta, Keycloak …);
 * - `tenants`: any Entra tenant (`common`, `organizations`), narrowed by `allowed_tenants`;
 * - `domains`: anyone with a Google account, narrowed by `allowed_email_domains` (`hd`);
 * - `orgs`: anyone with a github.com account, narrowed by `allowed_orgs` (organisation logins);
 * - `anyone`: anyone at all (Entra `consumers`, gitlab.com): there is nothing to narrow it by.
 */
export type Audience = 'directory' | 'tenants' | 'domains' | 'orgs' | 'anyone';

/** Which allow-list fields a provider can use: Entra tenants, Google domains, GitHub organisations, or none. */
export type Family = 'entra' | 'google' | 'github' | 'other';

/** What decides a provider's audience: its type and where it points. */
export type AudienceInput = Pick<ProviderSettings, 'issuer' | 'tenant_id' | 'authorization_endpoint' | 'token_endpoint' | 'userinfo_endpoint'> & {
  type: string;
};

/** Hosts of the few URLs providers are set up with: asked several times in every sign-in. */
const hosts = new Map<string, string>();

function hostOf(value: string): string {
  // An endpoint left to discovery is empty: a URL that fails to parse costs a thrown error.
  if (!value) return '';
  let host = hosts.get(value);
  if (host === undefined) {
    host = URL.canParse(value) ? new URL(value).hostname.toLowerCase() : '';
    if (hosts.size >= 1_000) hosts.clear();
    hosts.set(value, host);
  }
  return host;
}

/** The tenant segment of a Microsoft authority URL (`/organizations/v2.0` → `organizations`). */
function microsoftTenant(issuer: string): string | undefined {
  if (!MICROSOFT_HOSTS.has(hostOf(issuer))) return undefined;
  const segment = new URL(issuer).pathname.split('/')[1] ?? '';
  try {
    return decodeURIComponent(segment).toLowerCase();
  } catch {
    return segment.toLowerCase();
  }
}

/** Where a provider points: its issuer and endpoints. */
const endpointHosts = (provider: Omit<AudienceInput, 'tenant_id'>) =>
  [provider.issuer, provider.authorization_endpoint, provider.token_endpoint, provider.userinfo_endpoint].map(hostOf);

/**
 * By type or by where it points: a "Custom OIDC" provider at Microsoft or Google is one too, and
 * a generic OAuth 2 provider at github.com is GitHub (GitHub Enterprise Server: the github type).
 */
export function familyOf(provider: Omit<AudienceInput, 'tenant_id'>): Family {
  if (provider.type === 'azure' || microsoftTenant(provider.issuer) !== undefined) return 'entra';
  if (provider.type === 'google' || hostOf(provider.issuer) === 'accounts.google.com') return 'google';
  if (provider.type === 'github' || endpointHosts(provider).some((h) => GITHUB_HOSTS.has(h))) return 'github';
  return 'other';
}

/**
 * Who may get an account at the provider, judged from its type, tenant and endpoints. With two
 * tenants to go by (the tenant id and the issuer typed in), the wider one counts.
 */
export function audienceOf(provider: AudienceInput): Audience {
  const family = familyOf(provider);
  if (family === 'entra') {
    const tenants = [provider.type === 'azure' ? provider.tenant_id.toLowerCase() : '', microsoftTenant(provider.issuer) ?? ''];
    if (tenants.some((t) => t === 'consumers' || t === PERSONAL_ACCOUNTS_TENANT)) return 'anyone';
    if (tenants.some((t) => MULTI_TENANT.has(t))) return 'tenants';
    return 'directory';
  }
  if (family === 'google') return 'domains';
  // By host, not type: the GitHub and GitLab presets point at github.com and gitlab.com (open to
  // anyone); a company's own GitHub Enterprise Server or GitLab is its own directory.
  const hosts = endpointHosts(provider);
  if (hosts.some((h) => GITHUB_HOSTS.has(h))) return 'orgs';
  if (hosts.some((h) => OPEN_HOSTS.has(h))) return 'anyone';
  return 'directory';
}

/** What a provider's policy says about who may sign in (the fields of ProviderPolicy involved). */
export interface AudiencePolicy {
  allowed_tenants: readonly string[];
  allowed_email_domains: readonly string[];
  /** GitHub organisation logins; absent reads as none. */
  allowed_orgs?: readonly string[];
  allow_anyone: boolean;
}

/**
 * The policy field an open provider still needs before it may be turned on, or '' when none:
 * `tenants` needs allowed tenants or "anyone", `domains` allowed domains or "anyone", `orgs`
 * allowed organisations or "anyone", `anyone` the explicit "anyone" (nothing narrows it).
 */
export function missingPolicy(
  audience: Audience,
  policy: AudiencePolicy,
): '' | 'allowed_tenants' | 'allowed_email_domains' | 'allowed_orgs' | 'allow_anyone' {
  if (policy.allow_anyone || audience === 'directory') return '';
  if (audience === 'tenants') return policy.allowed_tenants.length > 0 ? '' : 'allowed_tenants';
  if (audience === 'domains') return policy.allowed_email_domains.length > 0 ? '' : 'allowed_email_domains';
  if (audience === 'orgs') return (policy.allowed_orgs ?? []).length > 0 ? '' : 'allowed_orgs';
  return 'allow_anyone';
}

/** The scopes a provider was granted or asks for, as a set (GitHub separates them with commas). */
export function scopeSet(...lists: (string | null | undefined)[]): Set<string> {
  return new Set(lists.flatMap((list) => (list ?? '').split(/[\s,]+/)).filter((scope) => scope !== ''));
}

/** Whether these GitHub scopes let deskgate read the person's organisations. */
export function readsOrgs(scopes: ReadonlySet<string>): boolean {
  return ORG_READ_SCOPES.some((scope) => scopes.has(scope));
}

/** The policy needs the person's GitHub organisations: an organisation list, or `orgs` as the groups claim. */
export function needsOrgs(policy: { allowed_orgs?: readonly string[]; groups_claim?: string }): boolean {
  return (policy.allowed_orgs ?? []).length > 0 || policy.groups_claim?.trim() === 'orgs';
}

/**
 * OAuth 2: the userinfo field that names a person for good. Generic OAuth 2 providers take the
 * `subject_field` setting ('' = `sub`); GitHub's is always the numeric `id` (its login can change).
 */
export function subjectFieldOf(provider: { type: ProviderType; subject_field?: string }): string {
  const own = provider.type === 'oauth2' ? provider.subject_field?.trim() : '';
  return own || presets[provider.type].subjectField || 'sub';
}
