import type { ProviderPolicy } from '../domain/auth-provider.js';
import type { Check } from './diagnose.js';
import { MICROSOFT_HOSTS, PERSONAL_ACCOUNTS_TENANT, TENANT_GUID, familyOf, type AudienceInput } from './provider-types.js';

/**
 * The provider test's Entra ID findings (spec/oidc-rp.md §2): which authority the provider
 * points at, in plain words; for a multi-tenant one, whether the policy says which tenants may
 * sign in; the `{tenantid}` issuer template discovery names; and what the groups claim will
 * and will not carry (the groups overage). Nothing here fetches: discovery's issuer is passed in.
 */

/** What an Entra authority lets in: one tenant (by GUID or by domain), or one of the multi-tenant names. */
export type AuthorityKind = 'tenant' | 'domain' | 'organizations' | 'common' | 'consumers';

export interface EntraAuthority {
  kind: AuthorityKind;
  /** As entered: the GUID, the domain, or organizations/common/consumers. */
  tenant: string;
  /** The Azure type's tenant field, when it names another tenant than the issuer sign-in uses. */
  otherTenantField?: string;
}

/** The provider as these findings read it: where it points, and the policy fields they explain. */
export type EntraTested = AudienceInput & {
  policy: Pick<ProviderPolicy, 'allowed_tenants' | 'allow_anyone' | 'groups_claim' | 'admin_groups'>;
};

/** Entra's limit of groups in a JWT; past it the token names where to ask instead (spec/oidc-rp.md §2.3). */
export const GROUPS_IN_A_TOKEN = 200;

const MULTI: Record<string, AuthorityKind> = { organizations: 'organizations', common: 'common', consumers: 'consumers' };

function segmentOf(issuer: string): string | undefined {
  try {
    const url = new URL(issuer);
    if (!MICROSOFT_HOSTS.has(url.hostname.toLowerCase())) return undefined;
    return decodeURIComponent(url.pathname.split('/')[1] ?? '').toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * The authority of an Entra provider: the tenant in the issuer's path (what sign-in uses), else
 * the Azure type's tenant field. Undefined for other providers, or when no tenant is named.
 */
export function entraAuthority(provider: AudienceInput): EntraAuthority | undefined {
  if (familyOf(provider) !== 'entra') return undefined;
  const field = provider.type === 'azure' ? provider.tenant_id.trim().toLowerCase() : '';
  const inIssuer = segmentOf(provider.issuer) ?? '';
  const tenant = inIssuer || field;
  if (!tenant) return undefined;
  const other = field && inIssuer && field !== inIssuer ? { otherTenantField: field } : {};
  const multi = MULTI[tenant];
  if (multi) return { kind: multi, tenant, ...other };
  if (tenant === PERSONAL_ACCOUNTS_TENANT) return { kind: 'consumers', tenant, ...other };
  return { kind: TENANT_GUID.test(tenant) ? 'tenant' : 'domain', tenant, ...other };
}

const PERSONAL = `personal Microsoft accounts (outlook.com, hotmail.com, Xbox: their tenant is ${PERSONAL_ACCOUNTS_TENANT})`;

/** The tenant GUID a tenant-specific discovery names in its issuer (also when the authority is a domain). */
function tenantOfIssuer(issuer: string | undefined): string | undefined {
  const segment = issuer ? segmentOf(issuer) : undefined;
  return segment && TENANT_GUID.test(segment) ? segment : undefined;
}

function authorityCheck(authority: EntraAuthority, discoveredIssuer: string | undefined): Check {
  const name = 'entra_authority';
  if (authority.otherTenantField) {
    return {
      name,
      ok: false,
      message: `The tenant ID is ${authority.otherTenantField}, but the issuer names ${authority.tenant}: sign-in uses the issuer's, and who may sign in is judged by the wider of the two.`,
      fix: 'Enter the tenant again and clear the issuer under Advanced (it is filled in from the tenant), so that both name the same tenant.',
    };
  }
  switch (authority.kind) {
    case 'tenant':
      return { name, ok: true, message: `Single tenant: only people of the Entra tenant ${authority.tenant} (and guests it invited) can sign in.` };
    case 'domain': {
      const guid = tenantOfIssuer(discoveredIssuer);
      const named = guid ? ` Entra names that tenant ${guid}: that is the tid its people's tokens carry.` : '';
      return {
        name,
        ok: true,
        message: `Single tenant, named by its domain ${authority.tenant}: only people of that tenant (and guests it invited) can sign in.${named}`,
      };
    }
    case 'organizations':
      return {
        name,
        ok: true,
        message:
          'Multi-tenant (organizations): Microsoft signs in work or school accounts of any Entra tenant, not only yours; deskgate then admits only the tenants its policy allows.',
      };
    case 'common':
      return {
        name,
        ok: true,
        message: `Multi-tenant (common): Microsoft signs in work or school accounts of any Entra tenant and ${PERSONAL}; deskgate then admits only the tenants its policy allows.`,
      };
    case 'consumers':
      return { name, ok: true, message: `Personal accounts only (consumers): Microsoft signs in ${PERSONAL}, anyone who makes one.` };
  }
}

/** For a multi-tenant authority: whether the policy says which tenants may sign in. */
function tenantsCheck(authority: EntraAuthority, policy: EntraTested['policy']): Check | undefined {
  const name = 'entra_tenants';
  if (authority.kind === 'tenant' || authority.kind === 'domain') return undefined;
  if (policy.allow_anyone) {
    const who = authority.kind === 'consumers' ? 'anyone with a personal Microsoft account' : 'people of every tenant';
    return { name, ok: true, message: `allow_anyone is on: ${who} may sign in, and (with auto-register) get an account.` };
  }
  if (authority.kind === 'consumers') {
    return {
      name,
      ok: false,
      message: 'Personal accounts all share one tenant, so a tenant list cannot narrow them, and allow_anyone is off: no one is admitted.',
      fix: 'Turn on "Anyone" under Who may sign in (policy.allow_anyone), or use your organisation’s tenant ID instead of consumers.',
    };
  }
  const listed = policy.allowed_tenants;
  if (listed.length === 0) {
    return {
      name,
      ok: false,
      message: 'Neither allowed tenants nor allow_anyone is set: anyone with a work or school account in any tenant could sign in, so the provider cannot be turned on.',
      fix: 'List the Directory (tenant) IDs allowed under Who may sign in (policy.allowed_tenants; each is a GUID, as in the tid claim), or turn on "Anyone".',
    };
  }
  const personal =
    authority.kind === 'common' && !listed.includes(PERSONAL_ACCOUNTS_TENANT) ? ` Personal Microsoft accounts are refused (add ${PERSONAL_ACCOUNTS_TENANT} to admit them).` : '';
  const shown = listed.slice(0, 5).join(', ') + (listed.length > 5 ? ` and ${listed.length - 5} more` : '');
  return {
    name,
    ok: true,
    message: `Only people of the ${listed.length === 1 ? 'tenant' : `${listed.length} tenants`} listed may sign in (${shown}), checked against each token's tid.${personal}`,
  };
}

/** Discovery's issuer: the `{tenantid}` template of a multi-tenant authority, recognised and explained. */
function issuerTemplateCheck(authority: EntraAuthority, discoveredIssuer: string | undefined): Check | undefined {
  if (!discoveredIssuer?.includes('{tenantid}')) return undefined;
  const multi = authority.kind !== 'tenant' && authority.kind !== 'domain';
  return {
    name: 'entra_issuer',
    ok: true,
    message: `Discovery names the issuer template ${discoveredIssuer}: ${
      multi ? 'each ID token must name' : 'ID tokens name'
    } the person's own tenant in place of {tenantid}, and that tenant must be the tid the token carries; sign-in checks both.`,
  };
}

const OVERAGE =
  `When a person is in more than ${GROUPS_IN_A_TOKEN} groups, Entra leaves the groups claim out of the ID token and sends _claim_names (or hasgroups) instead, pointing at Microsoft Graph (the groups overage): ` +
  'deskgate then sees no groups for that person, so none are mapped, and admin_groups cannot make them an administrator.';
const OVERAGE_FIX =
  'In the app registration → Token configuration → Edit groups claim, choose "Groups assigned to the application" (only the groups assigned to the enterprise application are sent, which keeps the count low); or define app roles, assign them to people or groups, and set the groups claim to roles.';

/** What the groups claim will carry from Entra: object ids, and nothing at all past 200 groups. */
function groupsCheck(policy: EntraTested['policy']): Check | undefined {
  const claim = policy.groups_claim.trim();
  if (!claim && policy.admin_groups.length === 0) return undefined;
  const name = 'entra_groups';
  if (claim === 'roles') {
    return {
      name,
      ok: true,
      message:
        'The groups claim is roles: Entra sends the app roles assigned to the person in this application, whatever the number of their groups, so there is no groups overage. Name deskgate groups (and admin groups) after the roles’ values.',
    };
  }
  const noClaim = claim ? '' : 'Administrator groups are set but no groups claim is named. ';
  const ids = claim === 'groups' ? ' Entra puts group object ids (GUIDs) in the groups claim, not names: name deskgate groups (and admin groups) after the ids.' : '';
  return { name, ok: true, message: `${noClaim}${OVERAGE}${ids}`, fix: OVERAGE_FIX };
}

/**
 * A domain authority's discovery (`…/contoso.onmicrosoft.com/v2.0`) names its tenant's GUID
 * issuer, which openid-client accepts from login.microsoftonline.com and ID tokens then carry:
 * the tenant GUID it names, else undefined (another provider, or issuers that must match).
 */
export function entraDomainTenant(entered: string, discovered: string): string | undefined {
  try {
    const [from, to] = [new URL(entered), new URL(discovered)];
    if (from.origin !== 'https://login.microsoftonline.com' || to.origin !== from.origin) return undefined;
    const tenant = /^\/([^/]+)\/v2\.0\/?$/.exec(from.pathname)?.[1]?.toLowerCase();
    const named = /^\/([0-9a-f-]{36})\/v2\.0$/i.exec(to.pathname)?.[1];
    return tenant && named && !TENANT_GUID.test(tenant) && !MULTI[tenant] && TENANT_GUID.test(named) ? named.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The Entra findings of the provider test, or none for another provider. `discoveredIssuer` is
 * the issuer discovery named (undefined when discovery failed).
 */
export function entraChecks(provider: EntraTested, discoveredIssuer: string | undefined): Check[] {
  const authority = entraAuthority(provider);
  if (!authority) return [];
  return [
    authorityCheck(authority, discoveredIssuer),
    tenantsCheck(authority, provider.policy),
    issuerTemplateCheck(authority, discoveredIssuer),
    groupsCheck(provider.policy),
  ].filter((check): check is Check => check !== undefined);
}

/**
 * Whether an Entra token left its groups out (the groups overage): `_claim_names.groups`
 * names a claim source instead, or `hasgroups` is true (spec/oidc-rp.md §2.3).
 */
export function groupsOverage(claims: Record<string, unknown>): boolean {
  const names = claims._claim_names;
  const sourced = typeof names === 'object' && names !== null && Object.hasOwn(names, 'groups');
  return sourced || claims.hasgroups === true || claims.hasgroups === 'true';
}

/** The test sign-in's verdict on the groups a signed-in person's token carried, when the policy reads them. */
export function overageVerdict(
  provider: EntraTested,
  claims: Record<string, unknown>,
): { rule: string; ok: boolean; message: string; fix?: string } | undefined {
  const claim = provider.policy.groups_claim.trim();
  const reads = claim !== '' || provider.policy.admin_groups.length > 0;
  if (!reads || familyOf(provider) !== 'entra') return undefined;
  const rule = 'groups_overage';
  if (groupsOverage(claims)) {
    return { rule, ok: false, message: `This person's token carries no groups claim but _claim_names or hasgroups: ${OVERAGE}`, fix: OVERAGE_FIX };
  }
  const carried = claim ? claims[claim] : undefined;
  const count = Array.isArray(carried) ? carried.length : 0;
  return { rule, ok: true, message: `No groups overage: the token carries ${claim ? `the ${claim} claim with ${count} value${count === 1 ? '' : 's'}` : 'no groups claim'}.` };
}
