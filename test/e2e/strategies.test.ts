/**
 * Strategies in Chromium: an administrator makes a strategy of client settings, changes it,
 * gives it to a device and a device group and then to a user instead of the device, makes
 * another the default, disables one and deletes one; and a setting strategies may not make is
 * refused with the server's words.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createUser } from '../support/fixtures.js';
import { rust } from '../support/rustdesk-client.js';
import { launchChromium } from './support/chromium.js';
import { ADMIN, startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { signInWithPassword } from './support/pages.js';

interface StrategyBody {
  id: string;
  name: string;
  note: string;
  enabled: boolean;
  is_default: boolean;
  options: Record<string, string>;
  device_count: number;
  user_count: number;
  device_group_count: number;
  applied_count: number;
}

describe('strategies in Chromium', { timeout: 120_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  let carolId = '';
  let labId = '';

  const strategies = async () => ((await server.call('GET', '/api/admin/strategies')).body as { data: StrategyBody[] }).data;
  const strategy = async (name: string) => {
    const found = (await strategies()).find((s) => s.name === name);
    assert.ok(found, `${name} is listed`);
    return found;
  };
  const targets = async (id: string) => {
    const saved = await server.t.services.strategies.targets(id);
    return { devices: [...saved.devices].sort(), users: [...saved.users].sort(), device_groups: [...saved.device_groups].sort() };
  };
  const row = (name: string) => page.getByRole('row', { name: new RegExp(name) });

  before(async () => {
    server = await startConsoleServer();
    carolId = (await createUser(server.t, { name: 'carol' })).id;
    // Three devices reporting in (§5.3): one alone, one in the device group Lab, one spare.
    for (const [id, hostname] of [
      ['987654321', 'kiosk-1'],
      ['123123123', 'desk-2'],
      ['555666777', 'spare-3'],
    ] as const) {
      const sent = await server.t.app.inject(rust('/api/sysinfo', { id, uuid: Buffer.from(id).toString('base64'), hostname, os: 'linux', version: '1.4.9' }));
      assert.equal(sent.body, 'SYSINFO_UPDATED');
    }
    labId = ((await server.call('POST', '/api/admin/device-groups', { name: 'Lab' })).body as { id: string }).id;
    assert.equal((await server.call('PUT', `/api/admin/device-groups/${labId}/devices`, { device_ids: ['123123123'] })).status, 200);
    // carol owns kiosk-1: once she names the strategy, it reaches kiosk-1 through her.
    assert.equal((await server.call('PATCH', '/api/admin/devices/987654321', { user_id: carolId })).status, 200);
    const baseline = await server.call('POST', '/api/admin/strategies', { name: 'Baseline', options: { 'enable-audio': 'N' } });
    assert.equal(baseline.status, 201, JSON.stringify(baseline.body));

    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.setDefaultTimeout(10_000);
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    await page.goto(`${server.base}/`);
    await signInWithPassword(page, ADMIN.name, ADMIN.password);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates a strategy from the navigation with a setting of the catalogue and another option', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Strategies' }).click();
    await page.getByRole('heading', { level: 1, name: 'Strategies' }).waitFor();
    await page.getByText('else its device group’s, else the default one').waitFor();
    await row('Baseline').getByText('1 setting').waitFor();

    await page.getByRole('button', { name: 'New strategy' }).click();
    const create = page.getByRole('dialog', { name: 'New strategy' });
    await create.getByLabel('Name', { exact: true }).fill('Locked down');
    await create.getByLabel(/Note/).fill('Front desk');
    await create.getByLabel('File transfer', { exact: true }).selectOption({ label: 'Off' });
    await create.getByRole('button', { name: 'Add an option' }).click();
    await create.getByLabel('Option 1: name').fill('enable-check-update');
    await create.getByLabel('Option 1: value').fill('N');
    await create.getByRole('button', { name: 'Create' }).click();
    await page.getByText('Locked down is created.').waitFor();
    await row('Locked down').getByText('2 settings').waitFor();
    await row('Locked down').getByText('Front desk').waitFor();

    const made = await strategy('Locked down');
    assert.deepEqual(made.options, { 'enable-file-transfer': 'N', 'enable-check-update': 'N' });
    assert.deepEqual([made.enabled, made.is_default], [true, false]);
  });

  it('changes its settings, keeping a choice of the client’s default apart from one not set', async () => {
    await page.getByRole('button', { name: 'Edit Locked down' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Locked down' });
    // It opens with what is saved.
    assert.equal(await edit.getByLabel('File transfer', { exact: true }).locator('option:checked').textContent(), 'Off');
    assert.equal(await edit.getByLabel('Option 1: name').inputValue(), 'enable-check-update');
    await edit.getByLabel('Accept sessions').selectOption({ label: 'By click only' });
    // '' is a value (the client's default), not "Not set".
    await edit.getByLabel('Passwords accepted').selectOption({ label: 'One-time and permanent' });
    await edit.getByLabel('IP whitelist', { exact: true }).selectOption({ label: 'Set' });
    await edit.getByLabel('IP whitelist: value').waitFor();
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Locked down is saved.').waitFor();
    await row('Locked down').getByText('5 settings').waitFor();

    assert.deepEqual((await strategy('Locked down')).options, {
      'enable-file-transfer': 'N',
      'enable-check-update': 'N',
      'approve-mode': 'click',
      'verification-method': '',
      whitelist: '',
    });

    // Reopened, the empty choice shows as chosen, and "Not set" leaves an option out again.
    await page.getByRole('button', { name: 'Edit Locked down' }).click();
    const again = page.getByRole('dialog', { name: 'Edit Locked down' });
    assert.equal(await again.getByLabel('Passwords accepted').locator('option:checked').textContent(), 'One-time and permanent');
    assert.equal(await again.getByLabel('Audio', { exact: true }).locator('option:checked').textContent(), 'Not set');
    await again.getByLabel('IP whitelist', { exact: true }).selectOption({ label: 'Not set' });
    await again.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Locked down is saved.').first().waitFor();
    await row('Locked down').getByText('4 settings').waitFor();
    assert.equal('whitelist' in (await strategy('Locked down')).options, false);
  });

  it('assigns it to a device and a device group, then to a user instead of the device', async () => {
    const id = (await strategy('Locked down')).id;
    await page.getByRole('button', { name: 'Assign Locked down' }).click();
    const assign = page.getByRole('dialog', { name: 'Assign Locked down' });
    await assign.getByLabel('Find a device').fill('kiosk');
    await assign.getByLabel('kiosk-1 (987654321)').check();
    await assign.getByLabel('Lab', { exact: true }).check();
    await assign.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Locked down is assigned.').waitFor();
    assert.deepEqual(await targets(id), { devices: ['987654321'], users: [], device_groups: [labId] });
    // kiosk-1 by name, desk-2 through Lab.
    await row('Locked down').getByText('1 device, 0 users, 1 device group').waitFor();
    await row('Locked down').getByText('2 devices').waitFor();

    // Opened again, it shows what is saved; unticking takes the strategy away.
    await page.getByRole('button', { name: 'Assign Locked down' }).click();
    const again = page.getByRole('dialog', { name: 'Assign Locked down' });
    assert.equal(await again.getByLabel('kiosk-1 (987654321)').isChecked(), true);
    assert.equal(await again.getByLabel('Lab', { exact: true }).isChecked(), true);
    assert.equal(await again.getByLabel('desk-2 (123123123)').isChecked(), false);
    await again.getByLabel('kiosk-1 (987654321)').uncheck();
    await again.getByLabel('carol').check();
    await again.getByRole('button', { name: 'Save' }).click();
    await row('Locked down').getByText('0 devices, 1 user, 1 device group').waitFor();
    assert.deepEqual(await targets(id), { devices: [], users: [carolId], device_groups: [labId] });
    // kiosk-1 is still reached, through its owner carol.
    assert.equal((await strategy('Locked down')).applied_count, 2);
    await row('Locked down').getByText('2 devices').waitFor();
  });

  it('makes another strategy the default, which reaches the devices no strategy names', async () => {
    await page.getByRole('button', { name: 'Edit Baseline' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Baseline' });
    await edit.getByLabel('Default for devices no strategy names').check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await row('Baseline').getByText('Default', { exact: true }).waitFor();
    // spare-3 only.
    await row('Baseline').getByText('1 device', { exact: true }).waitFor();
    const baseline = await strategy('Baseline');
    assert.deepEqual([baseline.is_default, baseline.applied_count, baseline.options], [true, 1, { 'enable-audio': 'N' }]);
    assert.equal(await row('Locked down').getByText('Default', { exact: true }).count(), 0);
  });

  it('disables a strategy, which then reaches no device', async () => {
    await page.getByRole('button', { name: 'Disable Locked down' }).click();
    await row('Locked down').getByText('Disabled', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Enable Locked down' }).waitFor();
    const locked = await strategy('Locked down');
    assert.deepEqual([locked.enabled, locked.applied_count], [false, 0]);
    // Its targets stay: enabling it again gives it back to them.
    assert.deepEqual(await targets(locked.id), { devices: [], users: [carolId], device_groups: [labId] });
  });

  it('deletes a strategy after asking, saying its devices keep their settings', async () => {
    await page.getByRole('button', { name: 'Delete Baseline' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete Baseline?' });
    await confirm.getByText('Devices keep the settings it gave them').waitFor();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Baseline is deleted.').waitFor();
    await row('Baseline').waitFor({ state: 'detached' });
    assert.deepEqual((await strategies()).map((s) => s.name), ['Locked down']);
  });

  it('refuses a setting that names the server, and a name taken, with the server’s words, saving nothing', async () => {
    await page.getByRole('button', { name: 'New strategy' }).click();
    const create = page.getByRole('dialog', { name: 'New strategy' });
    await create.getByLabel('Name', { exact: true }).fill('Elsewhere');
    await create.getByRole('button', { name: 'Add an option' }).click();
    await create.getByLabel('Option 1: name').fill('api-server');
    await create.getByLabel('Option 1: value').fill('https://example.net');
    await create.getByRole('button', { name: 'Create' }).click();
    await create.getByRole('alert').getByText('api-server names the API server').waitFor();

    // An option the catalogue offers is set above, not twice.
    await create.getByLabel('Option 1: name').fill('enable-file-transfer');
    await create.getByRole('button', { name: 'Create' }).click();
    await create.getByText('enable-file-transfer is offered above, as “File transfer”').waitFor();

    await create.getByRole('button', { name: 'Remove option 1' }).click();
    await create.getByLabel('Name', { exact: true }).fill('LOCKED DOWN');
    await create.getByRole('button', { name: 'Create' }).click();
    await create.getByText('A strategy with this name already exists').waitFor();
    await create.getByRole('button', { name: 'Cancel' }).click();

    assert.deepEqual((await strategies()).map((s) => s.name), ['Locked down']);
    assert.deepEqual(problems, []);
  });
});
