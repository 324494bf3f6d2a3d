import type { Provider, ProviderInput, ProviderType } from '../../api/types';
import {
  defaultPolicy,
  defaultSettings,
  type ProviderPolicy,
  type ProviderSettings,
} from '../../../../src/domain/auth-provider';
import { issuerForTenant } from './provider-presets';

/** What the form does not edit: the type is chosen first, the switch and the order are on the card and the list. */
type NotInForm = 'type' | 'enabled' | 'position';
/** Lists typed one per line (or separated by commas or spaces). */
type ListField = 'allowed_tenants' | 'allowed_email_domains' | 'allowed_orgs' | 'admin_groups';
const LIST_FIELDS: readonly string[] = ['allowed_tenants', 'allowed_email_domains', 'allowed_orgs', 'admin_groups'];

/**
 * A provider as its form edits it: the settings and policy of src/domain/auth-provider.ts as
 * plain strings and booleans, lists as text, the secret empty (= unchanged).
 */
export type ProviderForm = Omit<ProviderSettings, NotInForm> &
  Omit<ProviderPolicy, ListField> &
  Record<ListField, string> & { client_secret: string };

const POLICY_FIELDS = Object.keys(defaultPolicy()) as (keyof ProviderPolicy)[];
const isPolicyField = (key: string) => (POLICY_FIELDS as string[]).includes(key);
const isListField = (key: string): key is ListField => LIST_FIELDS.includes(key);

/** A list typed one per line, or separated by commas or spaces; group names (which may hold spaces) one per line only. */
export function listOf(text: string, lines = false): string[] {
  return text
    .split(lines ? /[\r\n]+/ : /[\s,;]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

function policyOf(form: ProviderForm): ProviderPolicy {
  const policy: Record<string, unknown> = {};
  for (const key of POLICY_FIELDS) {
    const value = form[key];
    policy[key] = isListField(key) ? listOf(value as string, key === 'admin_groups') : typeof value === 'string' ? value.trim() : value;
  }
  return policy as ProviderPolicy;
}

export type SetField = <K extends keyof ProviderForm>(field: K, value: ProviderForm[K]) => void;

/** The form's fields from a provider's settings and policy. */
function toForm(settings: ProviderSettings, policy: ProviderPolicy): ProviderForm {
  const { type: _type, enabled: _enabled, position: _position, ...edited } = settings;
  return {
    ...edited,
    ...policy,
    allowed_tenants: policy.allowed_tenants.join('\n'),
    allowed_email_domains: policy.allowed_email_domains.join('\n'),
    allowed_orgs: policy.allowed_orgs.join('\n'),
    admin_groups: policy.admin_groups.join('\n'),
    client_secret: '',
  };
}

export function emptyForm(): ProviderForm {
  return toForm(defaultSettings(), defaultPolicy());
}

export function formOf(provider: Provider): ProviderForm {
  return toForm(provider as ProviderSettings, provider.policy);
}

/** The issuer to save: for Azure with a tenant id, the one the tenant gives. */
export function effectiveIssuer(type: ProviderType, form: ProviderForm): string {
  return (type === 'azure' && issuerForTenant(form.tenant_id)) || form.issuer.trim();
}

/**
 * Everything a new provider's dialog collected, without the empty fields (server presets apply).
 * Without `enabled`: a new provider starts disabled, and the dialog enables it after its test.
 */
export function inputOf(type: ProviderType, form: ProviderForm): ProviderInput {
  const input: Record<string, unknown> = { type };
  const text = { ...form, issuer: effectiveIssuer(type, form) } as Record<string, unknown>;
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
