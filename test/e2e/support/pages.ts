import type { Page } from 'playwright-core';

/** Fills the console's sign-in form and waits until the console shows a page. */
export async function signInWithPassword(page: Page, username: string, password: string, options: { remember?: boolean } = {}): Promise<void> {
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  if (options.remember) await page.getByLabel('Remember me').check();
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  // The top bar's: a person who is not an administrator lands on My account, whose list of
  // sessions has Sign out buttons of its own.
  await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).waitFor();
}
