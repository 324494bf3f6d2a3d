/**
 * A sign-in that fails at the token endpoint because of deskgate's own settings (a wrong client
 * secret) says so in the same words as the provider test, on the browser's error page and in the
 * RustDesk client's poll, instead of blaming the provider's answer. Against the in-process
 * oidc-provider, which answers a wrong secret with invalid_client.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createBrowser } from '../support/browser.js';
import { createApiToken } from '../support/fixtures.js';
import { startIdp, type Idp } from '../support/idp.js';
import { DEVICE } from '../support/rustdesk-client.js';

const WORDS = "The provider refused deskgate's client ID or secret (invalid_client).";

describe('a wrong client secret, in the provider test and in a sign-in', () => {
  let t: TestApp;
  let idp: Idp;
  let base: string;
  let headers: Record<string, string>;
  let providerId: string;

  before(async () => {
    t = await buildTestApp('sqlite');
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
    idp = await startIdp([{ client_id: 'deskgate', client_secret: 'the-secret-value', redirect_uris: [`${base}/api/oidc/callback`] }]);
    headers = (await createApiToken(t, ['oidc:write'])).headers;
    // The Secret ID pasted instead of its Value.
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/oidc/providers',
      headers,
      payload: { enabled: true, type: 'oidc', name: 'corp', issuer: idp.issuer, client_id: 'deskgate', client_secret: '5e1d0c2a-secret-id' },
    });
    assert.equal(created.statusCode, 201, created.body);
    providerId = (created.json() as { id: string }).id;
  });
  after(async () => {
    await idp.close();
    await t.close();
  });

  it('fails the client_secret check of the provider test, and passes it with the right secret', async () => {
    const test = async (body?: Record<string, unknown>) =>
      (await t.app.inject({ method: 'POST', url: `/api/admin/oidc/providers/${providerId}/test`, headers, ...(body ? { payload: body } : {}) })).json() as {
        tested: string;
        checks: { name: string; ok: boolean; message: string }[];
      };
    const wrong = (await test()).checks.find((c) => c.name === 'client_secret');
    assert.equal(wrong?.ok, false);
    assert.ok(wrong?.message.startsWith(WORDS), wrong?.message);
    const right = await test({ client_secret: 'the-secret-value' });
    assert.equal(right.tested, 'unsaved');
    assert.equal(right.checks.find((c) => c.name === 'client_secret')?.ok, true, JSON.stringify(right));
  });

  it('shows the same words on the error page of a console sign-in', async () => {
    const browser = createBrowser();
    const page = await browser.navigate(`${base}/api/oidc/login/corp`, { stopAt: (next) => next.startsWith(`${base}/`) && !next.includes('/api/oidc/') });
    assert.equal(page.status, 400, page.body);
    assert.ok(page.body.includes(WORDS.replace("'", '&#39;')) || page.body.includes(WORDS), page.body);
    assert.match(page.body, /its value, not its ID/);
    assert.doesNotMatch(page.body, /invalid sign-in response/);
  });

  it('ends the RustDesk client’s wait with the same words', async () => {
    const start = await fetch(`${base}/api/oidc/auth`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ op: 'corp', id: DEVICE.id, uuid: DEVICE.uuid, deviceInfo: DEVICE.deviceInfo }),
    });
    const { code, url } = (await start.json()) as { code: string; url: string };
    const page = await createBrowser().navigate(url);
    assert.equal(page.status, 400, page.body);
    const query = new URLSearchParams({ code, id: DEVICE.id, uuid: DEVICE.uuid });
    const answer = (await (await fetch(`${base}/api/oidc/auth-query?${query}`)).json()) as { error: string };
    assert.ok(answer.error.startsWith(`Sign-in failed: ${WORDS}`), answer.error);
  });
});
