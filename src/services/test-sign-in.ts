import type { Clock } from '../clock.js';
import { isAppError } from '../errors.js';
import type { OpenedProvider } from '../domain/auth-provider.js';
import type { User } from '../domain/user.js';
import { completeCallback, type VerifiedIdentity } from '../oidc/callback.js';
import type { RpRegistry } from '../oidc/client.js';
import { groupsOverage, overageVerdict } from '../oidc/entra-diagnose.js';
import type { Transactions } from '../oidc/transactions.js';
import type { Store } from '../store/index.js';
import { familyOf } from '../oidc/provider-types.js';
import type { SignInTransactionRow } from '../store/schema.js';
import { attachCandidate, claimAt, policyVerdicts, type PolicyVerdict } from './provisioning.js';
import type { SettingsService } from './settings.js';
import { uniqueName } from './sso-identities.js';
import { CALLBACK_PATH } from './sso-sign-in.js';

/** How long the console can read a test sign-in's report. */
export const TEST_REPORT_TTL_MS = 60 * 60_000;

/** The settings row a provider's latest report is kept in (every instance reads it). */
const reportKey = (providerId: string) => `test_sign_in:${providerId}`;

/** What a test sign-in found out about the person who signed in (no claim values beyond these). */
export interface TestIdentity {
  subject: string;
  issuer: string;
  /** The name claims offered: preferred_username, else login, else name. */
  name: string;
  email: string;
  email_verified: boolean;
  /** Entra ID's tenant (`tid`), '' elsewhere. */
  tenant: string;
  /** The names of the claims the provider sent (not their values). */
  claims: string[];
}

/** An administrator's test sign-in through a provider: who signed in, and each policy rule's verdict on them. */
export interface TestSignInReport {
  provider_id: string;
  provider_name: string;
  /** When the test began (the POST that made its URL), and when the provider's answer came back. */
  started_at: number;
  finished_at: number;
  /** Every verdict admits the person, and the sign-in at the provider worked. */
  ok: boolean;
  /** The sign-in at the provider itself failed: its error code and what to do; no verdicts then. */
  error: { code: string; message: string } | null;
  identity: TestIdentity | null;
  verdicts: PolicyVerdict[];
}

/** `login` is GitHub's handle; as sso-identities.ts orders the name claims. */
const NAME_CLAIMS = ['preferred_username', 'nickname', 'login', 'name'] as const;

function text(claims: Record<string, unknown>, key: string): string {
  const value = claims[key];
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

/** The values of a groups claim (a list, or one string), or undefined when the claim is absent. */
function claimValues(claims: Record<string, unknown>, claim: string): string[] | undefined {
  const value = claimAt(claims, claim);
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : [value];
  const values = list.map((v) => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '')).filter((v) => v !== '' && v.length <= 256);
  return [...new Set(values)].slice(0, 200);
}

const listed = (names: string[]) => names.map((name) => `"${name}"`).join(', ');

/**
 * Test sign-in (Settings → OIDC): an administrator signs in through a provider, enabled or not,
 * in a tab of their own. deskgate completes the code exchange and every check a sign-in makes,
 * then, instead of signing anyone in or creating anything, reports each policy rule's verdict on
 * that identity by name (`policyVerdicts`, and the groups, administrator flag and Entra groups
 * overage it would get). The latest report of each provider is kept for an hour.
 */
export function createTestSignInService(deps: {
  store: Store;
  clock: Clock;
  /** The provider, enabled or not, with its secret opened (`providers.forTest`). */
  forTest: (id: string) => Promise<OpenedProvider>;
  registry: RpRegistry;
  transactions: Transactions;
  settings: SettingsService;
  /** The base of the redirect URI for a request from `requestOrigin` (`sso.publicBase`). */
  publicBase: (requestOrigin: string) => Promise<string>;
}) {
  const { store, clock, forTest, registry, transactions, settings } = deps;

  /** The username a first sign-in would get, as sign-in picks it; '' when no claim gives one. */
  async function wouldBeNamed(provider: OpenedProvider, claims: Record<string, unknown>): Promise<string> {
    try {
      return await uniqueName(store, claims, provider.policy);
    } catch (error) {
      if (isAppError(error, 'oidc.no_username')) return '';
      throw error;
    }
  }

  /**
   * The groups and administrator flag the groups claim would give (as sign-in applies them):
   * the deskgate groups it names (by name, any case), the provider's default group when it names
   * none, and with admin groups the flag both ways. An Entra overage leaves both as they are.
   */
  async function groupVerdicts(provider: OpenedProvider, claims: Record<string, unknown>, account: User | undefined): Promise<PolicyVerdict[]> {
    const { groups_claim: rawClaim, admin_groups: adminGroups, default_group: defaultGroup } = provider.policy;
    const claim = rawClaim.trim();
    const fallback = defaultGroup.trim() && (await store.groups.findByName(defaultGroup.trim())) ? defaultGroup.trim() : 'Default';
    const values = claim ? claimValues(claims, claim) : undefined;
    const overage = claim !== '' && values === undefined && groupsOverage(claims);
    // GitHub without read:org: no organisations were read, so sign-in leaves groups and flag alone.
    const orgsUnread = claim === 'orgs' && familyOf(provider) === 'github' && !Array.isArray(claims.orgs);
    const verdicts: PolicyVerdict[] = [];
    if (!claim) {
      const joins = account ? '' : ` A new account joins "${fallback}".`;
      verdicts.push({ rule: 'groups_claim', ok: true, message: `No groups claim is set: group membership is managed in deskgate only.${joins}` });
    } else if (overage) {
      verdicts.push({ rule: 'groups_claim', ok: true, message: `The token carries no ${claim} claim but a groups overage: ${account ? 'their groups stay as they are' : `a new account joins "${fallback}"`}.` });
    } else if (orgsUnread) {
      verdicts.push({
        rule: 'groups_claim',
        ok: true,
        message: `GitHub did not grant read:org, so the person’s organisations were not read: ${account ? 'their groups stay as they are' : `a new account joins "${fallback}"`}.`,
        fix: 'Add read:org to the provider’s scopes (read:user user:email read:org).',
      });
    } else {
      const found: string[] = [];
      for (const value of (values ?? []).slice(0, 50)) {
        const group = await store.groups.findByName(value);
        if (group && !found.includes(group.name)) found.push(group.name);
      }
      const unknown = (values ?? []).filter((value) => !found.some((name) => name.toLowerCase() === value.toLowerCase()));
      const sent = values === undefined ? `The provider sent no ${claim} claim` : `The ${claim} claim holds ${values.length} value${values.length === 1 ? '' : 's'}`;
      const mapped = found.length > 0 ? `would be in ${listed(found)}` : `names no deskgate group, so they would be in "${fallback}"`;
      const rest = unknown.length > 0 ? ` (no deskgate group is named ${listed(unknown.slice(0, 10))}${unknown.length > 10 ? ' …' : ''})` : '';
      verdicts.push({
        rule: 'groups_claim',
        ok: true,
        message: `${sent}: this person ${mapped}${rest}.`,
        ...(values === undefined ? { fix: `Have the provider send the ${claim} claim (a scope or its token configuration), or change the groups claim.` } : {}),
      });
    }
    const now = account === undefined ? '' : account.is_admin ? ' Their account is an administrator.' : ' Their account is not an administrator.';
    if (adminGroups.length === 0) {
      verdicts.push({ rule: 'admin_groups', ok: true, message: `No administrator groups are set: the administrator flag is managed in deskgate only.${now}` });
    } else if (overage || orgsUnread || !claim) {
      const why = overage ? 'With the groups overage' : orgsUnread ? 'With no organisations read' : 'With no groups claim set';
      verdicts.push({ rule: 'admin_groups', ok: true, message: `${why} the administrator flag stays as it is.${now}` });
    } else {
      const wanted = new Set(adminGroups.map((group) => group.toLowerCase()));
      const matched = (values ?? []).filter((value) => wanted.has(value.toLowerCase()));
      const loses = account?.is_admin && matched.length === 0 ? ' Their account is an administrator now and would lose that at their next sign-in (unless they are the last one).' : '';
      verdicts.push({
        rule: 'admin_groups',
        ok: true,
        message: matched.length > 0 ? `Would be an administrator: the ${claim} claim holds ${listed(matched)}.` : `Would not be an administrator: the ${claim} claim holds none of the administrator groups.${loses || now}`,
      });
    }
    return verdicts;
  }

  /** Each rule's verdict on a verified identity: nothing is written. */
  async function judge(provider: OpenedProvider, identity: VerifiedIdentity): Promise<PolicyVerdict[]> {
    const { claims } = identity;
    // As sign-in finds a returning person: at Entra ID by tenant and object id first, else by subject.
    const linked = await store.identities.findLinked(provider.id, identity);
    const linkedUser = linked?.user;
    const attached = linked ? undefined : await attachCandidate(store, provider, identity);
    const verdicts = policyVerdicts(provider, identity, {
      linked: linked !== undefined,
      linkedUsers: await store.identities.countLinkedUsers(),
      maxAuthorizedUsers: await settings.get('max_authorized_users'),
      username: linked ? (linkedUser?.name ?? '') : await wouldBeNamed(provider, claims),
      attachTo: attached?.name ?? '',
    });
    if (linkedUser && linkedUser.status !== 1) {
      verdicts.push({
        rule: 'account_enabled',
        ok: false,
        message: `This identity is linked to the account "${linkedUser.name}", which is disabled: the sign-in would be refused`,
        fix: 'Enable the account under Users',
      });
    }
    const known = new Set(verdicts.map((verdict) => verdict.rule));
    for (const verdict of await groupVerdicts(provider, claims, linkedUser ?? attached)) if (!known.has(verdict.rule)) verdicts.push(verdict);
    const overage = overageVerdict(provider, claims);
    if (overage && !known.has(overage.rule)) verdicts.push(overage);
    return verdicts;
  }

  function identityOf(identity: VerifiedIdentity): TestIdentity {
    const { claims } = identity;
    const name = NAME_CLAIMS.map((claim) => text(claims, claim)).find((value) => value !== '') ?? '';
    return {
      subject: identity.subject,
      issuer: identity.issuer,
      name: name.slice(0, 128),
      email: text(claims, 'email').slice(0, 320),
      email_verified: claims.email_verified === true,
      tenant: text(claims, 'tid').slice(0, 64),
      claims: Object.keys(claims).slice(0, 100),
    };
  }

  async function keep(report: TestSignInReport): Promise<void> {
    const now = clock.now();
    await store.settings.set(reportKey(report.provider_id), { expires_at: now + TEST_REPORT_TTL_MS, report }, now);
  }

  return {
    /**
     * POST /api/admin/oidc/providers/:id/test-sign-in: a `test` transaction for the provider,
     * enabled or not; the browser goes on to `redirect` and comes back to the one callback.
     */
    async start(input: { providerId: string; requestOrigin: string }) {
      const provider = await forTest(input.providerId);
      const rp = await registry.configuration(provider);
      const startedAt = clock.now();
      const { url, browserCookie } = await transactions.begin(rp, {
        providerId: provider.id,
        expectedIssuer: registry.metadataOf(rp).issuer,
        redirectUri: `${await deps.publicBase(input.requestOrigin)}${CALLBACK_PATH}`,
        purpose: 'test',
        returnTo: '',
        scopes: provider.scopes,
        responseMode: provider.response_mode,
      });
      return { redirect: url.href, browserCookie, formPost: provider.response_mode === 'form_post', startedAt };
    },

    /**
     * The provider's answer to a test (the transaction already taken out by the callback): the
     * code exchanged and the identity verified as at any sign-in, then judged. A failure at the
     * provider becomes the report's `error`. The report is kept and returned; no user, link,
     * session or token is made, and nothing is recorded as a failed sign-in.
     */
    async complete(transaction: SignInTransactionRow, input: { params: URLSearchParams; method: 'GET' | 'POST' }): Promise<TestSignInReport> {
      const provider = await forTest(transaction.provider_id);
      const base = { provider_id: provider.id, provider_name: provider.name, started_at: transaction.created_at };
      let report: TestSignInReport;
      try {
        const identity = await completeCallback({
          registry,
          provider,
          transaction,
          params: input.params,
          method: input.method,
          // Token times are judged on the wall clock, as openid-client does.
          nowSeconds: Math.floor(Date.now() / 1000),
        });
        const verdicts = await judge(provider, identity);
        report = { ...base, finished_at: clock.now(), ok: verdicts.every((v) => v.ok), error: null, identity: identityOf(identity), verdicts };
      } catch (error) {
        if (!isAppError(error)) throw error;
        report = { ...base, finished_at: clock.now(), ok: false, error: { code: error.code, message: error.publicMessage }, identity: null, verdicts: [] };
      }
      await keep(report);
      return report;
    },

    /** The provider's latest test sign-in report, or null when none is younger than an hour. */
    async latest(providerId: string): Promise<TestSignInReport | null> {
      await forTest(providerId);
      const kept = (await store.settings.get(reportKey(providerId))) as { expires_at?: unknown; report?: TestSignInReport } | undefined;
      if (!kept || typeof kept.expires_at !== 'number' || kept.expires_at <= clock.now() || !kept.report) return null;
      return kept.report;
    },
  };
}

export type TestSignInService = ReturnType<typeof createTestSignInService>;
