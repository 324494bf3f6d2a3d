/**
 * Settings → OIDC, a provider's "Who may sign in": every policy field where it applies, and a
 * sentence that says who can sign in with the values on screen.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { ADMIN, startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { signInWithPassword } from './support/pages.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

interface PolicyBody {
  auto_register: boolean;
  default_group: string;
  groups_claim: string;
  admin_groups: string[];
  link_by_verified_email: boolean;
}

describe('console: who may sign in through a provider', { timeout: 120_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    server = await startConsoleServer();
    for (const name of ['Engineering', 'IT Admins']) {
      const group = await server.call('POST', '/api/admin/groups', { name });
      assert.equal(group.status, 201, JSON.stringify(group.body));
    }
    for (const payload of [
      { type: 'oidc', name: 'corp', display_name: 'Corp SSO', client_id: 'deskgate-console', client_secret: 'console-secret', issuer: server.idp.issuer },
      { type: 'github', name: 'github', client_id: 'gh-app', client_secret: 'gh-secret', policy: { allowed_orgs: ['acme'] } },
      { type: 'azure', name: 'entra', client_id: 'app', client_secret: 's', tenant_id: TENANT },
      { type: 'google', name: 'google', client_id: 'g-app', client_secret: 's', policy: { allowed_email_domains: ['corp.example'] } },
    ]) {
      const created = await server.call('POST', '/api/admin/oidc/providers', payload);
      assert.equal(created.status, 201, JSON.stringify(created.body));
    }
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.base}/settings/oidc`);
    await signInWithPassword(page, ADMIN.name, ADMIN.password);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function savedPolicy(name: string): Promise<PolicyBody> {
    const { body } = await server.call('GET', '/api/admin/oidc/providers');
    const provider = (body as { name: string; policy: PolicyBody }[]).find((p) => p.name === name);
    assert.ok(provider, `provider ${name} exists`);
    return provider.policy;
  }

  async function expectSummary(card: Locator, text: string): Promise<void> {
    await card.locator('.who-summary', { hasText: text }).waitFor();
  }

  async function save(card: Locator): Promise<void> {
    const answer = page.waitForResponse((r) => r.url().includes('/api/admin/oidc/providers/') && r.request().method() === 'PATCH');
    await card.getByRole('button', { name: 'Save provider' }).click();
    const response = await answer;
    assert.equal(response.status(), 200, await response.text());
  }

  it('sets the group for new accounts, the groups claim and the administrator groups, saves them and says so', async () => {
    await page.goto(`${server.base}/settings/oidc`);
    const card = page.locator('[data-provider="corp"]');
    await expectSummary(card, 'People in your Corp SSO directory can sign in. Someone signing in for the first time gets an account in the group “Default”.');

    await card.getByLabel('Group for new accounts').selectOption('Engineering');
    await card.getByLabel('Groups claim').fill('groups');
    // Group names may hold spaces: one per line.
    await card.getByLabel('Administrator groups').fill('deskgate-admins\nIT Admins');
    await card.getByText('This decides who is an administrator of deskgate').waitFor();
    await expectSummary(
      card,
      'in the group “Engineering”. Their groups follow the “groups” claim at every sign-in. Members of deskgate-admins or IT Admins are administrators',
    );
    await save(card);

    const policy = await savedPolicy('corp');
    assert.equal(policy.default_group, 'Engineering');
    assert.equal(policy.groups_claim, 'groups');
    assert.deepEqual(policy.admin_groups, ['deskgate-admins', 'IT Admins']);

    // What was saved is what the page shows after a reload.
    await page.reload();
    const reloaded = page.locator('[data-provider="corp"]');
    assert.equal(await reloaded.getByLabel('Group for new accounts').inputValue(), 'Engineering');
    await expectSummary(reloaded, 'Members of deskgate-admins or IT Admins are administrators');
  });

  it('says only people with an account can sign in when new accounts are off', async () => {
    const card = page.locator('[data-provider="corp"]');
    await card.getByLabel('Create an account the first time someone new signs in').uncheck();
    await expectSummary(card, 'Only people who already have an account can sign in (people in your Corp SSO directory)');
    assert.equal(await card.getByLabel('Group for new accounts').isDisabled(), true, 'no group to choose when no account is made');
    await save(card);
    assert.equal((await savedPolicy('corp')).auto_register, false);
  });

  it('shows each allow-list and warning only where it applies', async () => {
    const github = page.locator('[data-provider="github"]');
    await expectSummary(github, 'Anyone with a GitHub account in the organisation acme can sign in');
    assert.equal(await github.getByLabel('Allowed GitHub organisations').inputValue(), 'acme');
    assert.equal(await github.getByLabel('Allowed tenants').count(), 0);
    // The organisation list needs read:org, which GitHub's default scopes lack.
    const readOrg = github.getByText('lack read:org');
    await readOrg.waitFor();
    await github.getByText('Advanced', { exact: true }).click();
    await github.getByLabel('Scopes').fill('read:user user:email read:org');
    await readOrg.waitFor({ state: 'detached' });

    const entra = page.locator('[data-provider="entra"]');
    await expectSummary(entra, `People of the Entra tenant ${TENANT} can sign in`);
    assert.equal(await entra.getByLabel('Join an existing account with the same verified e-mail').isDisabled(), true, 'never by e-mail for Entra ID');
    assert.equal(await entra.getByLabel('Allowed GitHub organisations').count(), 0);
    assert.equal(await entra.getByLabel('Allowed e-mail domains').count(), 0, 'Entra ID vouches for no e-mail');

    const google = page.locator('[data-provider="google"]');
    await expectSummary(google, 'People of the Google Workspace domain corp.example can sign in');
    await google.getByText('the hd claim').waitFor();
    await google.getByLabel('Join an existing account with the same verified e-mail').check();
    await google.getByText('This trusts the provider’s e-mail verification').waitFor();
    await expectSummary(google, 'A first sign-in joins the existing account with the same verified e-mail address.');
    await save(google);
    assert.equal((await savedPolicy('google')).link_by_verified_email, true);
  });

  it('asks for GitHub organisations in the new provider dialog, and another type starts without them', async () => {
    await page.getByRole('button', { name: 'New auth provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'New auth provider' });
    await dialog.getByLabel('Auth type').selectOption('github');
    await dialog.getByLabel('Allowed GitHub organisations').fill('acme');
    await expectSummary(dialog, 'Anyone with a GitHub account in the organisation acme can sign in');
    await dialog.getByLabel('Auth type').selectOption('okta');
    assert.equal(await dialog.getByLabel('Allowed GitHub organisations').count(), 0);
    await expectSummary(dialog, 'People in your Okta directory can sign in');
    await dialog.getByLabel('Auth type').selectOption('github');
    assert.equal(await dialog.getByLabel('Allowed GitHub organisations').inputValue(), '', 'a list typed for one type is not sent for another');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  });
});
