import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { LdapSettingsInput } from '../../src/domain/ldap.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createApiToken, createUser } from '../support/fixtures.js';
import { BASE_DN, JDOE_GUID_TEXT, PEOPLE, READER_DN, READER_PASSWORD, startLdap, type TestLdap } from '../support/ldap.js';

/**
 * The README's LDAP examples, as an administrator would paste them: the OpenLDAP, StartTLS and
 * Active Directory blocks of "LDAP and Active Directory", with only what names their own
 * directory (server, CA, bind account, suffix) replaced by the test slapd's, are accepted and work.
 * Everything else (filters, attributes, id attributes) is the README's text as it stands.
 */

const ldap: TestLdap = await startLdap();
after(() => ldap.stop());

function ldapExamples(): LdapSettingsInput[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## LDAP and Active Directory'), readme.indexOf('## HTTPS behind a reverse proxy'));
  return [...section.matchAll(/```json\n([\s\S]*?)\n```/g)].map((m) => JSON.parse(m[1]!.replaceAll('…', 'x')) as LdapSettingsInput);
}

/** The README's names for an administrator's own directory, mapped to the test slapd's. */
function ours(example: LdapSettingsInput, base: string): LdapSettingsInput {
  const suffix = (dn: string) => dn.replace(/dc=corp,dc=example,dc=com$/i, base).replace(/dc=example,dc=com$/i, base);
  const secure = example.url?.startsWith('ldaps://');
  return {
    ...example,
    url: secure ? ldap.ldapsUrl : ldap.url,
    ca_pem: ldap.caPem,
    bind_dn: READER_DN,
    bind_password: READER_PASSWORD,
    ...(example.base_dn ? { base_dn: suffix(example.base_dn) } : {}),
    ...(example.admin_group_dn ? { admin_group_dn: suffix(example.admin_group_dn) } : {}),
  };
}

describe('the README’s LDAP examples against slapd', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  const [openLdap, startTls, activeDirectory] = ldapExamples();

  before(async () => {
    t = await buildTestApp('sqlite');
    await createUser(t, { name: 'root', is_admin: true });
    headers = (await createApiToken(t, ['admin'])).headers;
  });
  after(() => t.close());

  const put = async (payload: LdapSettingsInput) => {
    const response = await t.app.inject({ method: 'PUT', url: '/api/admin/ldap', headers, payload });
    assert.equal(response.statusCode, 200, response.body);
  };
  const test = async (username: string, password: string) => {
    const response = await t.app.inject({ method: 'POST', url: '/api/admin/ldap/test', headers, payload: { username, password } });
    assert.equal(response.statusCode, 200, response.body);
    return response.json() as { ok: boolean; steps: { message: string }[]; user?: { id: string; username: string; is_admin: boolean | null } };
  };

  it('has the three examples', () => {
    assert.equal(openLdap?.id_attribute, 'entryUUID');
    assert.equal(startTls?.start_tls, true);
    assert.equal(activeDirectory?.id_attribute, 'objectGUID');
  });

  it('OpenLDAP over ldaps:// with a private CA: the person found, the password checked, the administrators group read', async () => {
    await put(ours(openLdap!, BASE_DN));
    const report = await test('alice', PEOPLE.alice);
    assert.equal(report.ok, true, JSON.stringify(report.steps));
    assert.equal(report.user?.username, 'alice');
    assert.equal(report.user?.is_admin, true);
  });

  it('StartTLS on ldap:// with the same CA', async () => {
    await put(ours({ ...openLdap!, ...startTls! }, BASE_DN));
    const report = await test('bob', PEOPLE.bob);
    assert.equal(report.ok, true, JSON.stringify(report.steps));
    assert.match(report.steps[0]!.message, /\(StartTLS\)/);
  });

  it('Active Directory (the AD-like entries): sAMAccountName, objectGUID, and disabled accounts left out', async () => {
    await put(ours(activeDirectory!, `ou=ad,${BASE_DN}`));
    const report = await test('jdoe', PEOPLE.jdoe);
    assert.equal(report.ok, true, JSON.stringify(report.steps));
    assert.equal(report.user?.id, JDOE_GUID_TEXT);
    assert.equal(report.user?.is_admin, false);
    // userAccountControl with the disabled bit: the filter finds nobody.
    const gone = await test('gone', PEOPLE.gone);
    assert.equal(gone.ok, false);
    assert.match(gone.steps.at(-1)!.message, /No entry/);
  });
});
