/**
 * The provider test's Entra ID findings, against Entra simulated through openid-client's custom
 * fetch (as test/oidc/entra.test.ts): which authority the provider points at, whether a
 * multi-tenant one says which tenants may sign in, the `{tenantid}` issuer template, and the
 * groups overage explained when the policy reads groups.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { groupsOverage, overageVerdict } from '../../src/oidc/entra-diagnose.js';
import { systemActor } from '../../src/services/audit.js';
import type { ProviderInput } from '../../src/domain/auth-provider.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createApiToken } from '../support/fixtures.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const DOMAIN = 'contoso.onmicrosoft.com';
const ORIGIN = 'https://login.microsoftonline.com';
const PERSONAL = '9188040d-6c67-4c5b-b112-36a304b66dad';

/**
 * Entra's discovery, keys and token endpoint for any authority (a domain resolves to TENANT); a
 * code from `issue` is exchanged for an ID token of TENANT carrying `claims`.
 */
async function fakeEntra() {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'entra-key', use: 'sig' };
  const codes = new Map<string, { nonce: string; claims: Record<string, unknown> }>();
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  const fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const url = new URL(input);
    if (url.origin !== ORIGIN) return new Response('offline', { status: 599 });
    const [, authority = '', ...rest] = url.pathname.split('/');
    const path = rest.join('/');
    if (path === 'v2.0/.well-known/openid-configuration') {
      const issuerTenant = ['organizations', 'common'].includes(authority) ? '{tenantid}' : authority === 'consumers' ? PERSONAL : TENANT;
      return json({
        issuer: `${ORIGIN}/${issuerTenant}/v2.0`,
        authorization_endpoint: `${ORIGIN}/${authority}/oauth2/v2.0/authorize`,
        token_endpoint: `${ORIGIN}/${authority}/oauth2/v2.0/token`,
        jwks_uri: `${ORIGIN}/${authority}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
      });
    }
    if (path === 'discovery/v2.0/keys') return json({ keys: [jwk] });
    if (path === 'oauth2/v2.0/token') {
      const form = new URLSearchParams(String(init.body));
      const grant = codes.get(form.get('code') ?? '');
      // The made-up code of the secret check is refused: the client was accepted.
      if (!grant) return json({ error: 'invalid_grant', error_description: 'AADSTS9002313: Invalid request.' }, 400);
      codes.delete(form.get('code') ?? '');
      const now = Math.floor(Date.now() / 1000);
      const idToken = await new SignJWT({ tid: TENANT, oid: 'b3f1c2d4-0000-4000-8000-00000000beef', nonce: grant.nonce, ...grant.claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'entra-key', typ: 'JWT' })
        .setIssuer(`${ORIGIN}/${TENANT}/v2.0`)
        .setAudience('app-id')
        .setSubject('pairwise-subject')
        .setIssuedAt(now)
        .setExpirationTime(now + 3600)
        .sign(privateKey);
      return json({ token_type: 'Bearer', access_token: 'at', expires_in: 3600, id_token: idToken });
    }
    return json({ error: 'not_found' }, 404);
  };
  return {
    fetch,
    issue(nonce: string, claims: Record<string, unknown>): string {
      const code = crypto.randomUUID();
      codes.set(code, { nonce, claims });
      return code;
    },
  };
}

interface Check {
  name: string;
  ok: boolean;
  message: string;
  fix?: string;
}

describe('provider test: Entra ID findings', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  let entra: Awaited<ReturnType<typeof fakeEntra>>;

  before(async () => {
    entra = await fakeEntra();
    t = await buildTestApp('sqlite', { oidcFetch: entra.fetch });
    headers = (await createApiToken(t, ['oidc:write'])).headers;
  });
  after(() => t.close());

  let made = 0;
  /** A provider (off unless the input turns it on, so a multi-tenant one may lack its policy), tested through the admin API. */
  async function test(input: ProviderInput) {
    made += 1;
    const provider = await t.services.providers.create(systemActor, {
      type: 'azure',
      name: `entra-${made}`,
      client_id: 'app-id',
      client_secret: 'entra-secret',
      ...input,
    });
    const response = await t.app.inject({ method: 'POST', url: `/api/admin/oidc/providers/${provider.id}/test`, headers });
    assert.equal(response.statusCode, 200, response.body);
    const report = response.json() as { ok: boolean; checks: Check[] };
    const find = (name: string) => report.checks.find((check) => check.name === name);
    return { report, find };
  }

  it('names a tenant GUID a single tenant, and asks for no tenant list', async () => {
    const { report, find } = await test({ tenant_id: TENANT });
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.equal(find('entra_authority')?.message, `Single tenant: only people of the Entra tenant ${TENANT} (and guests it invited) can sign in.`);
    assert.equal(find('entra_tenants'), undefined);
    assert.equal(find('entra_issuer'), undefined);
    assert.equal(find('entra_groups'), undefined);
  });

  it('names a domain authority a single tenant, with the tenant id discovery gives it', async () => {
    const { report, find } = await test({ tenant_id: DOMAIN });
    assert.equal(report.ok, true, JSON.stringify(report));
    const authority = find('entra_authority')?.message ?? '';
    assert.match(authority, /^Single tenant, named by its domain contoso\.onmicrosoft\.com/);
    assert.match(authority, new RegExp(`Entra names that tenant ${TENANT}`));
  });

  it('refuses a multi-tenant authority (organizations) with neither allowed tenants nor allow_anyone, and says what to set', async () => {
    const { report, find } = await test({ tenant_id: 'organizations' });
    assert.equal(report.ok, false);
    assert.match(find('entra_authority')?.message ?? '', /^Multi-tenant \(organizations\): Microsoft signs in work or school accounts of any Entra tenant/);
    const tenants = find('entra_tenants');
    assert.equal(tenants?.ok, false);
    assert.match(tenants?.message ?? '', /anyone with a work or school account in any tenant could sign in/);
    assert.match(tenants?.fix ?? '', /policy\.allowed_tenants/);
    assert.match(tenants?.fix ?? '', /"Anyone"/);
  });

  it('recognises the {tenantid} issuer template, and lists the allowed tenants of a common authority', async () => {
    const { report, find } = await test({ tenant_id: 'common', policy: { allowed_tenants: [TENANT] } });
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.match(find('entra_authority')?.message ?? '', /^Multi-tenant \(common\).*personal Microsoft accounts/);
    const tenants = find('entra_tenants')?.message ?? '';
    assert.match(tenants, new RegExp(`Only people of the tenant listed may sign in \\(${TENANT}\\)`));
    assert.match(tenants, new RegExp(`Personal Microsoft accounts are refused \\(add ${PERSONAL} to admit them\\)`));
    assert.match(find('entra_issuer')?.message ?? '', /^Discovery names the issuer template https:\/\/login\.microsoftonline\.com\/\{tenantid\}\/v2\.0: each ID token must name the person's own tenant/);
  });

  it('says allow_anyone lets every tenant in', async () => {
    const { find } = await test({ tenant_id: 'organizations', policy: { allow_anyone: true } });
    assert.deepEqual(find('entra_tenants'), {
      name: 'entra_tenants',
      ok: true,
      message: 'allow_anyone is on: people of every tenant may sign in, and (with auto-register) get an account.',
    });
  });

  it('explains that personal accounts (consumers) need allow_anyone', async () => {
    const refused = await test({ tenant_id: 'consumers' });
    assert.match(refused.find('entra_authority')?.message ?? '', /^Personal accounts only \(consumers\)/);
    assert.equal(refused.find('entra_tenants')?.ok, false);
    assert.match(refused.find('entra_tenants')?.fix ?? '', /policy\.allow_anyone/);
    const open = await test({ tenant_id: 'consumers', policy: { allow_anyone: true } });
    assert.equal(open.find('entra_tenants')?.ok, true);
    assert.match(open.find('entra_tenants')?.message ?? '', /anyone with a personal Microsoft account may sign in/);
  });

  it('explains the groups overage and its fix when the policy reads the groups claim', async () => {
    const { report, find } = await test({ tenant_id: TENANT, policy: { groups_claim: 'groups' } });
    assert.equal(report.ok, true, 'advice, not a failure');
    const groups = find('entra_groups');
    assert.match(groups?.message ?? '', /more than 200 groups, Entra leaves the groups claim out of the ID token and sends _claim_names \(or hasgroups\)/);
    assert.match(groups?.message ?? '', /group object ids \(GUIDs\)/);
    assert.match(groups?.fix ?? '', /"Groups assigned to the application"/);
    assert.match(groups?.fix ?? '', /set the groups claim to roles/);
  });

  it('test sign-in: names the tenant not allowed and the groups overage of the person who signed in, and creates nothing', async () => {
    const provider = await t.services.providers.create(systemActor, {
      type: 'azure',
      name: 'entra-test-sign-in',
      client_id: 'app-id',
      client_secret: 'entra-secret',
      tenant_id: 'organizations',
      policy: { allowed_tenants: ['f00dcafe-0000-4000-8000-0000000000ff'], groups_claim: 'groups' },
    });
    const started = await t.app.inject({ method: 'POST', url: `/api/admin/oidc/providers/${provider.id}/test-sign-in`, headers });
    assert.equal(started.statusCode, 200, started.body);
    const authorize = new URL((started.json() as { url: string }).url);
    assert.equal(authorize.origin + authorize.pathname, `${ORIGIN}/organizations/oauth2/v2.0/authorize`);
    // More than 200 groups: Entra names where to ask instead of listing them.
    const code = entra.issue(authorize.searchParams.get('nonce') ?? '', {
      preferred_username: 'adele@contoso.com',
      _claim_names: { groups: 'src1' },
      _claim_sources: { src1: { endpoint: 'https://graph.microsoft.com/v1.0/users/b3f1c2d4/getMemberObjects' } },
    });
    const callback = await t.app.inject({
      method: 'GET',
      url: `/api/oidc/callback?${new URLSearchParams({ code, state: authorize.searchParams.get('state') ?? '' })}`,
      headers: { cookie: String(started.headers['set-cookie']).split(';')[0] ?? '' },
    });
    assert.equal(callback.statusCode, 200, callback.body);
    assert.match(callback.body, /would be refused<\/strong> by: Allowed tenants, Groups overage\./);
    const report = (await t.app.inject({ method: 'GET', url: `/api/admin/oidc/providers/${provider.id}/test-sign-in`, headers })).json() as {
      identity: { tenant: string };
      verdicts: { rule: string; ok: boolean; message: string; fix?: string }[];
    };
    assert.equal(report.identity.tenant, TENANT);
    const verdict = (rule: string) => report.verdicts.find((v) => v.rule === rule);
    assert.equal(verdict('allowed_tenants')?.ok, false);
    assert.equal(verdict('groups_overage')?.ok, false);
    assert.match(verdict('groups_overage')?.message ?? '', /_claim_names or hasgroups/);
    assert.match(verdict('groups_overage')?.fix ?? '', /"Groups assigned to the application"/);
    assert.equal(await t.store.identities.countLinkedUsers(), 0);
    assert.equal(await t.store.users.findByName('adele'), undefined);
  });

  it('judges the values on screen, not saved, and names a tenant field that disagrees with the issuer', async () => {
    const provider = await t.services.providers.create(systemActor, { type: 'azure', name: 'entra-unsaved', client_id: 'app-id', client_secret: 'entra-secret', tenant_id: TENANT });
    const run = async (payload: Record<string, unknown>) => {
      const response = await t.app.inject({ method: 'POST', url: `/api/admin/oidc/providers/${provider.id}/test`, headers, payload });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { tested: string; checks: Check[] };
    };
    const apart = await run({ tenant_id: 'organizations' });
    assert.equal(apart.tested, 'unsaved');
    const authority = apart.checks.find((c) => c.name === 'entra_authority');
    assert.equal(authority?.ok, false);
    assert.match(authority?.message ?? '', new RegExp(`^The tenant ID is organizations, but the issuer names ${TENANT}`));
    assert.match(authority?.fix ?? '', /clear the issuer under Advanced/);

    const open = await run({ tenant_id: 'organizations', issuer: `${ORIGIN}/organizations/v2.0` });
    assert.equal(open.checks.find((c) => c.name === 'entra_tenants')?.ok, false);
    const listed = await run({ tenant_id: 'organizations', issuer: `${ORIGIN}/organizations/v2.0`, policy: { allowed_tenants: [TENANT] } });
    assert.equal(listed.checks.find((c) => c.name === 'entra_tenants')?.ok, true);
    assert.match(listed.checks.find((c) => c.name === 'entra_issuer')?.message ?? '', /\{tenantid\}/);
  });

  it('says app roles (groups claim roles) have no overage', async () => {
    const { find } = await test({ tenant_id: TENANT, policy: { groups_claim: 'roles' } });
    assert.match(find('entra_groups')?.message ?? '', /^The groups claim is roles: .* so there is no groups overage/);
    assert.equal(find('entra_groups')?.fix, undefined);
  });
});

describe('groups overage in a signed-in person’s token', () => {
  const provider = {
    type: 'azure',
    issuer: `${ORIGIN}/${TENANT}/v2.0`,
    tenant_id: TENANT,
    authorization_endpoint: '',
    token_endpoint: '',
    userinfo_endpoint: '',
    policy: { allowed_tenants: [], allow_anyone: false, groups_claim: 'groups', admin_groups: [] },
  };

  it('is found from _claim_names.groups or hasgroups, and not from an ordinary groups claim', () => {
    assert.equal(groupsOverage({ _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: 'https://graph.microsoft.com/v1.0/users/x/getMemberObjects' } } }), true);
    assert.equal(groupsOverage({ hasgroups: true }), true);
    assert.equal(groupsOverage({ groups: ['a', 'b'] }), false);
    assert.equal(groupsOverage({ _claim_names: { other: 'src1' } }), false);
  });

  it('refuses by name with the fix, or counts the groups carried', () => {
    const over = overageVerdict(provider, { _claim_names: { groups: 'src1' } });
    assert.equal(over?.rule, 'groups_overage');
    assert.equal(over?.ok, false);
    assert.match(over?.fix ?? '', /Groups assigned to the application/);
    assert.deepEqual(overageVerdict(provider, { groups: ['a', 'b'] }), {
      rule: 'groups_overage',
      ok: true,
      message: 'No groups overage: the token carries the groups claim with 2 values.',
    });
    assert.equal(overageVerdict({ ...provider, policy: { ...provider.policy, groups_claim: '' } }, {}), undefined);
  });
});
