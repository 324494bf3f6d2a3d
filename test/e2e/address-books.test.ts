/**
 * Address books in Chromium: an administrator creates a shared book, adds a tag and a peer,
 * shares it read-only with rita (not an administrator), uses the recycle bin and the book's
 * settings; rita signs in, finds the book and can only read it; on a book she may change, a
 * change refused by the server (her rule lowered meanwhile) is shown in words.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium.js';
import { ADMIN, startConsoleServer, type ConsoleServer } from './support/console-server.js';
import { signInWithPassword } from './support/pages.js';

const RITA = { name: 'rita', password: 'rita password 1' };

interface Book {
  guid: string;
  name: string;
  note: string;
  has_password: boolean;
  peer_count: number;
}

describe('address books in Chromium', { timeout: 180_000 }, () => {
  let server: ConsoleServer;
  let browser: Browser;
  let page: Page;
  /** Script errors and Content-Security-Policy violations seen on the pages. */
  const problems: string[] = [];
  let lab: Book;

  async function ok<T>(method: string, url: string, payload?: unknown): Promise<T> {
    const response = await server.call(method, url, payload);
    assert.ok(response.status < 300, `${method} ${url}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body as T;
  }
  const books = async () => (await ok<{ data: Book[] }>('GET', '/api/admin/address-books?pageSize=100')).data;

  async function newPage(): Promise<Page> {
    const opened = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    opened.setDefaultTimeout(10_000);
    opened.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('status of 403')) problems.push(`console: ${message.text()}`);
    });
    opened.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    return opened;
  }

  before(async () => {
    server = await startConsoleServer();
    const rita = await ok<{ id: string }>('POST', '/api/admin/users', { name: RITA.name, password: RITA.password });
    await ok('POST', '/api/admin/users', { name: 'sam', password: 'sam password 1' });
    // A second book, which rita may change (read/write), arranged as a script would.
    const admin = (await server.t.services.users.findByName(ADMIN.name))!;
    lab = await ok<Book>('POST', '/api/admin/address-books', { name: 'Lab', owner_id: admin.id });
    await ok('POST', `/api/admin/address-books/${lab.guid}/rules`, { subject: 'user', id: rita.id, rule: 2 });

    browser = await launchChromium();
    page = await newPage();
    await page.goto(`${server.base}/`);
    await signInWithPassword(page, ADMIN.name, ADMIN.password);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('creates a shared book from the navigation and opens it', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Address books' }).click();
    await page.getByRole('heading', { level: 1, name: 'Address books' }).waitFor();
    await page.getByRole('row', { name: /Lab/ }).getByText('Full control').waitFor();

    await page.getByRole('button', { name: 'New address book' }).click();
    const create = page.getByRole('dialog', { name: 'New shared address book' });
    await create.getByLabel('Name').fill('Support desk');
    await create.getByLabel(/Note/).fill('Front office machines');
    await create.getByLabel(/Default password/).fill('desk default 1');
    await create.getByRole('button', { name: 'Create' }).click();
    await page.getByRole('heading', { level: 1, name: 'Support desk' }).waitFor();
    await page.getByText('Owner: admin · Your access: Full control').waitFor();
    const made = (await books()).find((b) => b.name === 'Support desk');
    assert.deepEqual([made?.note, made?.has_password], ['Front office machines', true]);
  });

  it('adds a tag and a peer with that tag and a password, which is never shown', async () => {
    await page.getByRole('button', { name: 'Add tag' }).click();
    const tag = page.getByRole('dialog', { name: 'New tag' });
    await tag.getByLabel('Name').fill('Office');
    await tag.getByRole('button', { name: 'Add tag' }).click();
    await page.getByText('Tag Office is added.').waitFor();

    await page.getByRole('button', { name: 'Add peer' }).click();
    const add = page.getByRole('dialog', { name: 'Add a peer' });
    await add.getByLabel('ID', { exact: true }).fill('123456789');
    await add.getByLabel(/Alias/).fill('Front desk');
    await add.getByLabel('Office').check();
    await add.getByLabel(/Note/).fill('by the door');
    await add.getByLabel(/Password/).fill('peer secret 1');
    await add.getByRole('button', { name: 'Add peer' }).click();
    const row = page.getByRole('row', { name: /123456789/ });
    await row.getByText('Front desk').waitFor();
    assert.match((await row.textContent()) ?? '', /123456789.*Front desk.*Office.*by the door.*Set/);
    assert.ok(!((await page.content()).includes('peer secret 1')));

    // Edited: a new alias, the password removed.
    await page.getByRole('button', { name: 'Edit Front desk' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit Front desk' });
    await edit.getByLabel(/Alias/).fill('Reception');
    await edit.getByLabel('Remove its password').check();
    await edit.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('row', { name: /Reception/ }).waitFor();
    const guid = (await books()).find((b) => b.name === 'Support desk')!.guid;
    const peers = await ok<{ data: { id: string; alias: string; tags: string[]; has_password: boolean }[] }>('GET', `/api/admin/address-books/${guid}/peers`);
    assert.deepEqual(peers.data.map((p) => [p.id, p.alias, p.tags, p.has_password]), [['123456789', 'Reception', ['Office'], false]]);
  });

  it('deletes a peer to the recycle bin and restores it', async () => {
    await page.getByRole('button', { name: 'Add peer' }).click();
    const add = page.getByRole('dialog', { name: 'Add a peer' });
    await add.getByLabel('ID', { exact: true }).fill('555000111');
    await add.getByRole('button', { name: 'Add peer' }).click();
    await page.getByText('555000111 is added.').waitFor();
    await page.getByRole('button', { name: 'Delete 555000111' }).click();
    await page.getByRole('dialog', { name: 'Delete 555000111?' }).getByRole('button', { name: 'Delete' }).click();
    const bin = page.getByRole('region', { name: 'Recycle bin' });
    await bin.getByRole('row', { name: /555000111/ }).waitFor();
    await bin.getByRole('button', { name: 'Restore 555000111' }).click();
    await page.getByText('555000111 is back in the address book.').waitFor();
    await bin.getByText('The recycle bin is empty.').waitFor();
    await page.getByRole('region', { name: 'Peers' }).getByRole('row', { name: /555000111/ }).waitFor();
  });

  it('shares the book read-only with rita and changes its settings', async () => {
    await page.getByRole('button', { name: 'Add rule' }).click();
    const share = page.getByRole('dialog', { name: 'Share this address book' });
    await share.getByLabel('Share with').selectOption({ label: 'A user' });
    await share.getByLabel('User', { exact: true }).selectOption({ label: 'rita' });
    await share.getByLabel('Access').selectOption({ label: 'Read-only' });
    await share.getByRole('button', { name: 'Add rule' }).click();
    await page.getByText('Rule added.').waitFor();
    assert.equal(await page.getByLabel('Access: User rita').inputValue(), '1');

    await page.getByRole('button', { name: 'Settings: Support desk' }).click();
    const settings = page.getByRole('dialog', { name: 'Address book settings' });
    await settings.getByLabel('Name').fill('Front office');
    await settings.getByLabel('Remove the default password').check();
    await settings.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { level: 1, name: 'Front office' }).waitFor();
    const book = (await books()).find((b) => b.name === 'Front office');
    assert.deepEqual([book?.has_password, book?.peer_count], [false, 2]);
    const rules = await ok<{ subject_name: string; rule: number }[]>('GET', `/api/admin/address-books/${book!.guid}/rules`);
    assert.deepEqual(rules.map((r) => [r.subject_name, r.rule]), [['rita', 1]]);
  });

  it('shows rita the shared book read-only: no control to change it', async () => {
    const rita = await newPage();
    await rita.goto(`${server.base}/sign-in`);
    await signInWithPassword(rita, RITA.name, RITA.password);
    await rita.getByRole('navigation').getByRole('link', { name: 'Address books' }).click();
    await rita.getByRole('heading', { level: 1, name: 'Address books' }).waitFor();
    await rita.getByRole('row', { name: /Front office/ }).getByText('Read-only').waitFor();
    await rita.getByRole('row', { name: /Lab/ }).getByText('Read/write').waitFor();
    assert.equal(await rita.getByRole('button', { name: 'New address book' }).count(), 1, 'anyone may make a book of their own');

    await rita.getByRole('link', { name: 'Front office' }).click();
    await rita.getByRole('heading', { level: 1, name: 'Front office' }).waitFor();
    await rita.getByText('You can only read this address book').waitFor();
    const peers = rita.getByRole('region', { name: 'Peers' });
    await peers.getByRole('row', { name: /Reception/ }).getByText('Office').waitFor();
    for (const name of ['Add peer', 'Add tag', 'Add rule', 'Settings: Front office', 'Edit Reception', 'Delete Reception', 'Edit tag Office']) {
      assert.equal(await rita.getByRole('button', { name }).count(), 0, name);
    }
    for (const name of ['Who may use it', 'Recycle bin']) assert.equal(await rita.getByRole('region', { name }).count(), 0, name);

    // Where she may change a book, a change the server refuses says why.
    await rita.getByRole('link', { name: '← All address books' }).click();
    await rita.getByRole('link', { name: 'Lab' }).click();
    await rita.getByRole('heading', { level: 1, name: 'Lab' }).waitFor();
    await rita.getByRole('button', { name: 'Add peer' }).click();
    const add = rita.getByRole('dialog', { name: 'Add a peer' });
    await add.getByLabel('ID', { exact: true }).fill('777888999');
    const [rule] = await ok<{ guid: string }[]>('GET', `/api/admin/address-books/${lab.guid}/rules`);
    await ok('PATCH', `/api/admin/address-book-rules/${rule!.guid}`, { rule: 1 });
    await add.getByRole('button', { name: 'Add peer' }).click();
    await add.getByText('This address book is read-only for you.').waitFor();
    assert.equal((await ok<Book>('GET', `/api/admin/address-books/${lab.guid}`)).peer_count, 0);
    await rita.context().close();
  });

  it('caps the peers of a book on Settings → Others', async () => {
    await page.getByRole('navigation').getByRole('link', { name: 'Others' }).click();
    const field = page.getByLabel('Most peers in one address book');
    await field.fill('2.5');
    await page.getByText('Enter a whole number from 0 to 1000000 (0: no limit).').waitFor();
    await field.fill('2');
    await page.locator('form', { has: field }).getByRole('button', { name: 'Save' }).click();
    await page.getByText('Now: at most 2 peers in a book.').waitFor();
    assert.equal((await ok<{ max_peer_one_ab: number }>('GET', '/api/admin/settings')).max_peer_one_ab, 2);
    // A third peer is refused, in words.
    const guid = (await books()).find((b) => b.name === 'Front office')!.guid;
    await page.goto(`${server.base}/address-books?book=${guid}`);
    await page.getByRole('button', { name: 'Add peer' }).click();
    const add = page.getByRole('dialog', { name: 'Add a peer' });
    await add.getByLabel('ID', { exact: true }).fill('999000999');
    await add.getByRole('button', { name: 'Add peer' }).click();
    await add.getByText('This address book holds the most peers allowed').waitFor();
    await add.getByRole('button', { name: 'Cancel' }).click();
    await ok('PUT', '/api/admin/settings', { max_peer_one_ab: 0 });
  });

  it('fits a 375 px phone screen', async () => {
    const phone = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
    const small = await phone.newPage();
    small.setDefaultTimeout(10_000);
    await small.goto(`${server.base}/sign-in`);
    await signInWithPassword(small, ADMIN.name, ADMIN.password);
    const guid = (await books()).find((b) => b.name === 'Front office')!.guid;
    await small.goto(`${server.base}/address-books?book=${guid}`);
    await small.getByText('Reception').first().waitFor();
    assert.ok(((await small.evaluate('document.documentElement.scrollWidth')) as number) <= 375, 'the book fits');
    await phone.close();
  });

  it('showed no script error or Content-Security-Policy violation', () => {
    assert.deepEqual(problems, []);
  });
});
