import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { createApiToken } from '../../support/fixtures.js';
import { systemActor } from '../../../src/services/audit.js';

const TENANT = 'c0ffee00-0000-4000-8000-000000000001';
const OTHER_TENANT = 'C0FFEE00-0000-4000-8000-00000000000F';

interface Refusal {
  error: string;
  code: string;
}

/** Who may register through a provider whose accounts anyone can make (DESIGN.md "Sign-in design"). */
for (const engine of await testEngines()) {
  describe(`admin API: who may sign in through a provider (${engine})`, () => {
    let t: TestApp;
    let headers: Record<string, string>;
    let counter = 0;

    before(async () => {
      t = await buildTestApp(engine);
      headers = (await createApiToken(t, ['oidc:write'])).headers;
    });
    after(() => t.close());

    const create = (payload: Record<string, unknown>) =>
      t.app.inject({ method: 'POST', url: '/api/admin/oidc/providers', headers, payload: { enabled: true, name: `p${++counter}`, client_id: 'c', ...payload } });
    const patch = (id: string, payload: Record<string, unknown>) => t.app.inject({ method: 'PATCH', url: `/api/admin/oidc/providers/${id}`, headers, payload });

    function assertRefused(response: { statusCode: number; body: string }, field: RegExp): void {
      assert.equal(response.statusCode, 400, response.body);
      const body = JSON.parse(response.body) as Refusal;
      assert.equal(body.code, 'provider.invalid');
      assert.match(body.error, field);
    }

    for (const tenant of ['organizations', 'common', 'Common']) {
      it(`refuses to enable an Azure provider for ${tenant} without allowed tenants or allow_anyone`, async () => {
        assertRefused(await create({ type: 'azure', tenant_id: tenant }), /policy\.allowed_tenants/);
        const listed = await create({ type: 'azure', tenant_id: tenant, policy: { allowed_tenants: [TENANT, OTHER_TENANT] } });
        assert.equal(listed.statusCode, 201, listed.body);
        // Tenant ids are compared as GUIDs: stored in lower case.
        assert.deepEqual((listed.json() as { policy: { allowed_tenants: string[] } }).policy.allowed_tenants, [TENANT, OTHER_TENANT.toLowerCase()]);
        const anyone = await create({ type: 'azure', tenant_id: tenant, policy: { allow_anyone: true } });
        assert.equal(anyone.statusCode, 201, anyone.body);
      });
    }

    it('counts an issuer typed in for a multi-tenant Microsoft authority, whatever the type', async () => {
      assertRefused(await create({ type: 'azure', issuer: 'https://login.microsoftonline.com/organizations/v2.0' }), /policy\.allowed_tenants/);
      assertRefused(await create({ type: 'oidc', issuer: 'https://login.microsoftonline.com/common/v2.0' }), /policy\.allowed_tenants/);
      assertRefused(await create({ type: 'oidc', issuer: 'https://accounts.google.com' }), /policy\.allowed_email_domains/);
      assertRefused(
        await create({
          type: 'oauth2',
          authorization_endpoint: 'https://github.com/login/oauth/authorize',
          token_endpoint: 'https://github.com/login/oauth/access_token',
          userinfo_endpoint: 'https://api.github.com/user',
        }),
        /policy\.allow_anyone/,
      );
    });

    it('lets personal Microsoft accounts (consumers) in only with allow_anyone', async () => {
      assertRefused(await create({ type: 'azure', tenant_id: 'consumers' }), /policy\.allow_anyone/);
      assertRefused(await create({ type: 'azure', tenant_id: 'consumers', policy: { allowed_tenants: [TENANT] } }), /policy\.allow/);
      // The personal-accounts tenant named by its id is the same audience.
      assertRefused(await create({ type: 'azure', tenant_id: '9188040d-6c67-4c5b-b112-36a304b66dad' }), /policy\.allow_anyone/);
      assert.equal((await create({ type: 'azure', tenant_id: 'consumers', policy: { allow_anyone: true } })).statusCode, 201);
    });

    it('needs allow_anyone for GitHub, and allowed e-mail domains or allow_anyone for Google', async () => {
      assertRefused(await create({ type: 'github' }), /policy\.allow_anyone/);
      assert.equal((await create({ type: 'github', policy: { allow_anyone: true } })).statusCode, 201);
      assertRefused(await create({ type: 'google' }), /policy\.allowed_email_domains/);
      const domains = await create({ type: 'google', policy: { allowed_email_domains: ['Corp.Example', 'lab.corp.example'] } });
      assert.equal(domains.statusCode, 201, domains.body);
      assert.deepEqual((domains.json() as { policy: { allowed_email_domains: string[] } }).policy.allowed_email_domains, ['corp.example', 'lab.corp.example']);
      assert.equal((await create({ type: 'google', policy: { allow_anyone: true } })).statusCode, 201);
      // gitlab.com is open to anyone too; a company's own GitLab is not.
      assertRefused(await create({ type: 'gitlab' }), /policy\.allow_anyone/);
      assert.equal((await create({ type: 'gitlab', issuer: 'https://gitlab.corp.example' })).statusCode, 201);
      // GitHub Enterprise Server is the company's own directory.
      const enterprise = await create({
        type: 'github',
        authorization_endpoint: 'https://github.corp.example/login/oauth/authorize',
        token_endpoint: 'https://github.corp.example/login/oauth/access_token',
        userinfo_endpoint: 'https://github.corp.example/api/v3/user',
      });
      assert.equal(enterprise.statusCode, 201, enterprise.body);
    });

    it('keeps a single-tenant Azure provider working with no policy, and auto_register on by default', async () => {
      for (const tenant of [TENANT, 'contoso.onmicrosoft.com']) {
        const created = await create({ type: 'azure', tenant_id: tenant });
        assert.equal(created.statusCode, 201, created.body);
        const provider = created.json() as { enabled: boolean; needs_policy: boolean; policy: Record<string, unknown> };
        assert.equal(provider.enabled, true);
        assert.equal(provider.needs_policy, false);
        assert.deepEqual(provider.policy, {
        auto_register: true, username_claim: '', allowed_tenants: [], allowed_email_domains: [], allowed_orgs: [], default_group: '', groups_claim: '',
        admin_groups: [], link_by_verified_email: false, allow_anyone: false, require_local_2fa: false, strip_email_domain: true,
      });
      }
    });

    it('saves an open provider turned off, marks it, and refuses to turn it on until a policy is set', async () => {
      const created = await create({ type: 'azure', tenant_id: 'organizations', enabled: false });
      assert.equal(created.statusCode, 201, created.body);
      const provider = created.json() as { id: string; enabled: boolean; needs_policy: boolean };
      assert.equal(provider.enabled, false);
      assert.equal(provider.needs_policy, true);
      assertRefused(await patch(provider.id, { enabled: true }), /policy\.allowed_tenants/);
      const fixed = await patch(provider.id, { enabled: true, policy: { allowed_tenants: [TENANT] } });
      assert.equal(fixed.statusCode, 200, fixed.body);
      assert.equal((fixed.json() as { needs_policy: boolean }).needs_policy, false);
      // Emptying the list of an enabled provider is refused as well.
      assertRefused(await patch(provider.id, { policy: { allowed_tenants: [] } }), /policy\.allowed_tenants/);
      // So is turning a single-tenant provider into a multi-tenant one without a list.
      const single = (await create({ type: 'azure', tenant_id: TENANT })).json() as { id: string };
      assertRefused(await patch(single.id, { tenant_id: 'common', issuer: 'https://login.microsoftonline.com/common/v2.0' }), /policy\.allowed_tenants/);
    });

    it('lets a github.com provider in with allowed GitHub organisations or allow_anyone, and nothing else', async () => {
      const refused = await create({ type: 'github' });
      assertRefused(refused, /policy\.allowed_orgs or policy\.allow_anyone is required: anyone with a GitHub account could sign in/);
      const orgs = await create({ type: 'github', scopes: 'read:user user:email read:org', policy: { allowed_orgs: ['Deskgate-Org', 'deskgate-org', ' acme '] } });
      assert.equal(orgs.statusCode, 201, orgs.body);
      const provider = orgs.json() as { id: string; needs_policy: boolean; policy: { allowed_orgs: string[] } };
      // Organisation logins are compared as GitHub does, without regard to case: stored in lower case, once.
      assert.deepEqual(provider.policy.allowed_orgs, ['deskgate-org', 'acme']);
      assert.equal(provider.needs_policy, false);
      // Emptying the list of an enabled provider is refused; allow_anyone instead is fine.
      assertRefused(await patch(provider.id, { policy: { allowed_orgs: [] } }), /policy\.allowed_orgs/);
      assert.equal((await patch(provider.id, { policy: { allowed_orgs: [], allow_anyone: true } })).statusCode, 200);
      // A generic OAuth 2 provider at github.com is GitHub too.
      const generic = {
        type: 'oauth2',
        authorization_endpoint: 'https://github.com/login/oauth/authorize',
        token_endpoint: 'https://github.com/login/oauth/access_token',
        userinfo_endpoint: 'https://api.github.com/user',
        subject_field: 'id',
      };
      assertRefused(await create(generic), /policy\.allowed_orgs/);
      assert.equal((await create({ ...generic, policy: { allowed_orgs: ['acme'] } })).statusCode, 201);
      // GitHub Enterprise Server is the company's own directory, and may still list organisations.
      const enterprise = await create({
        type: 'github',
        authorization_endpoint: 'https://github.corp.example/login/oauth/authorize',
        token_endpoint: 'https://github.corp.example/login/oauth/access_token',
        userinfo_endpoint: 'https://github.corp.example/api/v3/user',
        policy: { allowed_orgs: ['platform'] },
      });
      assert.equal(enterprise.statusCode, 201, enterprise.body);
      // gitlab.com has no organisation filter: only allow_anyone.
      assertRefused(await create({ type: 'gitlab' }), /policy\.allow_anyone is required/);
    });

    it('accepts an e-mail domain list on any provider but Entra ID', async () => {
      const okta = await create({ type: 'okta', issuer: 'https://corp.okta.com', policy: { allowed_email_domains: ['Corp.Example'] } });
      assert.equal(okta.statusCode, 201, okta.body);
      assert.deepEqual((okta.json() as { policy: { allowed_email_domains: string[] } }).policy.allowed_email_domains, ['corp.example']);
    });

    it('needs the admin scope to set or change admin_groups (whoever controls the provider could otherwise make administrators)', async () => {
      const policy = { groups_claim: 'groups', admin_groups: ['deskgate-admins'] };
      const denied = await create({ type: 'okta', issuer: 'https://corp.okta.com', policy });
      assert.equal(denied.statusCode, 403, denied.body);
      assert.match((denied.json() as Refusal).error, /admin_groups.*"admin" scope/);
      const adminHeaders = (await createApiToken(t, ['admin'], 'admin-script')).headers;
      const made = await t.app.inject({
        method: 'POST',
        url: '/api/admin/oidc/providers',
        headers: adminHeaders,
        payload: { enabled: true, name: `p${++counter}`, client_id: 'c', type: 'okta', issuer: 'https://corp.okta.com', policy },
      });
      assert.equal(made.statusCode, 201, made.body);
      const { id } = made.json() as { id: string };
      // Changing or emptying it needs admin too; the rest of the policy does not.
      assert.equal((await patch(id, { policy: { admin_groups: ['other-admins'] } })).statusCode, 403);
      assert.equal((await patch(id, { policy: { admin_groups: [] } })).statusCode, 403);
      const other = await patch(id, { policy: { auto_register: false } });
      assert.equal(other.statusCode, 200, other.body);
      assert.deepEqual((other.json() as { policy: { admin_groups: string[] } }).policy.admin_groups, ['deskgate-admins']);
    });

    it('takes a default group that exists, by name in any case', async () => {
      await t.services.groups.create(systemActor, { name: 'Contractors' });
      const made = await create({ type: 'okta', issuer: 'https://corp.okta.com', policy: { default_group: 'contractors' } });
      assert.equal(made.statusCode, 201, made.body);
    });

    describe('malformed policies', () => {
      const cases: [string, Record<string, unknown>, RegExp][] = [
        ['a tenant that is not a GUID', { type: 'azure', tenant_id: 'organizations', policy: { allowed_tenants: ['contoso.onmicrosoft.com'] } }, /policy\.allowed_tenants/],
        ['a domain that is not a host name', { type: 'google', policy: { allowed_email_domains: ['@corp.example'] } }, /policy\.allowed_email_domains/],
        ['tenants on a provider that is not Entra ID', { type: 'okta', issuer: 'https://corp.okta.com', policy: { allowed_tenants: [TENANT] } }, /policy\.allowed_tenants/],
        // Entra ID vouches for no e-mail address: its people are chosen by tenant.
        ['domains on an Entra ID provider', { type: 'azure', tenant_id: TENANT, policy: { allowed_email_domains: ['corp.example'] } }, /Entra ID sends no verified e-mail; use allowed_tenants/],
        ['admin groups without a groups claim', { type: 'okta', issuer: 'https://corp.okta.com', policy: { admin_groups: ['admins'] } }, /policy\.admin_groups needs policy\.groups_claim/],
        ['a default group that does not exist', { type: 'okta', issuer: 'https://corp.okta.com', policy: { default_group: 'No Such Group' } }, /policy\.default_group/],
        ['allow_anyone together with a list', { type: 'azure', tenant_id: 'common', policy: { allow_anyone: true, allowed_tenants: [TENANT] } }, /policy\.allow_anyone/],
        ['allow_anyone of the wrong type', { type: 'github', policy: { allow_anyone: 'yes' } }, /allow_anyone/],
        ['a list of the wrong type', { type: 'google', policy: { allowed_email_domains: 'corp.example' } }, /allowed_email_domains/],
        ['an organisation that is not a GitHub login', { type: 'github', policy: { allowed_orgs: ['-acme'] } }, /policy\.allowed_orgs must list GitHub organisation logins/],
        ['an organisation with an underscore', { type: 'github', policy: { allowed_orgs: ['acme_corp'] } }, /policy\.allowed_orgs must list GitHub organisation logins/],
        ['an organisation login longer than GitHub allows', { type: 'github', policy: { allowed_orgs: ['a'.repeat(40)] } }, /policy\.allowed_orgs must list GitHub organisation logins/],
        ['an organisation URL instead of its login', { type: 'github', policy: { allowed_orgs: ['https://github.com/acme'] } }, /policy\.allowed_orgs must list GitHub organisation logins/],
        ['organisations on a provider that is not GitHub', { type: 'okta', issuer: 'https://corp.okta.com', policy: { allowed_orgs: ['acme'] } }, /policy\.allowed_orgs applies to GitHub providers only/],
        ['organisations on Google', { type: 'google', policy: { allowed_orgs: ['acme'] } }, /policy\.allowed_orgs applies to GitHub providers only/],
        ['allow_anyone together with organisations', { type: 'github', policy: { allow_anyone: true, allowed_orgs: ['acme'] } }, /policy\.allow_anyone cannot be combined with policy\.allowed_orgs/],
        ['organisations of the wrong type', { type: 'github', policy: { allowed_orgs: 'acme' } }, /allowed_orgs/],
      ];
      for (const [name, payload, field] of cases) {
        it(`refuses ${name} with a 400 naming the field`, async () => {
          const response = await create(payload);
          assert.equal(response.statusCode, 400, response.body);
          assert.match((response.json() as Refusal).error, field);
        });
      }
    });
  });
}
