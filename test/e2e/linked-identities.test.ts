import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { en } from '../../web/src/i18n/en.js';
import { createUser } from '../support/fixtures.js';
import { launchChromium } from './support/chromium.js';
import { ADMIN, startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { signInWithPassword } from './support/pages.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/**
 * Users → a person's linked sign-ins: each identity with its provider, its Entra tenant when it
 * has one, and its last sign-in; unlinking one takes it away.
 */
describe('console: a person’s linked sign-ins', { timeout: 90_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let page: Page;

  before(async () => {
    server = await startConsoleServer();
    const created = await server.call('POST', '/api/admin/oidc/providers', { type: 'azure', name: 'entra', client_id: 'app', client_secret: 's', tenant_id: TENANT, enabled: true });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const provider = created.body as { id: string; issuer: string };
    const adele = await createUser(server.t, { name: 'adele', email: 'adele@contoso.example' });
    const at = Date.UTC(2026, 10, 30, 9, 15);
    // As an Entra sign-in leaves it: the tenant and object id beside the pairwise subject.
    await server.t.store.identities.insert({
      id: 'link-adele', user_id: adele.id, provider_id: provider.id, issuer: provider.issuer, subject: 'pairwise-subject', email: 'adele@contoso.example',
      created_at: at, last_sign_in_at: at, tenant_id: TENANT, object_id: 'b3f1c2d4-0000-4000-8000-00000000beef', refresh_token: '', revalidated_at: 0,
    });
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.base}/users`);
    await signInWithPassword(page, ADMIN.name, ADMIN.password);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('moves an identity to the account named, saying so when no account has that name', async () => {
    const provider = (await server.call('GET', '/api/admin/oidc/providers')).body as { id: string; issuer: string }[];
    const stray = await createUser(server.t, { name: 'adele2' });
    await createUser(server.t, { name: 'adele-old' });
    await server.t.store.identities.insert({
      id: 'link-stray', user_id: stray.id, provider_id: provider[0]!.id, issuer: provider[0]!.issuer, subject: 'stray-subject', email: '',
      created_at: 0, last_sign_in_at: 0, tenant_id: TENANT, object_id: 'b3f1c2d4-0000-4000-8000-00000000cafe', refresh_token: '', revalidated_at: 0,
    });
    await page.reload();
    await page.getByRole('button', { name: `${en.common.edit} adele2`, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: en.users.editTitle('adele2') });
    await dialog.locator('li').filter({ hasText: 'stray-subject' }).getByRole('button', { name: en.users.moveIdentity }).click();
    const move = page.getByRole('dialog', { name: en.users.moveTitle });
    await move.getByLabel(en.users.moveTo).fill('nobody-here');
    await move.getByRole('button', { name: en.users.moveConfirm }).click();
    await move.getByText(en.users.moveNoSuchUser('nobody-here')).waitFor();
    await move.getByLabel(en.users.moveTo).fill('adele-old');
    await move.getByRole('button', { name: en.users.moveConfirm }).click();
    await dialog.getByText(en.users.noIdentities).waitFor();
    const old = await server.t.services.users.findByName('adele-old');
    const moved = (await server.call('GET', `/api/admin/users/${old?.id}/identities`)).body as { subject: string }[];
    assert.deepEqual(moved.map((i) => i.subject), ['stray-subject']);
    await dialog.getByRole('button', { name: en.common.close }).click();
  });

  it('shows the identity with its provider, Entra tenant and last sign-in, and unlinks it when asked', async () => {
    await page.getByRole('button', { name: `${en.common.edit} adele`, exact: true }).click();
    const dialog = page.getByRole('dialog', { name: en.users.editTitle('adele') });
    const row = dialog.locator('li').filter({ hasText: 'entra' });
    await row.getByText(TENANT, { exact: true }).waitFor();
    await row.getByText(`${en.users.tenant}:`).waitFor();
    await row.getByText('pairwise-subject').waitFor();
    await row.getByText(`${en.users.lastSignIn}:`).waitFor();
    assert.equal(await row.getByText(en.common.never).count(), 0, 'the last sign-in is shown');

    await row.getByRole('button', { name: en.users.unlink }).click();
    await page.getByRole('dialog', { name: en.users.unlinkTitle }).getByRole('button', { name: en.users.unlink }).click();
    await dialog.getByText(en.users.noIdentities).waitFor();
    const adele = await server.t.services.users.findByName('adele');
    assert.deepEqual((await server.call('GET', `/api/admin/users/${adele?.id}/identities`)).body, []);
  });
});
