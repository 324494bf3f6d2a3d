import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError, type ErrorCode } from '../../src/errors.js';
import { admit, checkAudience, type AudienceFields } from '../../src/services/registration-policy.js';

const code = (c: ErrorCode) => (error: unknown) => isAppError(error, c);
const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const OTHER_TENANT = 'f8cdef31-a31e-4b4a-93e4-5f571e91255a';

const provider = (fields: Partial<{ type: string; issuer: string; tenant_id: string; authorization_endpoint: string; token_endpoint: string; userinfo_endpoint: string }>) => ({
  type: 'oidc',
  issuer: '',
  tenant_id: '',
  authorization_endpoint: '',
  token_endpoint: '',
  userinfo_endpoint: '',
  ...fields,
});
const policy = (fields: Partial<AudienceFields> = {}): AudienceFields => ({ allowed_tenants: [], allowed_email_domains: [], allow_anyone: false, ...fields });

const entraMulti = provider({ type: 'azure', tenant_id: 'organizations', issuer: 'https://login.microsoftonline.com/organizations/v2.0' });
const entraOne = provider({ type: 'azure', tenant_id: TENANT, issuer: `https://login.microsoftonline.com/${TENANT}/v2.0` });
const google = provider({ type: 'google', issuer: 'https://accounts.google.com' });
const github = provider({
  type: 'github',
  authorization_endpoint: 'https://github.com/login/oauth/authorize',
  token_endpoint: 'https://github.com/login/oauth/access_token',
  userinfo_endpoint: 'https://api.github.com/user',
});
const keycloak = provider({ type: 'keycloak', issuer: 'https://sso.corp.example/realms/staff' });

describe('registration policy: who may sign in through a provider', () => {
  it('keeps an open provider from being enabled without an allow-list or an explicit "anyone"', () => {
    for (const [name, p] of [['multi-tenant Entra', entraMulti], ['Google', google], ['github.com', github]] as const) {
      assert.throws(() => checkAudience({ ...p, enabled: true }, policy()), code('provider.invalid'), name);
      // Saved turned off, it is fine; turned on with "anyone", too.
      checkAudience({ ...p, enabled: false }, policy());
      checkAudience({ ...p, enabled: true }, policy({ allow_anyone: true }));
    }
    // One organisation's directory needs nothing.
    checkAudience({ ...entraOne, enabled: true }, policy());
    checkAudience({ ...keycloak, enabled: true }, policy());
    // Personal Microsoft accounts and gitlab.com are open to anyone, whatever the type says.
    assert.throws(() => checkAudience({ ...provider({ type: 'azure', tenant_id: 'consumers' }), enabled: true }, policy()), code('provider.invalid'));
    assert.throws(() => checkAudience({ ...provider({ type: 'oidc', issuer: 'https://gitlab.com' }), enabled: true }, policy()), code('provider.invalid'));
    // A "custom OIDC" provider pointed at Microsoft's multi-tenant authority is judged as Entra.
    assert.throws(() => checkAudience({ ...provider({ issuer: 'https://login.microsoftonline.com/common/v2.0' }), enabled: true }, policy()), code('provider.invalid'));
  });

  it('accepts an allow-list of the provider’s own kind, cleaned up, and refuses the other kind', () => {
    const tenants = checkAudience({ ...entraMulti, enabled: true }, policy({ allowed_tenants: [` ${TENANT.toUpperCase()} `, TENANT, ''] }));
    assert.deepEqual(tenants.allowed_tenants, [TENANT]);
    const domains = checkAudience({ ...google, enabled: true }, policy({ allowed_email_domains: ['Corp.Example', 'corp.example'] }));
    assert.deepEqual(domains.allowed_email_domains, ['corp.example']);
    assert.throws(() => checkAudience({ ...google, enabled: true }, policy({ allowed_tenants: [TENANT] })), code('provider.invalid'));
    assert.throws(() => checkAudience({ ...keycloak, enabled: true }, policy({ allowed_tenants: [TENANT] })), code('provider.invalid'));
  });

  it('accepts an e-mail domain list for any provider but Entra ID, which vouches for no e-mail', () => {
    const domains = checkAudience({ ...keycloak, enabled: true }, policy({ allowed_email_domains: ['Corp.Example'] }));
    assert.deepEqual(domains.allowed_email_domains, ['corp.example']);
    for (const entra of [entraMulti, entraOne]) {
      assert.throws(
        () => checkAudience({ ...entra, enabled: true }, policy({ allowed_tenants: [TENANT], allowed_email_domains: ['corp.example'] })),
        (error: unknown) => isAppError(error, 'provider.invalid') && /Entra ID sends no verified e-mail; use allowed_tenants/.test(error.publicMessage),
      );
    }
  });

  it('refuses malformed entries, over-long lists, and "anyone" combined with a list', () => {
    assert.throws(() => checkAudience({ ...entraMulti, enabled: false }, policy({ allowed_tenants: ['contoso.onmicrosoft.com'] })), code('provider.invalid'));
    assert.throws(() => checkAudience({ ...google, enabled: false }, policy({ allowed_email_domains: ['@corp.example'] })), code('provider.invalid'));
    assert.throws(() => checkAudience({ ...google, enabled: false }, policy({ allowed_email_domains: ['https://corp.example'] })), code('provider.invalid'));
    const many = Array.from({ length: 101 }, (_, i) => `d${i}.example`);
    assert.throws(() => checkAudience({ ...google, enabled: false }, policy({ allowed_email_domains: many })), code('provider.invalid'));
    checkAudience({ ...google, enabled: false }, policy({ allowed_email_domains: many.slice(0, 100) }));
    assert.throws(() => checkAudience({ ...google, enabled: true }, policy({ allow_anyone: true, allowed_email_domains: ['corp.example'] })), code('provider.invalid'));
  });

  it('admits only people of an allowed Entra tenant (tid) or Google domain (hd), at every sign-in', () => {
    const entra = { ...entraMulti, policy: policy({ allowed_tenants: [TENANT] }) };
    admit(entra, { tid: TENANT });
    admit(entra, { tid: TENANT.toUpperCase() });
    assert.throws(() => admit(entra, { tid: OTHER_TENANT }), code('oidc.tenant_not_allowed'));
    assert.throws(() => admit(entra, {}), code('oidc.tenant_not_allowed'));
    assert.throws(() => admit(entra, { tid: 42 }), code('oidc.tenant_not_allowed'));

    const workspace = { ...google, policy: policy({ allowed_email_domains: ['corp.example'] }) };
    admit(workspace, { hd: 'Corp.Example' });
    // The e-mail's domain does not count: a consumer account has no hd.
    assert.throws(() => admit(workspace, { email: 'ceo@corp.example' }), code('oidc.domain_not_allowed'));
    assert.throws(() => admit(workspace, { hd: 'other.example' }), code('oidc.domain_not_allowed'));
  });

  it('admits people of an allowed domain by a verified e-mail at any other provider, and no one without one', () => {
    const corp = { ...keycloak, policy: policy({ allowed_email_domains: ['corp.example'] }) };
    admit(corp, { email: 'Alice@Corp.Example', email_verified: true });
    assert.throws(() => admit(corp, { email: 'alice@corp.example', email_verified: false }), code('oidc.domain_not_allowed'));
    // Only the boolean: a string "true" is not the provider vouching.
    assert.throws(() => admit(corp, { email: 'alice@corp.example', email_verified: 'true' }), code('oidc.domain_not_allowed'));
    assert.throws(() => admit(corp, { name: 'Quiet Person' }), code('oidc.domain_not_allowed'));
    assert.throws(() => admit(corp, { email: 'eve@other.example', email_verified: true }), code('oidc.domain_not_allowed'));
    // A look-alike is another domain: no suffix matching.
    assert.throws(() => admit(corp, { email: 'eve@evilcorp.example', email_verified: true }), code('oidc.domain_not_allowed'));
    assert.throws(() => admit(corp, { email: 'eve@corp.example.evil', email_verified: true }), code('oidc.domain_not_allowed'));
    // The person is told why: no confirmed address, not a wrong domain.
    assert.throws(
      () => admit(corp, { name: 'Quiet Person' }),
      (error: unknown) => isAppError(error, 'oidc.domain_not_allowed') && /confirmed no e-mail address/.test(error.publicMessage),
    );
    // Entra ID: a list stored past the checks admits no one, whatever e-mail the token carries.
    const entra = { ...entraOne, policy: policy({ allowed_email_domains: ['corp.example'] }) };
    assert.throws(() => admit(entra, { tid: TENANT, email: 'alice@corp.example', email_verified: true }), code('oidc.domain_not_allowed'));
  });

  it('admits anyone through a directory or an explicit "anyone", and no one through an open provider without a policy', () => {
    admit({ ...keycloak, policy: policy() }, {});
    admit({ ...github, policy: policy({ allow_anyone: true }) }, { login: 'octocat' });
    admit({ ...entraMulti, policy: policy({ allow_anyone: true }) }, { tid: OTHER_TENANT });
    // A row edited by hand past the checks: nobody gets in.
    assert.throws(() => admit({ ...github, policy: policy() }, { login: 'octocat' }), code('provider.not_found'));
    assert.throws(() => admit({ ...entraMulti, policy: policy() }, { tid: TENANT }), code('provider.not_found'));
  });
});
