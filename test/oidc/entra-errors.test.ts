/**
 * Entra ID's AADSTS codes in plain words (src/oidc/entra-errors.ts), and what a token endpoint's
 * refusal means for deskgate's settings (explainTokenError): the provider test and a failed
 * sign-in both read them, so both say the same.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aadstsCode, decodeEntraError } from '../../src/oidc/entra-errors.js';
import { explainTokenError } from '../../src/oidc/response-errors.js';

describe('Entra AADSTS codes', () => {
  const cases: [string, string, RegExp, RegExp][] = [
    ['AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value', 'secret_wrong', /not a secret of this application/, /Value.*not its Secret ID/],
    ['AADSTS7000222: The provided client secret keys for app are expired.', 'secret_expired', /has expired/, /Create a new client secret/],
    ["AADSTS700016: Application with identifier 'x' was not found in the directory 'y'.", 'client_unknown', /no application with this client ID/, /Application \(client\) ID/],
    ["AADSTS90002: Tenant 'contoso.example' not found.", 'tenant_unknown', /no tenant by this ID/, /Directory \(tenant\) ID/],
    ["AADSTS50011: The redirect URI 'http://x/api/oidc/callback' specified in the request does not match", 'redirect_uri', /not registered/, /Redirect URIs/],
    ['AADSTS50105: Your administrator has configured the application to block users', 'person', /not assigned/, /Users and groups/],
    ['AADSTS9002313: Invalid request. Request is malformed or invalid.', 'code_refused', /malformed/, /Sign in again/],
  ];
  for (const [description, kind, words, fix] of cases) {
    it(`decodes AADSTS${aadstsCode(description)} as ${kind}`, () => {
      const decoded = decodeEntraError(description);
      assert.equal(decoded?.kind, kind);
      assert.match(decoded?.words ?? '', words);
      assert.match(decoded?.words ?? '', new RegExp(`\\(AADSTS${aadstsCode(description)}\\)\\.$`));
      assert.match(decoded?.fix ?? '', fix);
      // Only the number is read: nothing else of the description is repeated.
      assert.ok(!`${decoded?.words} ${decoded?.fix}`.includes(description.slice(description.indexOf(':') + 2, description.indexOf(':') + 22)));
    });
  }

  it('knows nothing of descriptions without a known AADSTS code', () => {
    assert.equal(decodeEntraError('invalid client'), undefined);
    assert.equal(decodeEntraError('AADSTS1234567: something new'), undefined);
    assert.equal(decodeEntraError(undefined), undefined);
    assert.equal(decodeEntraError(42), undefined);
    assert.equal(aadstsCode('XAADSTS7000215'), undefined);
  });
});

describe('a token endpoint refusal in plain words', () => {
  it('reads invalid_grant to a made-up code as the client accepted', () => {
    const explained = explainTokenError({ status: 400, error: 'invalid_grant', description: 'grant request is invalid' });
    assert.equal(explained.codeOnly, true);
    assert.equal(explained.code, 'oidc.provider_error');
  });

  it('reads invalid_client, or a 401 without a body, as the secret refused', () => {
    for (const answer of [{ status: 401, error: 'invalid_client' }, { status: 400, error: 'invalid_client' }, { status: 401 }, { status: 200, error: 'incorrect_client_credentials' }]) {
      const explained = explainTokenError(answer);
      assert.equal(explained.codeOnly, false, JSON.stringify(answer));
      assert.equal(explained.code, 'oidc.client_secret_rejected');
      assert.match(explained.words, /refused deskgate's client ID or secret/);
      assert.match(explained.fix, /its value, not its ID/);
    }
  });

  it('lets an Entra code say more than the OAuth error beside it', () => {
    const expired = explainTokenError({ status: 401, error: 'invalid_client', description: 'AADSTS7000222: The provided client secret keys are expired.' });
    assert.equal(expired.code, 'oidc.client_secret_expired');
    assert.equal(expired.entra?.code, '7000222');
    const unknown = explainTokenError({ status: 400, error: 'unauthorized_client', description: "AADSTS700016: Application with identifier 'x' was not found" });
    assert.equal(unknown.code, 'oidc.client_unknown');
    const tenant = explainTokenError({ status: 400, error: 'invalid_request', description: "AADSTS90002: Tenant 'x' not found." });
    assert.equal(tenant.code, 'oidc.tenant_unknown');
    const redirect = explainTokenError({ status: 400, error: 'invalid_request', description: 'AADSTS50011: The redirect URI does not match' });
    assert.equal(redirect.code, 'oidc.redirect_uri_mismatch');
    assert.equal(redirect.codeOnly, false);
    const code = explainTokenError({ status: 400, error: 'invalid_grant', description: 'AADSTS9002313: Invalid request.' });
    assert.equal(code.codeOnly, true);
  });

  it('repeats an OAuth error only when it is a plain token, and never the description', () => {
    const odd = explainTokenError({ status: 400, error: '<script>alert(1)</script>', description: 'db-password=hunter2' });
    assert.equal(odd.error, '');
    assert.doesNotMatch(`${odd.words} ${odd.fix}`, /script|hunter2/);
    assert.match(odd.words, /answered HTTP 400/);
    const other = explainTokenError({ status: 400, error: 'invalid_request', description: 'db-password=hunter2' });
    assert.match(other.words, /\(invalid_request\)/);
    assert.doesNotMatch(`${other.words} ${other.fix}`, /hunter2/);
  });
});
