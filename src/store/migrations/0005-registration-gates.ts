import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';

/**
 * Providers anyone can get an account at — a multi-tenant Entra authority (common,
 * organizations, consumers), Google, GitHub, gitlab.com — now need a policy saying who may sign
 * in (allowed tenants, allowed domains, or "anyone") before they may be on. Those that were on
 * without one are switched off here, not deleted: their settings and linked people stay, the
 * console marks them, and an administrator turns them back on once the policy is set. Each is
 * recorded in the console audit log.
 *
 * The rule is copied as it stands at this migration (src/oidc/provider-types.ts `audienceOf`),
 * so that later changes there never change what this step did.
 */

interface ProviderRow {
  id: string;
  name: string;
  type: string;
  issuer: string;
  tenant_id: string;
  authorization_endpoint: string;
  token_endpoint: string;
  userinfo_endpoint: string;
  policy: string;
}

interface Tables {
  auth_providers: ProviderRow & { enabled: number; updated_at: number };
  console_audit: {
    id: string;
    created_at: number;
    actor_type: string;
    actor_id: string;
    actor_name: string;
    action: string;
    target_type: string;
    target_id: string;
    target_name: string;
    detail: string;
    ip: string;
  };
}

const MICROSOFT_HOSTS = new Set(['login.microsoftonline.com', 'login.microsoftonline.us', 'login.partner.microsoftonline.cn', 'login.windows.net']);
const PERSONAL_ACCOUNTS_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad';

function hostOf(value: string): string {
  try {
    return new URL(value).hostname.toLowerCase();
  } catch {
    return '';
  }
}

function microsoftTenant(issuer: string): string | undefined {
  if (!MICROSOFT_HOSTS.has(hostOf(issuer))) return undefined;
  const segment = new URL(issuer).pathname.split('/')[1] ?? '';
  try {
    return decodeURIComponent(segment).toLowerCase();
  } catch {
    return segment.toLowerCase();
  }
}

/** Why anyone could sign in through the provider without a policy, or undefined if not. */
function openTo(row: ProviderRow): 'tenants' | 'domains' | 'anyone' | undefined {
  const msTenant = microsoftTenant(row.issuer);
  if (row.type === 'azure' || msTenant !== undefined) {
    const tenants = [row.type === 'azure' ? row.tenant_id.toLowerCase() : '', msTenant ?? ''];
    if (tenants.some((t) => t === 'consumers' || t === PERSONAL_ACCOUNTS_TENANT)) return 'anyone';
    if (tenants.some((t) => t === 'common' || t === 'organizations' || t === '{tenantid}')) return 'tenants';
    return undefined;
  }
  if (row.type === 'google' || hostOf(row.issuer) === 'accounts.google.com') return 'domains';
  const hosts = [row.issuer, row.authorization_endpoint, row.token_endpoint, row.userinfo_endpoint].map(hostOf);
  if (hosts.some((h) => h === 'github.com' || h === 'api.github.com' || h === 'gitlab.com')) return 'anyone';
  return undefined;
}

function policyCovers(policyText: string, audience: 'tenants' | 'domains' | 'anyone'): boolean {
  let policy: Record<string, unknown>;
  try {
    policy = JSON.parse(policyText) as Record<string, unknown>;
  } catch {
    return false;
  }
  if (policy.allow_anyone === true) return true;
  const list = audience === 'tenants' ? policy.allowed_tenants : audience === 'domains' ? policy.allowed_email_domains : undefined;
  return Array.isArray(list) && list.length > 0;
}

const REASONS = {
  tenants: 'people of any Microsoft Entra tenant could sign in; set allowed tenants (or allow anyone), then turn it on',
  domains: 'anyone with a Google account could sign in; set allowed e-mail domains (or allow anyone), then turn it on',
  anyone: 'anyone with an account at this provider could sign in; allow anyone explicitly, then turn it on',
};

export async function up(db: Kysely<unknown>): Promise<void> {
  const k = db as unknown as Kysely<Tables>;
  const rows = await k
    .selectFrom('auth_providers')
    .select(['id', 'name', 'type', 'issuer', 'tenant_id', 'authorization_endpoint', 'token_endpoint', 'userinfo_endpoint', 'policy'])
    .where('enabled', '=', 1)
    .orderBy('id')
    .execute();
  const now = Date.now();
  let sequence = 0;
  for (const row of rows) {
    const audience = openTo(row);
    if (!audience || policyCovers(row.policy, audience)) continue;
    await k.updateTable('auth_providers').set({ enabled: 0, updated_at: now }).where('id', '=', row.id).execute();
    // The audit log's time-ordered id (services/secrets.ts newTimeOrderedId).
    const id = `${now.toString(16).padStart(12, '0')}-${(++sequence).toString(16).padStart(6, '0')}-${randomBytes(6).toString('hex')}`;
    await k
      .insertInto('console_audit')
      .values({
        id,
        created_at: now,
        actor_type: 'system',
        actor_id: '',
        actor_name: 'deskgate',
        action: 'provider.update',
        target_type: 'auth_provider',
        target_id: row.id,
        target_name: row.name,
        detail: JSON.stringify({ changed: ['enabled'], enabled: false, reason: `Turned off by the upgrade: ${REASONS[audience]}` }),
        ip: '',
      })
      .execute();
  }
}

export async function down(): Promise<void> {
  throw new Error('deskgate migrations are forward-only');
}
