import { AppError } from '../errors.js';
import {
  EMAIL_DOMAIN,
  TENANT_GUID,
  audienceOf,
  familyOf,
  missingPolicy,
  type AudienceInput,
  type AudiencePolicy,
} from '../oidc/provider-types.js';

/** At most this many tenants or domains per provider: a list, not a directory. */
const MAX_ENTRIES = 100;

/** The part of a provider's policy that decides who may sign in through it at all. */
export interface AudienceFields {
  allowed_tenants: string[];
  allowed_email_domains: string[];
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
  const who = family === 'entra' ? 'anyone with a personal Microsoft account (consumers)' : 'anyone with an account at this provider';
  return `policy.allow_anyone is required: ${who} could sign in, and there is no allow-list for it yet`;
}

/**
 * Checks and normalises who may sign in through a provider (tenant ids and domains in lower
 * case, no duplicates) and refuses to have an open provider enabled without an allow-list or
 * an explicit "anyone" (DESIGN.md "Sign-in design"). Throws `provider.invalid` naming the field.
 */
export function checkAudience(provider: AudienceInput & { enabled: boolean }, policy: AudienceFields): AudienceFields {
  const family = familyOf(provider);
  const allowed_tenants = cleanList('allowed_tenants', policy.allowed_tenants, TENANT_GUID, 'Entra tenant ids (GUIDs, as in the tid claim)');
  const allowed_email_domains = cleanList('allowed_email_domains', policy.allowed_email_domains, EMAIL_DOMAIN, 'domain names such as example.com');
  if (allowed_tenants.length > 0 && family !== 'entra') throw invalid('policy.allowed_tenants applies to Microsoft Entra ID providers only');
  if (allowed_email_domains.length > 0 && family !== 'google') throw invalid('policy.allowed_email_domains applies to Google providers only');
  if (policy.allow_anyone && (allowed_tenants.length > 0 || allowed_email_domains.length > 0)) {
    throw invalid('policy.allow_anyone cannot be combined with an allow-list: empty the list, or turn allow_anyone off');
  }
  const checked = { allowed_tenants, allowed_email_domains, allow_anyone: policy.allow_anyone };
  const missing = missingPolicy(audienceOf(provider), checked);
  if (missing !== '' && provider.enabled) throw invalid(whyRequired(provider, missing));
  return checked;
}

function claim(claims: Record<string, unknown>, key: string): string {
  const value = claims[key];
  return typeof value === 'string' ? value.trim().toLowerCase() : '';
}

/**
 * At every sign-in through the provider, before anything is looked up or created: the Entra
 * tenant (`tid`) or Google Workspace domain (`hd`) must be on the provider's list when it has
 * one. Every sign-in, not only the first: a tenant taken off the list loses access at once.
 * Entra's guidance: restrict tenants by the `tid` GUID (spec/oidc-rp.md §2.2); Google's: check
 * `hd`, not the e-mail's domain, to limit access to a Workspace domain.
 */
export function admit(provider: AudienceInput & { policy: AudiencePolicy }, claims: Record<string, unknown>): void {
  const { policy } = provider;
  // A provider that needs an allow-list is never enabled without one; should one slip through
  // (a row edited by hand), it admits no one.
  if (missingPolicy(audienceOf(provider), policy) !== '') throw new AppError('provider.not_found', { detail: 'open provider without a policy' });
  const family = familyOf(provider);
  if (family === 'entra' && policy.allowed_tenants.length > 0) {
    const tid = claim(claims, 'tid');
    if (!policy.allowed_tenants.includes(tid)) throw new AppError('oidc.tenant_not_allowed', { detail: `tid ${tid.slice(0, 100) || '(none)'}` });
  }
  if (family === 'google' && policy.allowed_email_domains.length > 0) {
    const hd = claim(claims, 'hd');
    if (!policy.allowed_email_domains.includes(hd)) throw new AppError('oidc.domain_not_allowed', { detail: `hd ${hd.slice(0, 100) || '(none)'}` });
  }
}
