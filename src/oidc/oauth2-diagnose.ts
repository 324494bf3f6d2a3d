import type { OpenedProvider } from '../domain/auth-provider.js';
import type { Check } from './diagnose.js';
import { familyOf, needsOrgs, readsOrgs, scopeSet, subjectFieldOf, type AudienceInput } from './provider-types.js';

/**
 * The provider test's findings for plain OAuth 2 providers (GitHub, generic OAuth 2): where the
 * person is read from and by which field, and, for GitHub, whether the scopes let deskgate see
 * the organisations the policy needs. Nothing here fetches: it reads the settings.
 */

/** The provider as these findings read it. */
export type OAuth2Tested = Omit<AudienceInput, 'tenant_id'> &
  Pick<OpenedProvider, 'type'> &
  Partial<Pick<OpenedProvider, 'scopes' | 'subject_field'>> & {
    policy?: Partial<Pick<OpenedProvider['policy'], 'allowed_orgs' | 'groups_claim'>>;
  };

const failed = (name: string, url: string | undefined, got: string, fix: string): Check => ({
  name,
  ok: false,
  message: `${got} ${fix}`,
  ...(url ? { url } : {}),
  got,
  fix,
});

/** The userinfo endpoint a plain OAuth 2 sign-in reads the person from, and the field that names them. */
function userinfoCheck(provider: OAuth2Tested, github: boolean): Check {
  const fix = 'Enter the userinfo endpoint: the address that answers the signed-in person’s profile as JSON for their access token.';
  if (!provider.userinfo_endpoint) return failed('userinfo', undefined, 'No userinfo endpoint is set: a plain OAuth 2 sign-in reads the person from it.', fix);
  let url: URL;
  try {
    url = new URL(provider.userinfo_endpoint);
  } catch {
    return failed('userinfo', undefined, 'The userinfo endpoint is not a URL.', fix);
  }
  const message = github
    ? `The person is read from ${url.href} and known by their numeric GitHub id (their login can change); only their verified primary e-mail counts as verified.`
    : `The person is read from ${url.href}; its "${subjectFieldOf(provider)}" field (a string or number) names them for good (subject field, Advanced).`;
  return { name: 'userinfo', ok: true, message, url: url.href };
}

/** GitHub shows a person's organisations only to the read:org scope; allowed_orgs and groups_claim "orgs" need them. */
function githubOrgsCheck(provider: OAuth2Tested): Check {
  const policy = provider.policy ?? {};
  const scopes = (provider.scopes ?? '').trim();
  const uses = [
    ...((policy.allowed_orgs ?? []).length > 0 ? ['policy.allowed_orgs'] : []),
    ...(policy.groups_claim?.trim() === 'orgs' ? ['the groups claim "orgs"'] : []),
  ];
  if (!needsOrgs(policy)) {
    return { name: 'github_orgs', ok: true, message: 'Organisations are not used (no policy.allowed_orgs, and the groups claim is not "orgs"): read:org is not needed.' };
  }
  const approval = 'An organisation that restricts OAuth app access lists its members only once it approves this OAuth app (the organisation’s Settings → Third-party access).';
  if (readsOrgs(scopeSet(scopes))) {
    return { name: 'github_orgs', ok: true, message: `The scopes include read:org: GitHub shows each person’s organisations for ${uses.join(' and ')}. ${approval}` };
  }
  const effect = (policy.allowed_orgs ?? []).length > 0 ? 'every sign-in will be refused (oidc.orgs_unavailable)' : 'no one gets groups from organisations';
  return failed(
    'github_orgs',
    undefined,
    `The scopes (${scopes || 'none'}) do not include read:org, which ${uses.join(' and ')} needs: GitHub will not show people’s organisations, and ${effect}.`,
    `Add read:org to the provider’s scopes (${`${scopes} read:org`.trim()}). ${approval}`,
  );
}

/** The OAuth 2 findings: the userinfo endpoint, and for GitHub its organisation access. */
export function oauth2Checks(provider: OAuth2Tested): Check[] {
  const github = familyOf(provider) === 'github';
  return github ? [userinfoCheck(provider, true), githubOrgsCheck(provider)] : [userinfoCheck(provider, false)];
}
