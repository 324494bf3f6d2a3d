import type { Provider, ProviderInput, ProviderType } from '../../api/types';
import { issuerForTenant } from './provider-presets';

/** A provider as its form edits it: plain strings and booleans, the secret empty (= unchanged). */
export interface ProviderForm {
  name: string;
  display_name: string;
  client_id: string;
  client_secret: string;
  issuer: string;
  tenant_id: string;
  scopes: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string;
  jwks_uri: string;
  token_endpoint_auth_method: string;
  id_token_signed_response_alg: string;
  response_mode: string;
  response_type: string;
  allow_insecure_http: boolean;
  icon: string;
  auto_register: boolean;
  username_claim: string;
  /** One tenant id per line (or separated by commas or spaces). */
  allowed_tenants: string;
  /** One domain per line (or separated by commas or spaces). */
  allowed_email_domains: string;
  allow_anyone: boolean;
}

/** The policy fields, which go to the server as `policy`. */
const POLICY_FIELDS = ['auto_register', 'username_claim', 'allowed_tenants', 'allowed_email_domains', 'allow_anyone'] as const;
const isPolicyField = (key: string) => (POLICY_FIELDS as readonly string[]).includes(key);

/** A list typed one per line, or separated by commas or spaces. */
export function listOf(text: string): string[] {
  return text.split(/[\s,;]+/).filter((entry) => entry !== '');
}

function policyOf(form: ProviderForm): ProviderInput['policy'] {
  return {
    auto_register: form.auto_register,
    username_claim: form.username_claim.trim(),
    allowed_tenants: listOf(form.allowed_tenants),
    allowed_email_domains: listOf(form.allowed_email_domains),
    allow_anyone: form.allow_anyone,
  };
}

export type SetField = <K extends keyof ProviderForm>(field: K, value: ProviderForm[K]) => void;

export function emptyForm(): ProviderForm {
  return {
    name: '',
    display_name: '',
    client_id: '',
    client_secret: '',
    issuer: '',
    tenant_id: '',
    scopes: '',
    authorization_endpoint: '',
    token_endpoint: '',
    userinfo_endpoint: '',
    jwks_uri: '',
    token_endpoint_auth_method: 'client_secret_basic',
    id_token_signed_response_alg: 'RS256',
    response_mode: 'query',
    response_type: 'code',
    allow_insecure_http: false,
    icon: '',
    auto_register: true,
    username_claim: '',
    allowed_tenants: '',
    allowed_email_domains: '',
    allow_anyone: false,
  };
}

export function formOf(provider: Provider): ProviderForm {
  return {
    name: provider.name,
    display_name: provider.display_name,
    client_id: provider.client_id,
    client_secret: '',
    issuer: provider.issuer,
    tenant_id: provider.tenant_id,
    scopes: provider.scopes,
    authorization_endpoint: provider.authorization_endpoint,
    token_endpoint: provider.token_endpoint,
    userinfo_endpoint: provider.userinfo_endpoint,
    jwks_uri: provider.jwks_uri,
    token_endpoint_auth_method: provider.token_endpoint_auth_method,
    id_token_signed_response_alg: provider.id_token_signed_response_alg,
    response_mode: provider.response_mode,
    response_type: provider.response_type,
    allow_insecure_http: provider.allow_insecure_http,
    icon: provider.icon,
    auto_register: provider.policy.auto_register,
    username_claim: provider.policy.username_claim,
    allowed_tenants: provider.policy.allowed_tenants.join('\n'),
    allowed_email_domains: provider.policy.allowed_email_domains.join('\n'),
    allow_anyone: provider.policy.allow_anyone,
  };
}

/** The issuer to save: for Azure with a tenant id, the one the tenant gives. */
export function effectiveIssuer(type: ProviderType, form: ProviderForm): string {
  return (type === 'azure' && issuerForTenant(form.tenant_id)) || form.issuer.trim();
}

/** Everything a new provider's dialog collected, without the empty fields (server presets apply). */
export function inputOf(type: ProviderType, form: ProviderForm): ProviderInput {
  const input: Record<string, unknown> = { type, enabled: true };
  const issuer = effectiveIssuer(type, form);
  const text = { ...form, issuer } as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(text)) {
    if (isPolicyField(key)) continue;
    if (typeof value === 'string' ? value.trim() !== '' : value !== undefined) input[key] = typeof value === 'string' ? value.trim() : value;
  }
  input.policy = policyOf(form);
  return input as ProviderInput;
}

/** Only what changed, so a save never rewrites fields another administrator just edited. */
export function patchOf(provider: Provider, form: ProviderForm): ProviderInput {
  const before = formOf(provider);
  const after: ProviderForm = { ...form, issuer: effectiveIssuer(provider.type, form) };
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof ProviderForm)[]) {
    if (isPolicyField(key) || key === 'client_secret') continue;
    const value = after[key];
    const next = typeof value === 'string' ? value.trim() : value;
    if (next !== before[key]) patch[key] = next;
  }
  if (form.client_secret !== '') patch.client_secret = form.client_secret;
  const policy = policyOf(form);
  if (JSON.stringify(policy) !== JSON.stringify(policyOf(before))) patch.policy = policy;
  return patch as ProviderInput;
}
