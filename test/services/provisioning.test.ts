import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultPolicy, type ProviderPolicy } from '../../src/domain/auth-provider.js';
import { policyVerdicts, type VerdictContext } from '../../src/services/provisioning.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

const provider = (fields: Record<string, string>, policy: Partial<ProviderPolicy> = {}) => ({
  type: 'oidc',
  issuer: 'https://sso.corp.example/realms/staff',
  tenant_id: '',
  authorization_endpoint: '',
  token_endpoint: '',
  userinfo_endpoint: '',
  ...fields,
  policy: { ...defaultPolicy(), ...policy },
});
const context = (fields: Partial<VerdictContext> = {}): VerdictContext => ({ linked: false, linkedUsers: 0, maxAuthorizedUsers: 0, username: 'alice', ...fields });
const refused = (verdicts: { rule: string; ok: boolean }[]) => verdicts.filter((v) => !v.ok).map((v) => v.rule);

describe('policy verdicts: why a signed-in identity would or would not be admitted', () => {
  it('names every rule, all ok for a verified person at a directory with room', () => {
    const verdicts = policyVerdicts(provider({}), { claims: { email: 'alice@corp.example', email_verified: true } }, context());
    assert.deepEqual(
      verdicts.map((v) => [v.rule, v.ok]),
      [
        ['allowed_tenants', true],
        ['allowed_email_domains', true],
        ['allowed_orgs', true],
        ['auto_register', true],
        ['max_authorized_users', true],
        ['username_claim', true],
      ],
    );
    assert.ok(verdicts.every((v) => v.message.length > 0 && v.fix === undefined));
  });

  it('refuses by the rule that refuses, each with a fix', () => {
    const entra = provider({ type: 'azure', tenant_id: 'organizations', issuer: 'https://login.microsoftonline.com/organizations/v2.0' }, { allowed_tenants: [TENANT] });
    assert.deepEqual(refused(policyVerdicts(entra, { claims: { tid: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a' } }, context())), ['allowed_tenants']);
    const corp = provider({}, { allowed_email_domains: ['corp.example'] });
    assert.deepEqual(refused(policyVerdicts(corp, { claims: { email: 'alice@corp.example', email_verified: false } }, context())), ['allowed_email_domains']);
    const noRegister = provider({}, { auto_register: false });
    assert.deepEqual(refused(policyVerdicts(noRegister, { claims: {} }, context())), ['auto_register']);
    const full = policyVerdicts(provider({}), { claims: {} }, context({ linkedUsers: 3, maxAuthorizedUsers: 3, username: '' }));
    assert.deepEqual(refused(full), ['max_authorized_users', 'username_claim']);
    assert.ok(full.filter((v) => !v.ok).every((v) => v.fix && v.fix.length > 0));
    // An open provider without a policy admits no one: that is said first.
    const github = provider({ type: 'github', issuer: '', authorization_endpoint: 'https://github.com/login/oauth/authorize', token_endpoint: 'https://github.com/login/oauth/access_token', userinfo_endpoint: 'https://api.github.com/user' });
    const open = policyVerdicts(github, { claims: {} }, context())[0];
    assert.equal(open?.ok, false);
    assert.match(open?.fix ?? '', /allow_anyone/);
  });

  it('lets a linked person in at the cap and with auto_register off: both apply to new people only', () => {
    const verdicts = policyVerdicts(provider({}, { auto_register: false }), { claims: {} }, context({ linked: true, linkedUsers: 3, maxAuthorizedUsers: 3, username: '' }));
    assert.deepEqual(refused(verdicts), []);
  });
});
