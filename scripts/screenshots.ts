/**
 * `npm run screenshots`: starts a deskgate with sample data and the in-process OpenID
 * provider, drives the console in Chromium, and writes a PNG of each main page to
 * docs/screenshots/ (shown in the README).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium } from '../test/e2e/support/chromium.js';
import { ADMIN, startConsoleServer, type ConsoleServer } from '../test/e2e/support/console-server.js';
import { signInWithPassword } from '../test/e2e/support/pages.js';

const OUT = 'docs/screenshots';
const KEY_ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><rect width="24" height="24" rx="5" fill="#0f766e"/><circle cx="9" cy="12" r="3.2" fill="none" stroke="#fff" stroke-width="2"/><path d="M12 12h7m-2 0v3" stroke="#fff" stroke-width="2" fill="none" stroke-linecap="round"/></svg>';

async function arrange(server: ConsoleServer): Promise<void> {
  const { call, t, idp } = server;
  const step = () => t.clock.advance(37 * 60_000);
  const groups: Record<string, string> = {};
  for (const name of ['Engineering', 'Support', 'Contractors']) {
    step();
    groups[name] = ((await call('POST', '/api/admin/groups', { name, note: name === 'Contractors' ? 'Access ends with the contract' : '' })).body as { id: string }).id;
  }
  const people = [
    { name: 'maria', display_name: 'Maria Schmidt', email: 'maria@example.com', group_ids: [groups.Engineering], is_admin: true },
    { name: 'jonas', display_name: 'Jonas Berg', email: 'jonas@example.com', group_ids: [groups.Support] },
    { name: 'li.wei', display_name: 'Li Wei', email: 'li.wei@example.com', group_ids: [groups.Support, groups.Engineering] },
    { name: 'sam', display_name: 'Sam Okafor', email: 'sam@example.com', group_ids: [groups.Contractors], status: 0 },
  ];
  for (const person of people) {
    step();
    await call('POST', '/api/admin/users', { ...person, password: 'a sample password' });
  }
  step();
  await call('POST', '/api/admin/oidc/providers', {
    type: 'azure',
    name: 'azure',
    client_id: '3f6c2a9e-5d1b-4c7e-9a20-8b4f1e6d7c35',
    client_secret: 'sample-secret',
    tenant_id: 'b1c2d3e4-f5a6-4789-9abc-def012345678',
    enabled: true,
  });
  step();
  await call('POST', '/api/admin/oidc/providers', {
    type: 'oidc',
    name: 'corp',
    display_name: 'Corp SSO',
    client_id: 'deskgate-console',
    client_secret: 'console-secret',
    issuer: idp.issuer,
    icon: KEY_ICON,
    enabled: true,
  });
  step();
  await call('POST', '/api/admin/tokens', { name: 'nightly user export', scopes: ['users:read', 'groups:read'] });
  step();
  await call('POST', '/api/admin/tokens', { name: 'deployment pipeline', scopes: ['devices:write'], expires_in_days: 90 });
  step();
  await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'jonas', password: 'not the password' } });
}

async function shoot(page: Page, name: string, options: { fullPage?: boolean } = {}): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page.locator('.loading').first().waitFor({ state: 'detached', timeout: 5000 }).catch(() => undefined);
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: options.fullPage ?? false });
  console.log(`wrote ${OUT}/${name}.png`);
}

mkdirSync(OUT, { recursive: true });
const server = await startConsoleServer();
const browser = await launchChromium();
try {
  await arrange(server);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light' });
  const page = await context.newPage();
  await page.goto(`${server.base}/sign-in`);
  await page.getByRole('button', { name: 'Continue with Corp SSO' }).or(page.getByRole('link', { name: 'Continue with Corp SSO' })).waitFor();
  await shoot(page, 'sign-in');

  await signInWithPassword(page, ADMIN.name, ADMIN.password);
  await page.goto(`${server.base}/settings/oidc`);
  await page.getByRole('heading', { name: 'Corp SSO' }).waitFor();
  await shoot(page, 'settings-oidc', { fullPage: true });

  await page.getByRole('button', { name: 'New auth provider' }).click();
  const dialog = page.getByRole('dialog', { name: 'New auth provider' });
  await dialog.getByLabel('Directory (tenant) ID').fill('contoso.onmicrosoft.com');
  await dialog.getByLabel('Client ID').fill('0e8a7c51-2b3d-4f60-8a1e-9c2d4b6f8a10');
  await shoot(page, 'new-auth-provider-azure');
  await page.keyboard.press('Escape');

  await page.goto(`${server.base}/users`);
  await page.getByRole('cell', { name: /Maria Schmidt/ }).waitFor();
  await shoot(page, 'users');

  await page.goto(`${server.base}/settings/tokens`);
  await page.getByText('nightly user export').waitFor();
  await shoot(page, 'tokens');

  await page.goto(`${server.base}/settings/key`);
  await page.locator('input[name="public_key"][value$="="]').waitFor();
  await shoot(page, 'settings-key');

  await page.goto(`${server.base}/logs/console`);
  await page.getByText('provider.create').first().waitFor();
  await shoot(page, 'logs-console');

  await page.goto(`${server.base}/account`);
  await page.getByRole('heading', { name: 'Console sessions' }).waitFor();
  await shoot(page, 'my-account', { fullPage: true });

  const dark = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark', storageState: await context.storageState() });
  const darkPage = await dark.newPage();
  await darkPage.goto(`${server.base}/settings/oidc`);
  await darkPage.getByRole('heading', { name: 'Corp SSO' }).waitFor();
  await shoot(darkPage, 'settings-oidc-dark');

  const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, storageState: await context.storageState() });
  const phonePage = await phone.newPage();
  await phonePage.goto(`${server.base}/users`);
  await phonePage.getByText('Maria Schmidt').waitFor();
  await shoot(phonePage, 'users-375px');
} finally {
  await browser.close();
  await server.close();
}
