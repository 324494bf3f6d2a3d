import type { ProviderPolicy } from '../domain/auth-provider.js';
import { audienceOf, familyOf, missingPolicy, type AudienceInput } from '../oidc/provider-types.js';
import { domainVerdict, orgsVerdict, tenantVerdict, type PolicyVerdict } from './registration-policy.js';

export type { PolicyVerdict } from './registration-policy.js';

/** A provider as the policy rules read it: where it points (its family and audience) and its policy. */
export type PolicyProvider = AudienceInput & { policy: ProviderPolicy };

/** What the rules that depend on deskgate's own state need to know about this identity. */
export interface VerdictContext {
  /** The identity is already linked to an account through this provider (a returning person). */
  linked: boolean;
  /** Users single sign-on has linked, across providers, and the page-level cap on them (0: none). */
  linkedUsers: number;
  maxAuthorizedUsers: number;
  /** The username a new account would get, or '' when no claim gives one. */
  username: string;
  /** With link_by_verified_email: the existing account a first sign-in would attach to, or ''. */
  attachTo?: string;
}

/**
 * Whether this signed-in identity would be admitted through this provider, rule by rule, and
 * why: one entry per rule, in the order sign-in applies them (tenant list, e-mail domains,
 * organisations, an account to sign in to, the user cap, a username). Each entry names its rule
 * (the policy field, or `max_authorized_users` for the page-level cap), says whether it lets the
 * person in, explains the outcome in an administrator's words and, when it refuses, what to
 * change. The person is admitted when every entry is ok.
 *
 * Pure: the caller supplies the claims (`identity.claims`, as the provider sent them) and what
 * only deskgate's data can say (`context`). Used by sign-in's own checks (registration-policy.ts
 * `admit` raises the first refusal of the first three) and by the provider test.
 */
export function policyVerdicts(provider: PolicyProvider, identity: { claims: Record<string, unknown> }, context: VerdictContext): PolicyVerdict[] {
  const { policy } = provider;
  const { claims } = identity;
  const verdicts: PolicyVerdict[] = [];
  const missing = missingPolicy(audienceOf(provider), policy);
  if (missing !== '') {
    verdicts.push({
      rule: missing,
      ok: false,
      message: 'Anyone can get an account at this provider and its policy does not say who may sign in, so no one is admitted',
      fix: `Set policy.${missing === 'allow_anyone' ? 'allow_anyone' : `${missing} (or allow_anyone)`}`,
    });
  }
  verdicts.push(tenantVerdict(provider, claims), domainVerdict(provider, claims), orgsVerdict(provider, claims));
  const attachTo = context.attachTo ?? '';
  verdicts.push(accountVerdict(policy, context.linked, attachTo));
  verdicts.push(capVerdict(context, attachTo));
  verdicts.push(usernameVerdict(policy, context, attachTo));
  return verdicts;
}

function accountVerdict(policy: ProviderPolicy, linked: boolean, attachTo: string): PolicyVerdict {
  const rule = 'auto_register';
  if (linked) return { rule, ok: true, message: 'This identity is linked to an account: it signs in to that account' };
  if (attachTo) return { rule, ok: true, message: `A first sign-in attaches to the existing account "${attachTo}" with the same verified e-mail (link_by_verified_email)` };
  if (policy.auto_register) return { rule, ok: true, message: 'No account is linked to this identity yet: its first sign-in creates one (auto_register)' };
  return {
    rule,
    ok: false,
    message: 'No account is linked to this identity, and this provider creates none (auto_register is off)',
    fix: 'Turn on policy.auto_register, or have the person connect this provider from My account after signing in another way',
  };
}

function capVerdict(context: VerdictContext, attachTo: string): PolicyVerdict {
  const rule = 'max_authorized_users';
  const cap = context.maxAuthorizedUsers;
  if (context.linked || attachTo) return { rule, ok: true, message: 'The cap on single sign-on users applies to new accounts only' };
  if (cap <= 0) return { rule, ok: true, message: 'There is no cap on single sign-on users' };
  if (context.linkedUsers < cap) return { rule, ok: true, message: `${context.linkedUsers} of at most ${cap} single sign-on users have accounts: there is room for this person` };
  return {
    rule,
    ok: false,
    message: `The maximum number of single sign-on users (${cap}) is reached: new people are refused; people who already have an account still sign in`,
    fix: 'Raise "Maximum number of authorized users" in Settings → OIDC, or remove people who no longer need an account',
  };
}

function usernameVerdict(policy: ProviderPolicy, context: VerdictContext, attachTo: string): PolicyVerdict {
  const rule = 'username_claim';
  if (context.linked || attachTo) return { rule, ok: true, message: 'The account exists: its username stays as it is' };
  if (context.username) return { rule, ok: true, message: `A new account would be named "${context.username}"` };
  const claim = policy.username_claim ? `the ${policy.username_claim} claim, ` : '';
  return {
    rule,
    ok: false,
    message: `The provider sent no claim to name the account by (${claim}preferred_username, nickname, login, name or a verified e-mail)`,
    fix: 'Set policy.username_claim to a claim this provider sends, or have the provider send preferred_username or a verified e-mail',
  };
}

/** Whether the provider is Entra ID (by type or authority): it vouches for no e-mail address. */
export function isEntra(provider: AudienceInput): boolean {
  return familyOf(provider) === 'entra';
}
