/**
 * A form_post console sign-in in Chromium over plain http on a host that is not "localhost",
 * the case where the transaction cookie can only be `SameSite=Lax`: the provider's cross-site
 * POST arrives without it, deskgate answers a page that posts the same answer again from its
 * own origin, and that second POST, carrying the cookie, completes the sign-in.
 *
 * deskgate listens on 127.0.0.2 and the provider on 127.0.0.1: two sites (an IP address is a
 * site of its own), so Chromium applies its cross-site cookie rules to the round trip.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page, Request } from 'playwright-core';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createApiToken } from '../support/fixtures.js';
import { startIdp, type Idp } from '../support/idp.js';
import { launchChromium } from './support/chromium.js';

const HOST = '127.0.0.2';

describe('form_post sign-in in Chromium over plain http', { timeout: 60_000 }, () => {
  let t: TestApp;
  let idp: Idp;
  let base: string;
  let browser: Browser;

  before(async () => {
    t = await buildTestApp('sqlite');
    await t.app.listen({ port: 0, host: HOST });
    base = `http://${HOST}:${(t.app.server.address() as AddressInfo).port}`;
    idp = await startIdp([{ client_id: 'deskgate', client_secret: 'deskgate-secret', redirect_uris: [`${base}/api/oidc/callback`] }]);
    const admin = await createApiToken(t, ['oidc:write']);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/oidc/providers',
      headers: admin.headers,
      payload: { enabled: true, type: 'oidc', name: 'corp', issuer: idp.issuer, client_id: 'deskgate', client_secret: 'deskgate-secret', response_mode: 'form_post' },
    });
    assert.equal(created.statusCode, 201, created.body);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await idp?.close();
    await t?.close();
  });

  /** Signs in through the provider in a fresh context; returns the callback POSTs and any CSP complaint. */
  async function signIn(options: { javaScript: boolean; person: string }) {
    idp.signInAs(options.person);
    const context = await browser.newContext({ javaScriptEnabled: options.javaScript });
    const page: Page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    const posts: Promise<{ cookie: string; body: string }>[] = [];
    page.on('request', (request: Request) => {
      if (request.method() === 'POST' && request.url() === `${base}/api/oidc/callback`) {
        // The headers as sent, cookies included (request.headers() leaves cookies out).
        posts.push(request.allHeaders().then((headers) => ({ cookie: headers.cookie ?? '', body: request.postData() ?? '' })));
      }
    });
    await page.goto(`${base}/api/oidc/login/corp?return_to=/devices`, { waitUntil: 'commit' });
    return { context, page, problems, callbacks: () => Promise.all(posts) };
  }

  async function sessionUser(cookies: { name: string; value: string }[]): Promise<string | undefined> {
    const session = cookies.find((c) => c.name === 'deskgate_session');
    if (!session) return undefined;
    const response = await fetch(`${base}/api/session`, { headers: { cookie: `deskgate_session=${session.value}` } });
    return ((await response.json()) as { user?: { name: string } }).user?.name;
  }

  it('completes through the same-origin re-submission, the Lax cookie travelling only on the second POST', async () => {
    const { context, page, problems, callbacks } = await signIn({ javaScript: true, person: 'alice' });
    try {
      await page.waitForURL(`${base}/devices`, { waitUntil: 'commit' });
      const posted = await callbacks();
      assert.equal(posted.length, 2, JSON.stringify(posted));
      // The provider's POST is cross-site: Chromium withholds the Lax cookie.
      assert.doesNotMatch(posted[0]?.cookie ?? '', /deskgate_oidc=/);
      assert.doesNotMatch(posted[0]?.body ?? '', /deskgate_resubmit/);
      // deskgate's own page posts the same answer again, from its origin: the cookie comes along.
      assert.match(posted[1]?.cookie ?? '', /deskgate_oidc=/);
      assert.match(posted[1]?.body ?? '', /deskgate_resubmit=1/);
      assert.match(posted[1]?.body ?? '', /code=/);
      assert.equal(await sessionUser(await context.cookies(base)), 'alice');
      assert.deepEqual(problems.filter((p) => /Content.Security.Policy|Refused to/i.test(p)), []);
    } finally {
      await context.close();
    }
  });

  it('with scripts off, the re-submission page offers a button that completes the sign-in', async () => {
    const { context, page, callbacks } = await signIn({ javaScript: false, person: 'bob' });
    try {
      // The provider's own form_post page has a button too when scripts are off.
      for (let i = 0; i < 2; i++) {
        await page.getByRole('button', { name: 'Continue' }).waitFor();
        if (i === 1) assert.match(await page.title(), /Finishing sign-in/);
        await page.getByRole('button', { name: 'Continue' }).click();
      }
      await page.waitForURL(`${base}/devices`, { waitUntil: 'commit' });
      assert.equal((await callbacks()).length, 2);
      assert.equal(await sessionUser(await context.cookies(base)), 'bob');
    } finally {
      await context.close();
    }
  });
});
