/**
 * What each auth type fills in, shared with the server (src/oidc/provider-types.ts and
 * src/domain/auth-provider.ts import only TypeBox, so the console bundles the same tables
 * instead of keeping a copy).
 */
import { PROVIDER_TYPES, type ProviderType } from '../../../../src/domain/auth-provider';
import {
  TENANT_ID,
  audienceOf,
  azureIssuer,
  familyOf,
  missingPolicy,
  presets,
  type Audience,
} from '../../../../src/oidc/provider-types';
import { t } from '../../i18n';

export { PROVIDER_TYPES, audienceOf, azureIssuer, familyOf, missingPolicy, presets, type Audience, type ProviderType };

export function typeLabel(type: string): string {
  return t.provider.types[type] ?? type;
}

export const typeOptions = PROVIDER_TYPES.map((type) => ({ value: type, label: typeLabel(type) }));

/** Entra's sign-in hosts, where a pasted issuer or authority URL carries the tenant in its path. */
const MICROSOFT_HOSTS = new Set(['login.microsoftonline.com', 'login.microsoftonline.us', 'login.partner.microsoftonline.cn', 'login.windows.net', 'sts.windows.net']);

/**
 * What was typed into "Directory (tenant) ID": the tenant (a GUID or domain) and its issuer, also
 * when a whole issuer URL was pasted (`…/<tenant>/v2.0`, `…/<tenant>/`, the v1
 * `https://sts.windows.net/<tenant>/`); or what is wrong with it; or undefined while empty. The
 * server reads the field the same way (src/services/auth-providers.ts `tenantFromInput`).
 */
export function readTenant(value: string): { tenant: string; issuer: string } | { error: string } | undefined {
  const text = value.trim();
  if (!text) return undefined;
  if (TENANT_ID.test(text)) return { tenant: text, issuer: azureIssuer(text) };
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  if (!hasScheme && !text.includes('/')) return { error: t.provider.tenantNotTenant };
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `https://${text}`);
  } catch {
    return { error: t.provider.tenantNotTenant };
  }
  const host = url.hostname.toLowerCase();
  if (!MICROSOFT_HOSTS.has(host)) return { error: t.provider.tenantNotMicrosoft(host) };
  let segment = url.pathname.split('/')[1] ?? '';
  try {
    segment = decodeURIComponent(segment);
  } catch {
    // kept as it is: TENANT_ID refuses it below
  }
  if (!segment) return { error: t.provider.tenantMissingInUrl };
  if (!TENANT_ID.test(segment)) return { error: t.provider.tenantBadInUrl(segment.slice(0, 40)) };
  const cloud = host === 'sts.windows.net' || host === 'login.windows.net' ? 'login.microsoftonline.com' : host;
  return { tenant: segment, issuer: `https://${cloud}/${encodeURIComponent(segment)}/v2.0` };
}

/** The issuer a tenant id (or a pasted issuer URL) gives, or '' while it gives none (yet). */
export function issuerForTenant(tenantId: string): string {
  const read = readTenant(tenantId);
  return read && 'issuer' in read ? read.issuer : '';
}

export function isOAuth2(type: ProviderType): boolean {
  return presets[type].protocol === 'oauth2';
}

export function callbackUrl(): string {
  return `${window.location.origin}/api/oidc/callback`;
}

/** Browsers and Entra treat these as secure even over plain http. */
export function isLocalOrigin(): boolean {
  const host = window.location.hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '[::1]' || host.endsWith('.localhost');
}
