import { AppError } from '../errors.js';
import {
  AUTH_METHODS,
  PROVIDER_NAME,
  PROVIDER_TYPES,
  RESPONSE_MODES,
  RESPONSE_TYPES,
  SIGNING_ALGS,
  type StoredProvider,
} from '../domain/auth-provider.js';
import { MICROSOFT_HOSTS, TENANT_ID, azureIssuer, presets } from '../oidc/provider-types.js';
import { sanitizeSvg } from '../input/svg.js';
import { checkAudience } from './registration-policy.js';

/*
 * An auth provider's settings checked and completed before they are saved: its type's presets
 * filled in, URLs, an Entra tenant however it was pasted, algorithms and modes. Every refusal is
 * `provider.invalid` naming the field, which the console shows beside it.
 */

const isLoopback = (host: string) => host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host.endsWith('.localhost');

function checkUrl(field: string, value: string, allowInsecure: boolean): void {
  if (value === '') return;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new AppError('provider.invalid', { message: `${field} must be an absolute URL` });
  }
  if (url.protocol === 'https:') return;
  if (url.protocol === 'http:' && (allowInsecure || isLoopback(url.hostname))) return;
  throw new AppError('provider.invalid', {
    message: `${field} must use https (plain http is accepted only for loopback addresses or with allow_insecure_http)`,
  });
}

/**
 * Where Entra ID's authorities live, and the v1 issuer's host: a tenant pasted as one of their
 * URLs is taken from its path.
 */
const MICROSOFT_AUTHORITY_HOSTS = new Set([...MICROSOFT_HOSTS, 'sts.windows.net']);

const TENANT_HELP = 'a Directory (tenant) ID such as 72f988bf-86f1-41af-91ab-2d7cd011db47, a domain such as contoso.onmicrosoft.com, or the issuer URL https://login.microsoftonline.com/<tenant>/v2.0';

/**
 * The tenant in what an administrator put in `tenant_id`: the tenant itself, or an Entra issuer
 * or authority URL it was pasted as (`https://login.microsoftonline.com/<tenant>/v2.0`, the v1
 * `https://sts.windows.net/<tenant>/`, an authorize or discovery URL). Returns the tenant and,
 * for a sovereign cloud's URL, that cloud's v2.0 issuer; throws `provider.invalid` saying what
 * is wrong with the field otherwise.
 */
export function tenantFromInput(value: string): { tenant: string; issuer: string } {
  const text = value.trim();
  if (TENANT_ID.test(text)) return { tenant: text, issuer: azureIssuer(text) };
  const invalid = (why: string) => new AppError('provider.invalid', { message: `tenant_id ${why}; enter ${TENANT_HELP}` });
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && !text.includes('/')) throw invalid('is not a tenant ID or domain');
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
  } catch {
    throw invalid('is not a tenant ID, a domain or a URL');
  }
  const host = url.hostname.toLowerCase();
  if (!MICROSOFT_AUTHORITY_HOSTS.has(host)) throw invalid(`is a URL at ${host}, which is not Microsoft Entra ID's sign-in address`);
  let segment = url.pathname.split('/')[1] ?? '';
  try {
    segment = decodeURIComponent(segment);
  } catch {
    // kept as it is: TENANT_ID refuses it below
  }
  if (!segment) throw invalid('is a Microsoft URL with no tenant in its path');
  if (!TENANT_ID.test(segment)) throw invalid(`has "${segment.slice(0, 40)}" where the tenant belongs in the URL, which is not a tenant ID or domain`);
  // The v1 issuer (sts.windows.net) and login.windows.net are the public cloud's older names.
  const cloud = host === 'sts.windows.net' || host === 'login.windows.net' ? 'login.microsoftonline.com' : host;
  return { tenant: segment, issuer: `https://${cloud}/${encodeURIComponent(segment)}/v2.0` };
}

const ENDPOINTS = ['authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri'] as const;

/**
 * Sign-in talks plain http to a provider only when its issuer (or, for OAuth 2, its
 * authorization endpoint) is plain http itself (src/oidc/client.ts `plainHttpAllowed`): an https
 * provider with one plain-http endpoint could never complete a sign-in, so it is refused here,
 * naming the endpoint.
 */
function checkSameScheme(row: StoredProvider): void {
  const anchorField = row.issuer ? 'issuer' : 'authorization_endpoint';
  const anchor = row[anchorField];
  if (!anchor.startsWith('https:')) return;
  for (const field of ENDPOINTS) {
    if (new URL(row[field] || anchor).protocol === 'http:') {
      throw new AppError('provider.invalid', {
        message:
          `${field} uses plain http while ${anchorField} uses https: deskgate talks plain http to a provider only when its ` +
          `${anchorField} does too (on a loopback address or with allow_insecure_http). Use an https ${field}`,
      });
    }
  }
}

/** A sign-in button's label as people tell buttons apart: case and spacing aside. */
export const labelKey = (label: string) => label.trim().replace(/\s+/g, ' ').toLowerCase();

function oneOf<T extends string>(field: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new AppError('provider.invalid', { message: `${field} must be one of ${allowed.join(', ')}` });
  }
  return value as T;
}

/** Applies presets and checks the whole row; throws `provider.invalid` naming the field. */
export function normaliseProvider(row: StoredProvider): StoredProvider {
  const type = oneOf('type', row.type, PROVIDER_TYPES);
  const preset = presets[type];
  if (!PROVIDER_NAME.test(row.name)) {
    throw new AppError('provider.invalid', { message: 'name must be 1-32 characters of a-z, 0-9 and -' });
  }
  if (row.client_id.length < 1 || row.client_id.length > 512) {
    throw new AppError('provider.invalid', { message: 'client_id is required' });
  }
  if (type === 'azure' && row.tenant_id) {
    const { tenant, issuer } = tenantFromInput(row.tenant_id);
    row.tenant_id = tenant;
    if (!row.issuer) row.issuer = issuer;
  }
  row.issuer ||= preset.issuer ?? '';
  row.authorization_endpoint ||= preset.authorizationEndpoint ?? '';
  row.token_endpoint ||= preset.tokenEndpoint ?? '';
  row.userinfo_endpoint ||= preset.userinfoEndpoint ?? '';
  row.scopes = row.scopes.trim() || preset.scopes || 'openid profile email';
  row.display_name = row.display_name.trim() || preset.displayName;
  const insecure = row.allow_insecure_http;
  if (preset.protocol === 'oidc' && !row.issuer) {
    throw new AppError('provider.invalid', { message: type === 'azure' ? 'issuer or tenant_id is required' : 'issuer is required' });
  }
  if (preset.protocol === 'oauth2' && (!row.authorization_endpoint || !row.token_endpoint || !row.userinfo_endpoint)) {
    throw new AppError('provider.invalid', {
      message: 'authorization_endpoint, token_endpoint and userinfo_endpoint are required for OAuth 2 providers',
    });
  }
  for (const field of ['issuer', 'authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'jwks_uri'] as const) {
    checkUrl(field, row[field], insecure);
  }
  checkSameScheme(row);
  oneOf('token_endpoint_auth_method', row.token_endpoint_auth_method, AUTH_METHODS);
  oneOf('id_token_signed_response_alg', row.id_token_signed_response_alg, SIGNING_ALGS);
  oneOf('response_type', row.response_type, RESPONSE_TYPES);
  oneOf('response_mode', row.response_mode, RESPONSE_MODES);
  // Hybrid puts an ID token in the front channel: never in a query string (DESIGN.md).
  if (row.response_type === 'code id_token') row.response_mode = 'form_post';
  if (preset.protocol === 'oauth2' && row.response_type !== 'code') {
    throw new AppError('provider.invalid', { message: 'OAuth 2 providers support response_type code only' });
  }
  row.icon = row.icon ? sanitizeSvg(row.icon) : '';
  // Who may sign in, judged on the row as it will be saved (issuer and endpoints filled in).
  row.policy = { ...row.policy, ...checkAudience(row, row.policy) };
  return row;
}
