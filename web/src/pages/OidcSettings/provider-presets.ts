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

/** The issuer a tenant id gives, or '' while it is not a tenant id (yet). */
export function issuerForTenant(tenantId: string): string {
  const tenant = tenantId.trim();
  return tenant && TENANT_ID.test(tenant) ? azureIssuer(tenant) : '';
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
