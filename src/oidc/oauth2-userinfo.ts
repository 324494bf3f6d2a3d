import * as oidc from 'openid-client';
import type { ProviderType } from '../domain/auth-provider.js';
import { AppError } from '../errors.js';
import { GITHUB_API_HEADERS, githubClaims } from './github.js';
import { familyOf, subjectFieldOf } from './provider-types.js';

/** What a plain OAuth 2 sign-in reads of its provider. */
export interface OAuth2Provider {
  type: ProviderType;
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string;
  /** Generic OAuth 2: the userinfo field naming the person ('' or absent: the type's). */
  subject_field?: string;
}

/**
 * Plain OAuth 2 has no ID token: the person is whoever the userinfo endpoint describes to the
 * access token, named for good by the subject field (GitHub: the numeric `id`; generic OAuth 2:
 * the `subject_field` setting, else `sub`), a string or a number. GitHub's answers are read with
 * its API's headers, and its verified primary e-mail and organisations added (github.ts).
 */
export async function oauth2Identity(
  config: oidc.Configuration,
  tokens: oidc.TokenEndpointResponse,
  provider: OAuth2Provider,
): Promise<{ subject: string; claims: Record<string, unknown> }> {
  const github = familyOf(provider) === 'github';
  const url = new URL(provider.userinfo_endpoint);
  const response = await oidc.fetchProtectedResource(config, tokens.access_token, url, 'GET', null, github ? new Headers(GITHUB_API_HEADERS) : undefined);
  if (response.status < 200 || response.status >= 300) throw new AppError('oidc.provider_request_failed', { detail: `userinfo answered HTTP ${response.status}` });
  let profile: unknown;
  try {
    profile = await response.json();
  } catch {
    throw new AppError('oidc.invalid_response', { detail: 'userinfo answered with something that is not JSON' });
  }
  if (typeof profile !== 'object' || profile === null || Array.isArray(profile)) throw new AppError('oidc.invalid_response', { detail: 'userinfo is not a JSON object' });
  const fields = profile as Record<string, unknown>;
  const field = subjectFieldOf(provider);
  const value = Object.hasOwn(fields, field) ? fields[field] : undefined;
  if (typeof value !== 'string' && !(typeof value === 'number' && Number.isFinite(value))) {
    throw new AppError('oidc.subject_invalid', { detail: `userinfo field "${field}" is missing or not a string or number` });
  }
  const claims = github
    ? await githubClaims(config, {
        accessToken: tokens.access_token,
        userinfoEndpoint: provider.userinfo_endpoint,
        profile: fields,
        tokenScope: tokens.scope,
        scopesHeader: response.headers.get('x-oauth-scopes'),
      })
    : { ...fields };
  return { subject: String(value), claims };
}
