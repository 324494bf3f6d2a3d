import { AppError } from '../errors.js';
import {
  EMAIL_DOMAIN,
  GITHUB_LOGIN,
  TENANT_GUID,
  audienceOf,
  familyOf,
  missingPolicy,
  type AudienceInput,
  type AudiencePolicy,
} from '../oidc/provider-types.js';

/** At most this many tenants, domains or organisations per provider: a list, not a directory. */
const MAX_ENTRIES = 100;

/** The part of a provider's policy that decides who may sign in through it at all. */
export interface AudienceFields {
  allowed_tenants: string[];
  allowed_email_domains: string[];
  /** GitHub organisation logins; absent reads as none. */
  allowed_orgs?: string[];
  allow_anyone: boolean;
}

const invalid = (message: string) => new AppError('provider.invalid', { message });

function cleanList(field: string, values: readonly string[], pattern: RegExp, what: string): string[] {
  const cleaned = [...new Set(values.map((v) => v.trim().toLowerCase()).filter((v) => v !== ''))];
  if (cleaned.length > MAX_ENTRIES) throw invalid(`policy.${field} holds at most ${MAX_ENTRIES} entries`);
  if (cleaned.some((v) => !pattern.test(v))) throw invalid(`policy.${field} must list ${what}`);
  return cleaned;
}

/** What an administrator reads when an open provider lacks its allow-list. */
function whyRequired(provider: AudienceInput, field: string): string {
  const family = familyOf(provider);
  if (field === 'allowed_tenants') {
    return 'policy.allowed_tenants or policy.allow_anyone is required: this Microsoft authority (common or organizations) lets people of any Entra tenant sign in; list the tenant ids allowed, or allow anyone';
  }
  if (field === 'allowed_email_domains') {
    return 'policy.allowed_email_domains or policy.allow_anyone is required: anyone with a Google account could sign in; list the Google Workspace domains allowed, or allow anyone';
  }
  if (field === 'allowed_orgs') {
    return 'policy.allowed_orgs or policy.allow_anyone is required: anyone with a GitHub account could sign in; list the GitHub organisations whose members may sign in (this needs the read:org scope), or allow anyone';
  }
  const who = family === 'entra' ? 'anyone with a personal Microsoft account (consumers)' : 'anyone with an account at this provider';
  return `policy.allow_anyone is required: ${who} could sign in, and no allow-list narrows it`;
}

/**
 * Checks and normalises who may sign in through a provider (tenant ids and domains in lower
 * case, no duplicates) and refuses to have an open provider enabled without an allow-list or
 * an explicit "anyone" (DESIGN.md "Sign-in design"). Throws `provider.invalid` naming the field.
 */
export function checkAudience(provider: AudienceInput & { enabled: boolean }, policy: AudienceFields): Required<AudienceFields> {
  const family = familyOf(provider);
  const allowed_tenants = cleanList('allowed_tenants', policy.allowed_tenants, TENANT_GUID, 'Entra tenant ids (GUIDs, as in the tid claim)');
  const allowed_email_domains = cleanList('allowed_email_domains', policy.allowed_email_domains, EMAIL_DOMAIN, 'domain names such as example.com');
  if (allowed_tenants.length > 0 && family !== 'entra') throw invalid('policy.allowed_tenants applies to Microsoft Entra ID providers only');
  // GitHub logins, compared as GitHub does: without regard to case.
  const allowed_orgs = cleanList('allowed_orgs', policy.allowed_orgs ?? [], GITHUB_LOGIN, 'GitHub organisation logins (letters, digits and single hyphens)');
  if (allowed_orgs.length > 0 && family !== 'github') throw invalid('policy.allowed_orgs applies to GitHub providers only');
  if (policy.allow_anyone && allowed_orgs.length > 0) {
    throw invalid('policy.allow_anyone cannot be combined with policy.allowed_orgs: empty the list, or turn allow_anyone off');
  }
  // Entra ID vouches for no e-mail address (spec/oidc-rp.md §2.3): a domain list would match no one.
  if (allowed_email_domains.length > 0 && family === 'entra') throw invalid('policy.allowed_email_domains: Entra ID sends no verified e-mail; use allowed_tenants');
  if (policy.allow_anyone && (allowed_tenants.length > 0 || allowed_email_domains.length > 0)) {
    throw invalid('policy.allow_anyone cannot be combined with an allow-list: empty the list, or turn allow_anyone off');
  }
  const checked = { allowed_tenants, allowed_email_domains, allowed_orgs, allow_anyone: policy.allow_anyone };
  const missing = missingPolicy(audienceOf(provider), checked);
  if (missing !== '' && provider.enabled) throw invalid(whyRequired(provider, missing));
  return checked;
}

function claim(claims: Record<string, unknown>, key: string): string {
  const value = claims[key];
  return typeof value === 'string' ? value.trim().toLowerCase() : '';
}

/**
 * One policy rule's answer for one signed-in identity: whether it lets the person in, why, in an
 * administrator's words, and what to change when it does not (see provisioning.ts `policyVerdicts`).
 */
export interface PolicyVerdict {
  rule: string;
  ok: boolean;
  message: string;
  fix?: string;
}

/** What a person refused by the e-mail domain list reads (the catalogue's message names Google's domains). */
const OTHER_DOMAIN = 'People of your e-mail domain may not sign in here; ask an administrator to allow your domain';

/** What a verdict that refuses becomes at sign-in. */
type Refusal = PolicyVerdict & { code?: 'oidc.tenant_not_allowed' | 'oidc.domain_not_allowed'; detail?: string; personMessage?: string };

/**
 * An e-mail address's domain, when the provider vouches for the address: OIDC Core §5.1
 * `email_verified` true (strictly the boolean). Never for Entra ID, which sends no such claim and
 * whose `email` any tenant's administrator can set (the nOAuth pattern, spec/oidc-rp.md §2.7).
 */
export function verifiedEmailDomain(provider: AudienceInput, claims: Record<string, unknown>): string {
  if (familyOf(provider) === 'entra' || claims.email_verified !== true) return '';
  const email = claim(claims, 'email');
  const at = email.lastIndexOf('@');
  return at > 0 ? email.slice(at + 1) : '';
}

/** Entra ID: the `tid` claim must be on `allowed_tenants` when the list is set. */
export function tenantVerdict(provider: AudienceInput & { policy: AudiencePolicy }, claims: Record<string, unknown>): Refusal {
  const rule = 'allowed_tenants';
  const list = provider.policy.allowed_tenants;
  if (familyOf(provider) !== 'entra' || list.length === 0) return { rule, ok: true, message: 'No tenant list: the provider’s own directory decides' };
  const tid = claim(claims, 'tid');
  if (list.includes(tid)) return { rule, ok: true, message: `The person’s Entra tenant (${tid}) is on the list` };
  return {
    rule,
    ok: false,
    message: tid ? `The person’s Entra tenant (${tid.slice(0, 100)}) is not on the list` : 'The ID token names no Entra tenant (tid)',
    fix: 'Add the tenant id to policy.allowed_tenants if its people may sign in',
    code: 'oidc.tenant_not_allowed',
    detail: `tid ${tid.slice(0, 100) || '(none)'}`,
  };
}

/**
 * `allowed_email_domains`, for any provider. Google: the Workspace domain (`hd`), as Google
 * advises, since a personal Google account can carry a verified address at any domain. Other
 * providers: the domain of a verified e-mail. Entra ID vouches for none (saving such a list is
 * refused; should one be stored, it admits no one).
 */
export function domainVerdict(provider: AudienceInput & { policy: AudiencePolicy }, claims: Record<string, unknown>): Refusal {
  const rule = 'allowed_email_domains';
  const list = provider.policy.allowed_email_domains;
  if (list.length === 0) return { rule, ok: true, message: 'No e-mail domain list: the domain is not checked' };
  const family = familyOf(provider);
  const code = 'oidc.domain_not_allowed' as const;
  if (family === 'entra') {
    return { rule, ok: false, message: 'Entra ID sends no verified e-mail, so no one matches an e-mail domain list', fix: 'Empty policy.allowed_email_domains; use allowed_tenants', code, detail: 'entra', personMessage: OTHER_DOMAIN };
  }
  if (family === 'google') {
    const hd = claim(claims, 'hd');
    if (list.includes(hd)) return { rule, ok: true, message: `The person’s Google Workspace domain (${hd}) is on the list` };
    return {
      rule,
      ok: false,
      message: hd ? `The person’s Google Workspace domain (${hd.slice(0, 100)}) is not on the list` : 'The person signed in with a personal Google account (no hd claim)',
      fix: 'Add the Workspace domain to policy.allowed_email_domains if its people may sign in',
      code,
      detail: `hd ${hd.slice(0, 100) || '(none)'}`,
    };
  }
  const domain = verifiedEmailDomain(provider, claims);
  if (!domain) {
    return {
      rule,
      ok: false,
      message: claims.email === undefined ? 'The provider sent no e-mail address' : 'The provider did not mark the e-mail address verified (email_verified)',
      fix: 'Have the provider send email and email_verified (the email scope), or empty policy.allowed_email_domains',
      code,
      detail: 'no verified e-mail',
      personMessage: 'Your identity provider confirmed no e-mail address for you, and only people of some e-mail domains may sign in here; ask an administrator',
    };
  }
  if (list.includes(domain)) return { rule, ok: true, message: `The verified e-mail’s domain (${domain}) is on the list` };
  return {
    rule,
    ok: false,
    message: `The verified e-mail’s domain (${domain.slice(0, 100)}) is not on the list`,
    fix: 'Add the domain to policy.allowed_email_domains if its people may sign in',
    code,
    detail: `domain ${domain.slice(0, 100)}`,
    personMessage: OTHER_DOMAIN,
  };
}

/**
 * GitHub organisations (`allowed_orgs`), matched case-insensitively against the `orgs` claim (the
 * logins of the person's organisations, as the GitHub sign-in puts them in the claims).
 */
export function orgsVerdict(provider: { policy: { allowed_orgs?: readonly string[] } }, claims: Record<string, unknown>): PolicyVerdict {
  const rule = 'allowed_orgs';
  const list = (provider.policy.allowed_orgs ?? []).map((org) => org.toLowerCase());
  if (list.length === 0) return { rule, ok: true, message: 'No organisation list: membership is not checked' };
  const orgs = Array.isArray(claims.orgs) ? claims.orgs.filter((o): o is string => typeof o === 'string').map((o) => o.toLowerCase()) : [];
  const member = orgs.find((org) => list.includes(org));
  if (member) return { rule, ok: true, message: `The person is a member of ${member}` };
  return {
    rule,
    ok: false,
    message: Array.isArray(claims.orgs) ? 'The person is a member of none of the listed organisations' : 'The provider said nothing about the person’s organisations',
    fix: 'Add one of the person’s organisations to policy.allowed_orgs, or check that the read:org scope is granted',
  };
}

/**
 * At every sign-in through the provider, before anything is looked up or created: the Entra
 * tenant (`tid`) must be on the provider's tenant list, and the e-mail domain (Google: `hd`;
 * others: a verified e-mail's) on its domain list, when it has them. Every sign-in, not only the
 * first: a tenant taken off the list loses access at once. Entra's guidance: restrict tenants by
 * the `tid` GUID (spec/oidc-rp.md §2.2); Google's: check `hd`, not the e-mail's domain, to limit
 * access to a Workspace domain. A person with no verified e-mail matches no domain list.
 */
export function admit(provider: AudienceInput & { policy: AudiencePolicy }, claims: Record<string, unknown>): void {
  const { policy } = provider;
  // A provider that needs an allow-list is never enabled without one; should one slip through
  // (a row edited by hand), it admits no one.
  if (missingPolicy(audienceOf(provider), policy) !== '') throw new AppError('provider.not_found', { detail: 'open provider without a policy' });
  for (const verdict of [tenantVerdict(provider, claims), domainVerdict(provider, claims)]) {
    if (!verdict.ok && verdict.code) {
      throw new AppError(verdict.code, { detail: verdict.detail, ...(verdict.personMessage ? { message: verdict.personMessage } : {}) });
    }
  }
  // GitHub: a member of an organisation on allowed_orgs. The `orgs` claim is deskgate's own
  // (github.ts), read only with the read:org scope: without it no one can be admitted, and the
  // administrator is told why instead of everyone being refused as a non-member.
  const allowedOrgs = policy.allowed_orgs ?? [];
  if (allowedOrgs.length > 0) {
    const orgs = familyOf(provider) === 'github' ? claims.orgs : undefined;
    if (!Array.isArray(orgs)) throw new AppError('oidc.orgs_unavailable', { detail: 'no organisations: GitHub did not grant read:org; add it to the provider’s scopes' });
    const allowed = new Set(allowedOrgs.map((org) => org.toLowerCase()));
    const member = orgs.some((org) => typeof org === 'string' && allowed.has(org.toLowerCase()));
    if (!member) throw new AppError('oidc.org_not_allowed', { detail: `member of ${orgs.length} organisation(s), none on allowed_orgs` });
  }
}
