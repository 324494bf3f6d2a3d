import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { ADMIN, startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { signInWithPassword } from './support/pages.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';

/** What a script running in the page sees; `expression` is evaluated there. */
async function inPage<T>(page: Page, expression: string): Promise<T> {
  return (await page.evaluate(expression)) as T;
}

async function expectHeading(page: Page, name: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

describe('web console in Chromium', { timeout: 180_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const problems: string[] = [];

  async function userId(name: string): Promise<string> {
    const users = (await server.call('GET', `/api/admin/users?search=${name}`)).body as { data: { id: string; name: string }[] };
    const id = users.data.find((u) => u.name === name)?.id;
    assert.ok(id, name);
    return id;
  }

  function watch(p: Page): Page {
    p.setDefaultTimeout(10_000);
    p.on('console', (message) => {
      if (message.type() === 'error' && /Content.Security.Policy|Refused to/i.test(message.text())) problems.push(message.text());
    });
    p.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    return p;
  }

  before(async () => {
    server = await startConsoleServer();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.base });
    page = watch(await context.newPage());
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('serves the console at / with a strict Content-Security-Policy', async () => {
    const response = await fetch(`${server.base}/`);
    assert.equal(response.status, 200);
    const csp = response.headers.get('content-security-policy') ?? '';
    for (const directive of ["default-src 'self'", "script-src 'self'", "img-src 'self' data:", "frame-ancestors 'none'", "object-src 'none'"]) {
      assert.ok(csp.includes(directive), `${directive} in ${csp}`);
    }
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|https?:/);
    const html = await response.text();
    assert.doesNotMatch(html.replace(/<script[^>]*src="[^"]+"[^>]*><\/script>/g, ''), /<script/, 'no inline script');
  });

  it('an administrator signs in with a password, and no token lands in JavaScript storage', async () => {
    await page.goto(`${server.base}/`);
    await page.waitForURL(/\/sign-in$/);
    await page.getByLabel('Username').fill(ADMIN.name);
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('The username or password is wrong.').waitFor();

    await signInWithPassword(page, ADMIN.name, ADMIN.password);
    await expectHeading(page, 'Users');
    assert.equal(await inPage<string>(page, 'document.cookie'), '', 'the session cookie is HttpOnly');
    assert.equal(await inPage<number>(page, 'sessionStorage.length'), 0);
    const stored = await inPage<string>(page, 'JSON.stringify(Object.entries(localStorage))');
    assert.doesNotMatch(stored, /csrf|token|session/i);
  });

  it('creates an Azure provider through the dialog, the issuer filled from the tenant id', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'OIDC' }).click();
    await expectHeading(page, 'Settings → OIDC');
    await page.getByRole('button', { name: 'New auth provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'New auth provider' });
    assert.equal(await dialog.getByLabel('Auth type').inputValue(), 'azure');
    await dialog.getByText('Set up Microsoft Entra ID').waitFor();
    await dialog.getByLabel('Directory (tenant) ID').fill(TENANT);
    assert.equal(await dialog.getByLabel('Issuer').inputValue(), `https://login.microsoftonline.com/${TENANT}/v2.0`);
    await dialog.getByLabel('Client ID').fill('11111111-2222-3333-4444-555555555555');
    await dialog.getByLabel('Client secret').fill('azure-secret-value');
    await dialog.getByRole('button', { name: 'OK' }).click();
    await dialog.waitFor({ state: 'detached' });
    // Saved disabled; the next step offers its test. Left disabled, then turned on from its card.
    const step = page.getByRole('dialog', { name: 'Test the new provider' });
    await step.getByText('Microsoft is saved and disabled.').waitFor();
    await step.getByRole('button', { name: 'Leave disabled' }).click();
    await step.waitFor({ state: 'detached' });

    const card = page.locator('[data-provider="azure"]');
    const azureSwitch = card.getByRole('switch', { name: 'Enable Microsoft' });
    assert.equal(await azureSwitch.isChecked(), false);
    await card.getByText('Disabled', { exact: true }).waitFor();
    await azureSwitch.click();
    await page.getByText('Microsoft is enabled: its button is on the sign-in pages.').waitFor();
    await card.getByText('Enabled', { exact: true }).waitFor();
    assert.equal(await card.getByLabel('Issuer').inputValue(), `https://login.microsoftonline.com/${TENANT}/v2.0`);
    const { body } = await server.call('GET', '/api/admin/oidc/providers');
    const azure = (body as { name: string; issuer: string; has_client_secret: boolean }[]).find((p) => p.name === 'azure');
    assert.equal(azure?.issuer, `https://login.microsoftonline.com/${TENANT}/v2.0`);
    assert.equal(azure?.has_client_secret, true);
  });

  it('creates a Custom OIDC provider disabled; its test passes, then Enable turns it on with a toast', async () => {
    await page.getByRole('button', { name: 'New auth provider' }).click();
    const dialog = page.getByRole('dialog', { name: 'New auth provider' });
    await dialog.getByLabel('Auth type').selectOption('oidc');
    await dialog.getByLabel(/^Name/).fill('corp');
    await dialog.getByLabel('Button label').fill('Corp SSO');
    await dialog.getByLabel('Client ID').fill('deskgate-console');
    await dialog.getByLabel('Client secret').fill('console-secret');
    await dialog.getByLabel('Issuer').fill(server.idp.issuer);
    await dialog.getByRole('button', { name: 'OK' }).click();
    await dialog.waitFor({ state: 'detached' });

    const corp = async () => ((await server.call('GET', '/api/admin/oidc/providers')).body as { name: string; enabled: boolean }[]).find((p) => p.name === 'corp');
    const step = page.getByRole('dialog', { name: 'Test the new provider' });
    await step.getByText('Corp SSO is saved and disabled.').waitFor();
    assert.equal((await corp())?.enabled, false);
    const card = page.locator('[data-provider="corp"]');
    await card.getByText('Disabled', { exact: true }).waitFor();
    // The test runs as soon as it is saved; it passes, so the dialog offers Enable (not "Enable anyway").
    await step.getByText('Everything deskgate checked works.').waitFor();
    assert.equal(await step.getByRole('button', { name: 'Enable anyway' }).count(), 0);
    await step.getByRole('button', { name: 'Enable', exact: true }).click();
    await step.waitFor({ state: 'detached' });
    await page.getByText('Corp SSO is enabled: its button is on the sign-in pages.').waitFor();
    await card.getByText('Enabled', { exact: true }).waitFor();
    assert.equal(await card.getByRole('switch', { name: 'Enable Corp SSO' }).isChecked(), true);
    assert.equal((await corp())?.enabled, true);

    await card.getByRole('button', { name: 'Test', exact: true }).click();
    await card.getByText('Everything deskgate checked works.').waitFor();
  });

  it('shows the logout addresses in the card beside the callback URL, and pins an address that changes nothing without asking', async () => {
    // Nothing pinned: the callback URL follows the address the console is opened at, this one.
    assert.equal((await server.call('PUT', '/api/admin/oidc/settings', { public_url: '' })).status, 204);
    await page.reload();
    await expectHeading(page, 'Settings → OIDC');
    const card = page.locator('form.card').filter({ has: page.getByLabel('Callback URL') });
    assert.equal(await card.locator('input[name="backchannel_logout_url"]').inputValue(), `${server.base}/api/oidc/backchannel-logout`);
    assert.equal(await card.locator('input[name="post_logout_redirect_uri"]').inputValue(), `${server.base}/`);
    await page.getByRole('button', { name: 'Use this address for callbacks' }).click();
    await page.getByText('deskgate now uses this page’s address for callbacks.').waitFor();
    assert.equal(await page.getByRole('dialog').count(), 0, 'no confirmation: the callback URL stays the same');
    const settings = (await server.call('GET', '/api/admin/oidc/settings')).body as Record<string, unknown>;
    assert.deepEqual([settings.public_url, settings.redirect_uri_source], [server.base, 'saved']);
    await page.getByRole('button', { name: 'Use this address for callbacks' }).waitFor({ state: 'detached' });
  });

  it('copies the callback URL; saving the user limit leaves the public URL alone, and pinning it shows the old and new callback URL', async () => {
    const expected = `${server.base}/api/oidc/callback`;
    // Another address was pinned before (the one people use through a proxy, say).
    assert.equal((await server.call('PUT', '/api/admin/oidc/settings', { public_url: 'https://desk.example.com' })).status, 204);
    await page.reload();
    await expectHeading(page, 'Settings → OIDC');
    assert.equal(await page.getByLabel('Callback URL').first().inputValue(), expected);
    await page.getByRole('button', { name: 'Copy Callback URL' }).click();
    await page.getByRole('button', { name: 'Copy Callback URL' }).getByText('Copied').waitFor();
    assert.equal(await inPage<string>(page, 'navigator.clipboard.readText()'), expected);

    await page.getByLabel('Maximum number of authorized users').fill('25');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.', { exact: true }).waitFor();
    const saved = (await server.call('GET', '/api/admin/oidc/settings')).body as Record<string, unknown>;
    assert.equal(saved.max_authorized_users, 25);
    assert.equal(saved.public_url, 'https://desk.example.com', 'saving the limit left the public URL as it was');
    assert.equal(saved.redirect_uri, 'https://desk.example.com/api/oidc/callback');

    // The page is on http://localhost: no Entra https hint.
    assert.equal(await page.getByText('Microsoft Entra ID accepts only https://').count(), 0);
    await page.getByRole('button', { name: 'Use this address for callbacks' }).click();
    const pin = page.getByRole('dialog', { name: 'Use this address for callbacks?' });
    assert.equal(await pin.locator('[data-callback="now"]').textContent(), 'https://desk.example.com/api/oidc/callback');
    assert.equal(await pin.locator('[data-callback="after"]').textContent(), expected);
    await pin.getByRole('button', { name: 'Use this address' }).click();
    await page.getByText('deskgate now uses this page’s address for callbacks.').waitFor();
    const settings = (await server.call('GET', '/api/admin/oidc/settings')).body as Record<string, unknown>;
    assert.equal(settings.public_url, server.base);
    assert.equal(settings.redirect_uri, expected);
    assert.equal(settings.redirect_uri_source, 'saved');
    assert.equal(settings.max_authorized_users, 25);
    await page.getByRole('button', { name: 'Use this address for callbacks' }).waitFor({ state: 'detached' });
  });

  it('signs out, then signs in again through the provider’s button; a non-admin sees only their own pages', async () => {
    server.idp.signInAs('alice');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in/);
    await page.getByRole('link', { name: 'Continue with Corp SSO' }).click();
    // The provider signs alice in and sends the browser back to the page it left.
    await page.waitForURL(`${server.base}/settings/oidc`);
    await expectHeading(page, 'Not available');
    const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    assert.deepEqual(links, ['My account', 'My devices', 'My connections', 'Address books']);
    await page.getByRole('link', { name: 'Go to my account' }).click();
    await expectHeading(page, 'My account');
    await page.getByText('Your account has no password: you sign in through single sign-on.').waitFor();
    assert.equal(await page.locator('.topbar-user').textContent(), 'Alice Example');

    await page.goto(`${server.base}/users`);
    await expectHeading(page, 'Not available');
    assert.equal(await inPage<number>(page, "fetch('/api/admin/users').then((r) => r.status)"), 403);
    assert.equal(await inPage<number>(page, "fetch('/api/admin/oidc/providers').then((r) => r.status)"), 403);
  });

  it('refuses a change that carries the session cookie but no CSRF token', async () => {
    const patch = (headers: string) =>
      `fetch('/api/account', { method: 'PATCH', headers: { 'content-type': 'application/json', ${headers} }, body: JSON.stringify({ display_name: 'Changed' }) })
        .then(async (r) => [r.status, (await r.json()).code ?? null])`;
    assert.deepEqual(await inPage(page, patch('')), [403, 'auth.csrf']);
    assert.deepEqual(await inPage(page, patch("'x-csrf-token': 'guessed'")), [403, 'auth.csrf']);
    const withToken = `fetch('/api/session').then((r) => r.json()).then((s) => ${patch("'x-csrf-token': s.csrf_token")})`;
    assert.deepEqual(await inPage(page, withToken), [200, null]);
  });

  it('refuses password sign-in off while no administrator is linked to an enabled provider, saying why; otherwise confirms who it affects', async () => {
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const admin = watch(await desk.newPage());
    await admin.goto(`${server.base}/sign-in`);
    await signInWithPassword(admin, ADMIN.name, ADMIN.password);
    await admin.goto(`${server.base}/settings/others`);
    await expectHeading(admin, 'Settings → Others');
    const toggle = admin.getByRole('switch', { name: 'Allow signing in with a username and password' });
    await toggle.click();
    await admin.getByText('Password sign-in cannot be turned off: no enabled administrator would have a way to sign in').waitFor();
    await admin.getByText(/Have an administrator sign in through an enabled provider first/).waitFor();
    assert.equal(await toggle.isChecked(), true);
    assert.equal(((await server.call('GET', '/api/admin/settings')).body as { password_login: boolean }).password_login, true);

    // alice (linked through Corp SSO) becomes an administrator: now it may go off, after a confirmation.
    const alice = await userId('alice');
    assert.equal((await server.call('PATCH', `/api/admin/users/${alice}`, { is_admin: true })).status, 200);
    try {
      await toggle.click();
      const confirm = admin.getByRole('dialog', { name: 'Turn password sign-in off?' });
      await confirm.getByText('Password sign-in off: 1 person without a linked provider will no longer be able to sign in: admin.').waitFor();
      await confirm.getByRole('button', { name: 'Cancel' }).click();
      await confirm.waitFor({ state: 'detached' });
      assert.equal(((await server.call('GET', '/api/admin/settings')).body as { password_login: boolean }).password_login, true);
    } finally {
      assert.equal((await server.call('PATCH', `/api/admin/users/${alice}`, { is_admin: false })).status, 200);
    }
    await desk.close();
  });

  it('keeps logs for the days an administrator sets on Settings → Others, refusing what is not a whole number of days', async () => {
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const admin = watch(await desk.newPage());
    await admin.goto(`${server.base}/sign-in`);
    await signInWithPassword(admin, ADMIN.name, ADMIN.password);
    await admin.goto(`${server.base}/settings/others`);
    await expectHeading(admin, 'Settings → Others');
    await admin.getByText('Now: logs are kept forever.').waitFor();
    const days = admin.getByLabel('Keep logs for (days)');
    assert.equal(await days.inputValue(), '0');
    const save = admin.locator('form', { has: days }).getByRole('button', { name: 'Save' });
    try {
      await days.fill('-3');
      await admin.getByText('The number of days cannot be negative. Enter 0 to keep logs forever.').waitFor();
      assert.equal(await save.isDisabled(), true);
      await days.fill('4000');
      await admin.getByText('At most 3650 days (ten years). Enter 0 to keep logs forever.').waitFor();
      await days.fill('7.5');
      await admin.getByText('Enter a whole number of days, without decimals.').waitFor();
      assert.equal(await save.isDisabled(), true);

      await days.fill('90');
      await save.click();
      await admin.getByText('Now: logs are kept for 90 days.').waitFor();
      assert.equal(((await server.call('GET', '/api/admin/settings')).body as { log_retention_days: number }).log_retention_days, 90);
      const audit = (await server.call('GET', '/api/admin/audit/console?action=settings.update')).body as { data: { actor: { name: string }; detail: unknown }[] };
      assert.deepEqual([audit.data[0]?.actor.name, audit.data[0]?.detail], [ADMIN.name, { log_retention_days: 90 }]);
    } finally {
      await server.call('PUT', '/api/admin/settings', { log_retention_days: 0 });
    }
    await desk.close();
  });

  it('offers only the provider buttons when password sign-in is off', async () => {
    // An administrator linked through an enabled provider keeps a way in (else the change is refused).
    const alice = await userId('alice');
    assert.equal((await server.call('PATCH', `/api/admin/users/${alice}`, { is_admin: true })).status, 200);
    assert.equal((await server.call('PUT', '/api/admin/settings', { password_login: false })).status, 200);
    try {
      const visitor = watch(await browser.newPage());
      await visitor.goto(`${server.base}/sign-in`);
      await visitor.getByRole('link', { name: 'Continue with Corp SSO' }).waitFor();
      await visitor.getByRole('link', { name: 'Continue with Microsoft' }).waitFor();
      await visitor.getByText('Password sign-in is turned off').waitFor();
      assert.equal(await visitor.getByLabel('Username').count(), 0);
      const href = await visitor.getByRole('link', { name: 'Continue with Corp SSO' }).getAttribute('href');
      assert.equal(href, '/api/oidc/login/corp?return_to=%2F');
      await visitor.close();
    } finally {
      await server.call('PUT', '/api/admin/settings', { password_login: true });
      await server.call('PATCH', `/api/admin/users/${alice}`, { is_admin: false });
    }
  });

  it('an administrator creates a user, puts them in a group, signs them out, disables and deletes them', async () => {
    assert.equal((await server.call('POST', '/api/admin/groups', { name: 'Support' })).status, 201);
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const admin = watch(await desk.newPage());
    await admin.goto(`${server.base}/sign-in`);
    await signInWithPassword(admin, ADMIN.name, ADMIN.password);

    await admin.getByRole('button', { name: 'New user' }).click();
    const create = admin.getByRole('dialog', { name: 'New user' });
    await create.getByLabel('Username').fill('dora');
    await create.getByLabel(/^Display name/).fill('Dora Explorer');
    await create.getByLabel(/^Password/).fill('dora password 1');
    await create.getByRole('button', { name: 'Create' }).click();
    await create.waitFor({ state: 'detached' });
    await admin.getByRole('cell', { name: /Dora Explorer/ }).waitFor();

    await admin.getByRole('button', { name: 'Edit dora' }).click();
    const edit = admin.getByRole('dialog', { name: 'Edit dora' });
    await edit.getByLabel('Support').check();
    // A confirmation opened inside the edit form must not submit that form.
    await edit.getByRole('button', { name: 'Sign out everywhere' }).click();
    await admin.getByRole('dialog', { name: 'Sign dora out everywhere?' }).getByRole('button', { name: 'Sign out everywhere' }).click();
    await edit.getByText('Signed out of 0 RustDesk clients and 0 console sessions.').waitFor();
    await edit.getByRole('button', { name: 'Save' }).click();
    await edit.waitFor({ state: 'detached' });
    await admin.getByRole('row', { name: /dora/ }).getByRole('cell', { name: 'Support' }).waitFor();

    await admin.getByRole('button', { name: 'Disable dora' }).click();
    await admin.getByRole('row', { name: /dora/ }).getByText('Disabled').waitFor();
    await admin.getByRole('button', { name: 'Delete dora' }).click();
    await admin.getByRole('dialog', { name: 'Delete dora?' }).getByRole('button', { name: 'Delete' }).click();
    await admin.getByRole('cell', { name: /Dora Explorer/ }).waitFor({ state: 'detached' });
    const { body } = await server.call('GET', '/api/admin/users?search=dora');
    assert.equal((body as { total: number }).total, 0);
    await desk.close();
  });

  it('refuses to change where a provider’s keys come from while people are linked, and unlinks them only when asked', async () => {
    // alice signed in through Corp SSO above: one person is linked through it.
    const providers = async () => (await server.call('GET', '/api/admin/oidc/providers')).body as { id: string; name: string; jwks_uri: string }[];
    const corp = (await providers()).find((p) => p.name === 'corp');
    assert.ok(corp);
    const desk = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const admin = watch(await desk.newPage());
    await admin.goto(`${server.base}/sign-in`);
    await signInWithPassword(admin, ADMIN.name, ADMIN.password);
    await admin.goto(`${server.base}/settings/oidc`);
    const card = admin.locator('[data-provider="corp"]');
    await card.getByText('Advanced').click();
    const elsewhere = `${server.idp.issuer}/other-keys`;
    await card.getByLabel('JWKS URI').fill(elsewhere);
    await card.getByRole('button', { name: 'Save provider' }).click();
    await card.getByText('People are linked through this provider').waitFor();
    await card.getByText(/1 person is linked through this provider\. Changing its jwks_uri/).waitFor();
    assert.equal((await providers()).find((p) => p.name === 'corp')?.jwks_uri, '');

    await card.getByRole('button', { name: 'Unlink them and save' }).click();
    await admin.getByText('Corp SSO is saved.').waitFor();
    assert.equal(await card.getByText('People are linked through this provider').count(), 0);
    assert.equal((await providers()).find((p) => p.name === 'corp')?.jwks_uri, elsewhere);
    const users = (await server.call('GET', '/api/admin/users?search=alice')).body as { data: { id: string }[] };
    const alice = users.data[0]?.id;
    assert.ok(alice);
    assert.deepEqual((await server.call('GET', `/api/admin/users/${alice}/identities`)).body, []);
    await desk.close();
  });

  it('renders the main pages at 375 px without sideways scrolling', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    const small = watch(await phone.newPage());
    await small.goto(`${server.base}/sign-in`);
    assert.ok((await inPage<number>(small, 'document.documentElement.scrollWidth')) <= 375, 'sign-in page fits');
    await signInWithPassword(small, ADMIN.name, ADMIN.password);
    const pages: [string, string][] = [
      ['/users', 'Users'],
      ['/groups', 'User groups'],
      ['/settings/oidc', 'Settings → OIDC'],
      ['/settings/tokens', 'Settings → Tokens'],
      ['/settings/smtp', 'Settings → SMTP'],
      ['/settings/others', 'Settings → Others'],
      ['/logs/console', 'Logs → Console'],
      ['/logs/sign-in-failures', 'Logs → Failed sign-ins'],
      ['/account', 'My account'],
    ];
    for (const [path, heading] of pages) {
      await small.goto(`${server.base}${path}`);
      await expectHeading(small, heading);
      await small.locator('.loading').first().waitFor({ state: 'detached' });
      const width = await inPage<number>(small, 'document.documentElement.scrollWidth');
      assert.ok(width <= 375, `${path} is ${width}px wide`);
    }
    // The navigation is a drawer behind the menu button.
    assert.equal(await small.getByRole('link', { name: 'Tokens' }).isVisible(), false);
    await small.getByRole('button', { name: 'Open menu' }).click();
    await small.getByRole('link', { name: 'Tokens' }).click();
    await expectHeading(small, 'Settings → Tokens');
    await small.goto(`${server.base}/settings/oidc`);
    await small.getByRole('button', { name: 'New auth provider' }).click();
    const box = await small.getByRole('dialog', { name: 'New auth provider' }).boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 375, 'the dialog fits the screen');
    await phone.close();
  });

  it('showed no Content-Security-Policy violation or script error on any page', () => {
    assert.deepEqual(problems, []);
  });
});
