import * as oidc from 'openid-client';
import { AppError } from '../errors.js';
import { GITHUB_LOGIN, readsOrgs, scopeSet } from './provider-types.js';

/**
 * What GitHub's REST API asks of every request: its media type, the API version, and a
 * User-Agent (requests without one are refused). docs.github.com, "Getting started with the REST API".
 */
export const GITHUB_API_HEADERS: Readonly<Record<string, string>> = {
  accept: 'application/vnd.github+json',
  'x-github-api-version': '2022-11-28',
  'user-agent': 'deskgate',
};

/** GitHub's largest page; a person's organisations are read for at most MAX_ORG_PAGES pages of it. */
const PER_PAGE = 100;
export const MAX_ORG_PAGES = 10;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `…/user/emails` and `…/user/orgs` beside the userinfo endpoint (`https://api.github.com/user`; GitHub Enterprise Server: `…/api/v3/user`). */
function beside(userinfoEndpoint: string, leaf: string): URL {
  const url = new URL(userinfoEndpoint);
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${leaf}`;
  url.search = '';
  return url;
}

/**
 * A GET of GitHub's API with the person's access token, through the relying party's fetch (its
 * limits: no redirects, answers capped). The body when the answer is 2xx JSON, else undefined.
 */
async function get(config: oidc.Configuration, accessToken: string, url: URL): Promise<{ status: number; body: unknown }> {
  const response = await oidc.fetchProtectedResource(config, accessToken, url, 'GET', null, new Headers(GITHUB_API_HEADERS));
  if (response.status < 200 || response.status >= 300) return { status: response.status, body: undefined };
  try {
    return { status: response.status, body: await response.json() };
  } catch {
    return { status: response.status, body: undefined };
  }
}

/**
 * The person's primary e-mail address when GitHub has verified it (`GET /user/emails`, scope
 * user:email), else ''. The `email` of `/user` is whatever the person made public: display only.
 */
async function verifiedPrimaryEmail(config: oidc.Configuration, accessToken: string, userinfoEndpoint: string): Promise<string> {
  const { body } = await get(config, accessToken, beside(userinfoEndpoint, 'emails'));
  if (!Array.isArray(body)) return '';
  const primary = body.find((entry) => isObject(entry) && entry.primary === true && entry.verified === true && typeof entry.email === 'string');
  const email = isObject(primary) && typeof primary.email === 'string' ? primary.email.trim() : '';
  return email.length <= 320 && /^[^@\s]+@[^@\s]+$/.test(email) ? email : '';
}

/**
 * The logins of the person's organisations (`GET /user/orgs`, scope read:org), page by page, at
 * most MAX_ORG_PAGES pages. An answer that is not a list fails the sign-in: a policy that
 * depends on the organisations cannot be decided without them.
 */
async function organisations(config: oidc.Configuration, accessToken: string, userinfoEndpoint: string): Promise<string[]> {
  const logins = new Set<string>();
  for (let page = 1; page <= MAX_ORG_PAGES; page++) {
    const url = beside(userinfoEndpoint, 'orgs');
    url.searchParams.set('per_page', String(PER_PAGE));
    url.searchParams.set('page', String(page));
    const { status, body } = await get(config, accessToken, url);
    if (!Array.isArray(body)) {
      throw new AppError('oidc.provider_request_failed', { detail: `GitHub ${url.pathname} answered HTTP ${status}${status < 300 ? ' without a list' : ''}` });
    }
    for (const org of body) {
      if (isObject(org) && typeof org.login === 'string' && GITHUB_LOGIN.test(org.login)) logins.add(org.login);
    }
    if (body.length < PER_PAGE) break;
  }
  return [...logins];
}

/**
 * GitHub's answers made into claims (spec/oidc-rp.md §7): the `/user` profile as it is, except
 * that `email` is the verified primary address with `email_verified: true` when there is one
 * (otherwise `email_verified: false`, and `email` only the profile's public address, for
 * display); and, when the granted scopes include read:org (the token response's `scope`, or the
 * API's `X-OAuth-Scopes` header), `orgs`: the logins of the person's organisations. Without
 * read:org there is no `orgs` claim at all, so that a policy needing it can say so.
 */
export async function githubClaims(
  config: oidc.Configuration,
  input: { accessToken: string; userinfoEndpoint: string; profile: Record<string, unknown>; tokenScope: string | undefined; scopesHeader: string | null },
): Promise<Record<string, unknown>> {
  const { accessToken, userinfoEndpoint } = input;
  // Only deskgate says what is verified and which organisations the person is in.
  const { email_verified: _verified, orgs: _orgs, ...claims } = input.profile;
  const known = input.tokenScope !== undefined || input.scopesHeader !== null;
  const scopes = scopeSet(input.tokenScope, input.scopesHeader);
  const email = !known || scopes.has('user:email') || scopes.has('user') ? await verifiedPrimaryEmail(config, accessToken, userinfoEndpoint) : '';
  if (email) {
    claims.email = email;
    claims.email_verified = true;
  } else {
    claims.email_verified = false;
  }
  if (readsOrgs(scopes)) claims.orgs = await organisations(config, accessToken, userinfoEndpoint);
  return claims;
}
