import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { exportJWK, generateKeyPair } from 'jose';
import type { Browser, Page } from 'playwright-core';
import { en } from '../../web/src/i18n/en.js';
import { launchChromium } from './support/chromium.js';
import { ADMIN, startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { signInWithPassword } from './support/pages.js';

const ENTRA = 'https://login.microsoftonline.com';

/**
 * Entra's `organizations` authority and GitHub's token endpoint, simulated (spec/oidc-rp.md §5.5):
 * discovery with the `{tenantid}` issuer, its keys, and token endpoints that refuse the test's
 * made-up code the way each provider does once it accepts the client. Anything else local goes
 * through; nothing leaves the machine.
 */
async function hostedProviders() {
  const jwk = { ...(await exportJWK((await generateKeyPair('RS256')).publicKey)), kid: 'entra-key', use: 'sig' };
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  return async (input: string, init: RequestInit): Promise<Response> => {
    const url = new URL(input);
    if (url.origin === ENTRA) {
      if (url.pathname === '/organizations/v2.0/.well-known/openid-configuration') {
        return json({
          issuer: `${ENTRA}/{tenantid}/v2.0`,
          authorization_endpoint: `${ENTRA}/organizations/oauth2/v2.0/authorize`,
          token_endpoint: `${ENTRA}/organizations/oauth2/v2.0/token`,
          jwks_uri: `${ENTRA}/organizations/discovery/v2.0/keys`,
          response_types_supported: ['code', 'id_token', 'code id_token'],
          id_token_signing_alg_values_supported: ['RS256'],
        });
      }
      if (url.pathname === '/organizations/discovery/v2.0/keys') return json({ keys: [jwk] });
      if (url.pathname === '/organizations/oauth2/v2.0/token') return json({ error: 'invalid_grant', error_description: 'AADSTS9002313: Invalid request.' }, 400);
      return json({ error: 'not_found' }, 404);
    }
    if (`${url.origin}${url.pathname}` === 'https://github.com/login/oauth/access_token') {
      return json({ error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' });
    }
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return fetch(input, init);
    return new Response('offline', { status: 599 });
  };
}

/** Settings → OIDC: Test names the part-2 findings (Entra tenants, GitHub organisations), each with what to do. */
describe('console: the provider test’s Entra and GitHub findings', { timeout: 90_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    server = await startConsoleServer({ oidcFetch: await hostedProviders() });
    // Saved turned off: a multi-tenant authority without a tenant list cannot be turned on.
    const entra = await server.call('POST', '/api/admin/oidc/providers', { type: 'azure', name: 'entra', tenant_id: 'organizations', client_id: 'app-id', client_secret: 'entra-secret' });
    assert.equal(entra.status, 201, JSON.stringify(entra.body));
    // An organisation list without read:org in the (default) scopes.
    const github = await server.call('POST', '/api/admin/oidc/providers', { type: 'github', name: 'github', client_id: 'Iv1.0123', client_secret: 'gh-secret', policy: { allowed_orgs: ['deskgate-org'] } });
    assert.equal(github.status, 201, JSON.stringify(github.body));
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(15_000);
    await page.goto(`${server.base}/settings/oidc`);
    await signInWithPassword(page, ADMIN.name, ADMIN.password);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function test(provider: string) {
    await page.goto(`${server.base}/settings/oidc`);
    const card = page.locator(`[data-provider="${provider}"]`);
    const answer = page.waitForResponse((r) => r.url().endsWith('/test') && r.request().method() === 'POST');
    await card.getByRole('button', { name: 'Test', exact: true }).click();
    assert.equal((await answer).status(), 200);
    await card.getByText(en.provider.testFailed).waitFor();
    return card;
  }

  it('names a multi-tenant Entra authority without allowed tenants, and what to set', async () => {
    const card = await test('entra');
    const authority = card.locator('li[data-check="entra_authority"]');
    await authority.getByText(en.provider.checkNames.entra_authority ?? '', { exact: true }).waitFor();
    const tenants = card.locator('li[data-check="entra_tenants"]');
    assert.equal(await tenants.getAttribute('class'), 'check-failed');
    await tenants.getByText(en.provider.checkNames.entra_tenants ?? '', { exact: true }).waitFor();
    await tenants.getByText(en.provider.checkFix).waitFor();
    await tenants.getByText(/allowed_tenants/).first().waitFor();
    await card.locator('li[data-check="entra_issuer"]').getByText(/\{tenantid\}/).first().waitFor();
  });

  it('sets a generic OAuth 2 provider’s subject field on its card', async () => {
    const corp = 'https://sso.corp.example';
    const made = await server.call('POST', '/api/admin/oidc/providers', {
      type: 'oauth2',
      name: 'corp-oauth',
      client_id: 'corp',
      client_secret: 'corp-secret',
      authorization_endpoint: `${corp}/oauth/authorize`,
      token_endpoint: `${corp}/oauth/token`,
      userinfo_endpoint: `${corp}/api/me`,
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    await page.goto(`${server.base}/settings/oidc`);
    const card = page.locator('[data-provider="corp-oauth"]');
    await card.locator('summary', { hasText: 'Advanced' }).click();
    const field = card.getByLabel(en.provider.subjectField);
    assert.equal(await field.inputValue(), '');
    await field.fill('user_id');
    const answer = page.waitForResponse((r) => r.url().includes('/api/admin/oidc/providers/') && r.request().method() === 'PATCH');
    await card.getByRole('button', { name: 'Save provider' }).click();
    assert.equal((await answer).status(), 200);
    const { body } = await server.call('GET', '/api/admin/oidc/providers');
    assert.equal((body as { name: string; subject_field: string }[]).find((p) => p.name === 'corp-oauth')?.subject_field, 'user_id');
    // Only where it applies: GitHub's people are named by their numeric id.
    const github = page.locator('[data-provider="github"]');
    await github.locator('summary', { hasText: 'Advanced' }).click();
    assert.equal(await github.getByLabel(en.provider.subjectField).count(), 0);
  });

  it('says GitHub will not show organisations without read:org, and which scopes to set', async () => {
    const card = await test('github');
    const orgs = card.locator('li[data-check="github_orgs"]');
    assert.equal(await orgs.getAttribute('class'), 'check-failed');
    await orgs.getByText(en.provider.checkNames.github_orgs ?? '', { exact: true }).waitFor();
    await orgs.getByText(en.provider.checkFix).waitFor();
    await orgs.getByText(/Add read:org to the provider’s scopes \(read:user user:email read:org\)/).waitFor();
    await card.locator('li[data-check="userinfo"]').getByText(en.provider.checkNames.userinfo ?? '', { exact: true }).waitFor();
  });
});
