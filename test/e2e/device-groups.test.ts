/**
 * Device groups and access rules in Chromium: an administrator makes a device group, renames it,
 * says which user groups may reach it, deletes one holding a device, and says on the User groups
 * page whose devices a group can access.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { rust } from '../support/rustdesk-client.js';
import { launchChromium } from './support/chromium.js';
import { ADMIN, startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { signInWithPassword } from './support/pages.js';

interface DeviceGroupBody {
  id: string;
  name: string;
  note: string;
  device_count: number;
  user_groups: { id: string; name: string }[];
}

describe('device groups in Chromium', { timeout: 120_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const groupIds: Record<string, string> = {};

  const deviceGroups = async () => ((await server.call('GET', '/api/admin/device-groups?pageSize=100')).body as { data: DeviceGroupBody[] }).data;

  before(async () => {
    server = await startConsoleServer();
    for (const name of ['Sales', 'Support']) {
      const made = await server.call('POST', '/api/admin/groups', { name });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      groupIds[name] = (made.body as { id: string }).id;
    }
    // A device reporting in (§5.3), put in a device group through the admin API.
    const sent = await server.t.app.inject(rust('/api/sysinfo', { id: '987654321', uuid: 'dXVpZA==', hostname: 'kiosk-1', os: 'linux', version: '1.4.9' }));
    assert.equal(sent.body, 'SYSINFO_UPDATED');
    const lab = (await server.call('POST', '/api/admin/device-groups', { name: 'Lab' })).body as DeviceGroupBody;
    assert.equal((await server.call('PUT', `/api/admin/device-groups/${lab.id}/devices`, { device_ids: ['987654321'] })).status, 200);

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

  it('creates a device group from the navigation, renames it with a note, and says who may reach it', async () => {
    await page.getByRole('link', { name: 'Device groups' }).click();
    await page.getByRole('heading', { level: 1, name: 'Device groups' }).waitFor();
    await page.getByRole('row', { name: /Lab/ }).getByText('1 device').waitFor();

    await page.getByRole('button', { name: 'New device group' }).click();
    const create = page.getByRole('dialog', { name: 'New device group' });
    await create.getByLabel('Name').fill('Servers');
    await create.getByRole('button', { name: 'Create' }).click();
    await page.getByText('Servers is created.').waitFor();

    await page.getByRole('button', { name: 'Edit Servers' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Servers' });
    await edit.getByLabel('Name').fill('Racks');
    await edit.getByLabel(/Note/).fill('Second floor');
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row', { name: /Racks/ }).getByText('Second floor').waitFor();

    // A name another group has, in another case, is refused with the server's words.
    await page.getByRole('button', { name: 'Edit Racks' }).click();
    const clash = page.getByRole('dialog', { name: 'Edit Racks' });
    await clash.getByLabel('Name').fill('LAB');
    await clash.getByRole('button', { name: 'Save' }).click();
    await clash.getByText('A device group with this name already exists').waitFor();
    await clash.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Access: Racks' }).click();
    const access = page.getByRole('dialog', { name: 'Who may reach Racks' });
    await access.getByLabel('Sales').check();
    await access.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row', { name: /Racks/ }).getByText('Sales').waitFor();

    const racks = (await deviceGroups()).find((g) => g.name === 'Racks');
    assert.deepEqual([racks?.note, racks?.user_groups.map((g) => g.name)], ['Second floor', ['Sales']]);
  });

  it('deletes a device group after asking, saying its devices stay', async () => {
    await page.getByRole('button', { name: 'Delete Lab' }).click();
    const confirm = page.getByRole('dialog', { name: 'Delete Lab?' });
    await confirm.getByText('its device stays, in no group').waitFor();
    await confirm.getByRole('button', { name: 'Delete' }).click();
    await page.getByText('Lab is deleted.').waitFor();
    assert.deepEqual((await deviceGroups()).map((g) => g.name), ['Racks']);
    assert.equal((await server.t.store.devices.findById('987654321'))?.group_id, null);
  });

  it('says on the User groups page whose devices a group can access', async () => {
    await page.getByRole('link', { name: 'User groups' }).click();
    await page.getByRole('heading', { level: 1, name: 'User groups' }).waitFor();
    await page.getByRole('button', { name: 'Access: Support' }).click();
    const dialog = page.getByRole('dialog', { name: 'Devices Support can access' });
    // A group is not offered access to itself.
    await dialog.getByLabel('Sales').waitFor();
    assert.equal(await dialog.getByLabel('Support', { exact: true }).count(), 0);
    await dialog.getByLabel('Sales').check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Support is saved.').waitFor();
    const access = (await server.call('GET', `/api/admin/groups/${groupIds.Support}/access`)).body;
    assert.deepEqual(access, { target_groups: [{ id: groupIds.Sales, name: 'Sales' }], device_groups: [] });

    // Opened again, it shows what is saved, and the device groups Sales reaches are named.
    await page.getByRole('button', { name: 'Access: Sales' }).click();
    const sales = page.getByRole('dialog', { name: 'Devices Sales can access' });
    await sales.getByText('They also reach the device groups Racks.').waitFor();
    await sales.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Access: Support' }).click();
    assert.equal(await page.getByRole('dialog', { name: 'Devices Support can access' }).getByLabel('Sales').isChecked(), true);
    assert.deepEqual(problems, []);
  });
});
