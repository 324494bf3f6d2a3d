import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Value } from 'typebox/value';
import {
  AuthProvider,
  ProviderInput,
  ProviderPolicy,
  SETTING_KEYS,
  defaultPolicy,
  defaultSettings,
  policyFromJson,
  policyTypeError,
  providerSettings,
} from '../../src/domain/auth-provider.js';

describe('the auth provider definition', () => {
  it('gives every setting and policy field a default that its own schema accepts', () => {
    const settings = defaultSettings();
    assert.deepEqual(Object.keys(settings).sort(), [...SETTING_KEYS].sort());
    for (const key of SETTING_KEYS) {
      // The name is filled in from the type when left empty, so its default is the one exception.
      if (key === 'name') continue;
      assert.ok(Value.Check(providerSettings[key], settings[key]), `${key}: ${JSON.stringify(settings[key])}`);
    }
    assert.ok(Value.Check(ProviderPolicy, defaultPolicy()));
  });

  it('hands out fresh lists, so one provider’s policy never changes another’s', () => {
    const first = defaultPolicy();
    first.allowed_tenants.push('x');
    assert.deepEqual(defaultPolicy().allowed_tenants, []);
  });

  it('declares no defaults on the wire: an absent field in a change means unchanged, and a provider read back has every field', () => {
    const withDefault = (schema: object): string[] =>
      Object.entries((schema as { properties: Record<string, object> }).properties).flatMap(([key, field]) => [
        ...('default' in field ? [key] : []),
        ...('properties' in field ? withDefault(field).map((inner) => `${key}.${inner}`) : []),
      ]);
    assert.deepEqual(withDefault(ProviderInput), []);
    assert.deepEqual(withDefault(AuthProvider), []);
    assert.deepEqual(Object.keys(ProviderInput.properties).sort(), [...SETTING_KEYS, 'client_secret', 'policy'].sort());
  });

  it('never lets the admin view carry the secret', () => {
    assert.ok(!('client_secret' in AuthProvider.properties));
    assert.ok('has_client_secret' in AuthProvider.properties);
  });

  it('reads a stored policy with defaults for fields added since, and falls back to defaults when unreadable', () => {
    // A policy stored before strip_email_domain existed keeps naming people as it did.
    const stored = { ...defaultPolicy(), strip_email_domain: false };
    assert.deepEqual(policyFromJson('{"auto_register":false}'), { ...stored, auto_register: false });
    assert.deepEqual(policyFromJson('not json'), stored);
    assert.deepEqual(policyFromJson('{"allowed_tenants":"x"}'), stored);
  });

  it('strips the e-mail domain from usernames for new providers only', () => {
    assert.equal(defaultPolicy().strip_email_domain, true);
    assert.equal(policyFromJson('{"auto_register":true,"username_claim":"","allowed_tenants":[],"allowed_email_domains":[],"allow_anyone":false}').strip_email_domain, false);
    assert.equal(policyFromJson(JSON.stringify(defaultPolicy())).strip_email_domain, true, 'a new provider’s policy reads back as written');
    assert.equal(policyFromJson('{"strip_email_domain":false}').strip_email_domain, false);
    assert.equal(policyTypeError({ ...defaultPolicy(), strip_email_domain: 'yes' }), 'policy.strip_email_domain must be true or false');
  });

  it('names the first policy field of the wrong type', () => {
    assert.equal(policyTypeError({ ...defaultPolicy(), allow_anyone: 'yes' }), 'policy.allow_anyone must be true or false');
    assert.equal(policyTypeError({ ...defaultPolicy(), allowed_tenants: [1] }), 'policy.allowed_tenants must be a list of strings');
    assert.equal(policyTypeError({ ...defaultPolicy(), username_claim: 3 }), 'policy.username_claim must be a string');
    assert.equal(policyTypeError(defaultPolicy()), '');
  });
});
