/**
 * Every failed single sign-on is recorded in the log of failed sign-ins (kind `sso`, with its
 * provider, code and detail), and a failure in any leg of a RustDesk client's sign-in ends the
 * client's wait: its next poll answers the failure (spec/rustdesk-client-api.md §12 item 28),
 * never "No authed oidc is found" again. Driven as the client and a browser do, against the
 * in-process provider, the hostile one, and a provider that is not there.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/services/audit.js';
import { createSecretBox, loadSecretKey } from '../../src/services/secret-box.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createBrowser, formOf } from '../support/browser.js';
import { testEngines } from '../support/databases.js';
import { createApiToken } from '../support/fixtures.js';
import { OMIT, startHostileIdp, type HostileIdp } from '../support/hostile-idp.js';
import { startIdp, type Idp } from '../support/idp.js';
import { DEVICE } from '../support/rustdesk-client.js';

const PENDING = 'No authed oidc is found';
const HOSTILE_SECRET = 'hostile-idp-client-secret-0123456789';

interface Failure {
  id: string;
  created_at: number;
  ip: string;
  name: string;
  reason: string;
  channel: string;
  kind: string;
  provider_id: string;
  provider_name: string;
  detail: string;
}

for (const engine of await testEngines()) {
  describe(`failed single sign-ons: recorded, and the client's wait ended (${engine})`, () => {
    let t: TestApp;
    let idp: Idp;
    let hostile: HostileIdp;
    let base: string;
    let admin: Record<string, string>;
    const ids = new Map<string, string>();

    async function createProvider(name: string, body: Record<string, unknown>) {
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/admin/oidc/providers',
        headers: admin,
        payload: { type: 'oidc', name, client_id: 'deskgate', enabled: true, ...body },
      });
      assert.equal(created.statusCode, 201, created.body);
      ids.set(name, (created.json() as { id: string }).id);
    }

    before(async () => {
      t = await buildTestApp(engine);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      idp = await startIdp([{ client_id: 'deskgate', client_secret: 'deskgate-secret', redirect_uris: [`${base}/api/oidc/callback`] }]);
      hostile = await startHostileIdp({ clients: [{ client_id: 'deskgate', client_secret: HOSTILE_SECRET }] });
      admin = (await createApiToken(t, ['oidc:write', 'users:write', 'audit:read', 'settings:write'])).headers;
      await createProvider('corp', { issuer: idp.issuer, client_secret: 'deskgate-secret' });
      await createProvider('wrong-secret', { issuer: idp.issuer, client_secret: 'the-secret-id-not-its-value' });
      await createProvider('invite-only', { issuer: idp.issuer, client_secret: 'deskgate-secret', policy: { auto_register: false } });
      // Port 9 (discard) on loopback: nothing listens there.
      await createProvider('dead', { issuer: 'http://127.0.0.1:9/tenant/v2.0' });
      await createProvider('hostile', { issuer: hostile.issuer, client_secret: HOSTILE_SECRET });
    });
    after(async () => {
      await hostile.close();
      await idp.close();
      await t.close();
    });

    /** Exactly what the Rust client sends to start (`post_request`). */
    async function startClient(op: string) {
      const response = await fetch(`${base}/api/oidc/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ op, id: DEVICE.id, uuid: DEVICE.uuid, deviceInfo: DEVICE.deviceInfo }),
      });
      return { status: response.status, body: (await response.json()) as { code: string; url: string; error?: string } };
    }

    /** The client's poll: a GET with the query only, no headers. */
    async function authQuery(code: string) {
      const response = await fetch(`${base}/api/oidc/auth-query?${new URLSearchParams({ code, id: DEVICE.id, uuid: DEVICE.uuid })}`);
      return (await response.json()) as Record<string, unknown>;
    }

    async function failures(query = 'kind=sso'): Promise<{ total: number; data: Failure[] }> {
      const response = await t.app.inject({ method: 'GET', url: `/api/admin/audit/sign-in-failures?${query}`, headers: admin });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { total: number; data: Failure[] };
    }

    async function latestFailure(): Promise<Failure> {
      const [latest] = (await failures('kind=sso&pageSize=1')).data;
      assert.ok(latest, 'a failure is recorded');
      return latest;
    }

    /** A client sign-in whose browser leg ends on an error page; returns the page and what the next poll answers. */
    async function failingClientSignIn(op: string, expectedStatus: number) {
      t.clock.advance(1000);
      const started = await startClient(op);
      assert.equal(started.status, 200, JSON.stringify(started.body));
      assert.deepEqual(await authQuery(started.body.code), { error: PENDING });
      const page = await createBrowser().navigate(started.body.url);
      assert.equal(page.status, expectedStatus, page.body);
      const answer = await authQuery(started.body.code);
      return { page, answer, error: String(answer.error), code: started.body.code };
    }

    it('ends the wait when discovery fails at /api/oidc/start, and records why with the URL tried', async () => {
      const { page, answer, error, code } = await failingClientSignIn('dead', 502);
      assert.match(page.body, /could not be reached/);
      assert.deepEqual(answer, { error: 'Sign-in failed: The identity provider could not be reached or answered wrongly' });
      assert.ok(!error.includes(PENDING));
      const failure = await latestFailure();
      assert.equal(failure.kind, 'sso');
      assert.equal(failure.channel, 'client');
      assert.equal(failure.reason, 'oidc.discovery_failed');
      assert.equal(failure.provider_id, ids.get('dead'));
      assert.equal(failure.provider_name, 'dead');
      assert.equal(failure.ip, '127.0.0.1');
      assert.equal(failure.created_at, t.clock.now());
      assert.match(failure.detail, /127\.0\.0\.1:9/);
      // Every later poll says the same: the wait is over.
      assert.deepEqual(await authQuery(code), answer);
    });

    it('records a console sign-in whose provider cannot be reached', async () => {
      t.clock.advance(1000);
      const response = await fetch(`${base}/api/oidc/login/dead`, { redirect: 'manual' });
      assert.equal(response.status, 502);
      const failure = await latestFailure();
      assert.deepEqual([failure.channel, failure.reason, failure.provider_name], ['console', 'oidc.discovery_failed', 'dead']);
    });

    it('ends the wait when the token request fails (a wrong client secret), and records the provider’s error', async () => {
      idp.signInAs('alice');
      const { error } = await failingClientSignIn('wrong-secret', 400);
      assert.match(error, /^Sign-in failed: /);
      assert.ok(!error.includes(PENDING));
      const failure = await latestFailure();
      assert.equal(failure.channel, 'client');
      assert.equal(failure.provider_name, 'wrong-secret');
      assert.match(failure.reason, /^oidc\./);
      assert.match(failure.detail, /invalid_client/);
    });

    it('ends the wait on the provider’s error answer, and records an Entra error in plain words', async () => {
      hostile.reset();
      hostile.scenario = {
        authorization: { code: OMIT, error: 'access_denied', error_description: 'AADSTS50105: The signed in user is not assigned to a role for the application.' },
      };
      const { error } = await failingClientSignIn('hostile', 400);
      assert.match(error, /^Sign-in failed: /);
      const failure = await latestFailure();
      assert.equal(failure.provider_name, 'hostile');
      assert.equal(failure.reason, 'oidc.provider_error');
      assert.match(failure.detail, /not assigned to the application in Entra ID \(AADSTS50105\)/);
      // The provider's own sentence is never repeated: only the decoded code.
      assert.ok(!failure.detail.includes('assigned to a role'));
      hostile.reset();
    });

    it('records another provider’s error answer with its error and description', async () => {
      hostile.scenario = { authorization: { code: OMIT, error: 'temporarily_unavailable', error_description: 'Try again later' } };
      const { error } = await failingClientSignIn('hostile', 400);
      assert.equal(error, 'Sign-in failed: The identity provider refused the sign-in (temporarily_unavailable)');
      assert.equal((await latestFailure()).detail, 'temporarily_unavailable: Try again later');
      hostile.reset();
    });

    it('ends the wait when the ID token fails a check, and records which check', async () => {
      hostile.scenario = { idToken: { iat: Math.floor(Date.now() / 1000) + 3600 } };
      const { answer } = await failingClientSignIn('hostile', 400);
      assert.deepEqual(answer, { error: 'Sign-in failed: The identity provider sent an invalid sign-in response' });
      const failure = await latestFailure();
      assert.equal(failure.reason, 'oidc.iat_in_future');
      assert.match(failure.detail, /iat is in the future/);
      assert.equal(failure.name, '', 'nobody the provider vouched for: the token was refused');
      hostile.reset();
    });

    it('refuses a sign-in whose provider’s client secret cannot be opened (the secret key changed), saying what to restore, and records it', async () => {
      await createProvider('sealed-elsewhere', { issuer: idp.issuer, client_secret: 'deskgate-secret' });
      // The database restored beside another secret key: its sealed client secret no longer opens.
      const elsewhere = createSecretBox(loadSecretKey({ secretKey: 'the-key-of-another-server-0123456789', dataDir: tmpdir() }));
      await t.db.kysely.updateTable('auth_providers').set({ client_secret: elsewhere.seal('deskgate-secret') }).where('name', '=', 'sealed-elsewhere').execute();
      const said = /the secret key \(DESKGATE_SECRET_KEY, or secret\.key in the data directory\) is not the one it was sealed with/;
      // The client is told at once, in the words it shows (it reads `error` whatever the status).
      const started = await startClient('sealed-elsewhere');
      assert.equal(started.status, 500);
      assert.match(started.body.error ?? '', said);
      // The console's button leads to a page that says the same.
      t.clock.advance(1000);
      const response = await fetch(`${base}/api/oidc/login/sealed-elsewhere`, { redirect: 'manual' });
      assert.equal(response.status, 500);
      assert.match(await response.text(), said);
      const failure = await latestFailure();
      assert.deepEqual([failure.channel, failure.reason, failure.provider_name], ['console', 'secrets.wrong_key', 'sealed-elsewhere']);
    });

    it('records a registration refused by policy, and ends the wait', async () => {
      idp.signInAs('noEmail');
      const { answer } = await failingClientSignIn('invite-only', 403);
      assert.deepEqual(answer, { error: 'Sign-in failed: There is no account for this identity; ask an administrator to create one' });
      const failure = await latestFailure();
      assert.deepEqual([failure.reason, failure.provider_name, failure.name], ['oidc.no_account', 'invite-only', 'noEmail']);
    });

    it('records the user cap, and ends the wait', async () => {
      // alice exists through corp: a cap of 1 leaves no room for bob.
      idp.signInAs('alice');
      await createBrowser().navigate(`${base}/api/oidc/login/corp`, { stopAt: (next) => next === `${base}/` });
      const cap = await t.app.inject({ method: 'PUT', url: '/api/admin/oidc/settings', headers: admin, payload: { max_authorized_users: 1 } });
      assert.equal(cap.statusCode, 204, cap.body);
      try {
        idp.signInAs('bob');
        const { answer } = await failingClientSignIn('corp', 403);
        assert.deepEqual(answer, { error: 'Sign-in failed: The maximum number of single sign-on users has been reached, so no new account can be made; people who have one still sign in. Ask an administrator' });
        assert.deepEqual([(await latestFailure()).reason, (await latestFailure()).name], ['oidc.user_cap', 'bob']);
      } finally {
        await t.app.inject({ method: 'PUT', url: '/api/admin/oidc/settings', headers: admin, payload: { max_authorized_users: 0 } });
      }
    });

    it('records a disabled user, and ends the wait', async () => {
      const alice = await t.store.users.findByName('alice');
      assert.ok(alice);
      await t.services.users.setStatus(systemActor, alice.id, 0);
      try {
        idp.signInAs('alice');
        const { answer } = await failingClientSignIn('corp', 403);
        assert.deepEqual(answer, { error: 'Sign-in failed: This account is disabled' });
        assert.deepEqual([(await latestFailure()).reason, (await latestFailure()).name], ['oidc.user_disabled', 'alice']);
      } finally {
        await t.services.users.setStatus(systemActor, alice.id, 1);
      }
    });

    it('ends the wait when the provider is turned off before the browser leg, and records it', async () => {
      t.clock.advance(1000);
      const started = await startClient('corp');
      await t.services.providers.update(systemActor, ids.get('corp') ?? '', { enabled: false });
      try {
        const page = await createBrowser().navigate(started.body.url);
        assert.equal(page.status, 404);
        assert.deepEqual(await authQuery(started.body.code), { error: 'Sign-in failed: No such sign-in provider, or it is turned off' });
        const failure = await latestFailure();
        assert.deepEqual([failure.reason, failure.provider_id, failure.provider_name], ['provider.not_found', ids.get('corp'), 'corp']);
        // A client asking for it now is refused at once, and that is recorded too.
        t.clock.advance(1000);
        const refused = await startClient('corp');
        assert.equal(refused.status, 404);
        assert.equal((await latestFailure()).created_at, t.clock.now());
      } finally {
        await t.services.providers.update(systemActor, ids.get('corp') ?? '', { enabled: true });
      }
    });

    it('records the person denying the client sign-in', async () => {
      t.clock.advance(1000);
      idp.signInAs('alice');
      const started = await startClient('corp');
      const browser = createBrowser();
      const page = await browser.navigate(started.body.url);
      const deny = [...page.body.matchAll(/<form[\s\S]*?<\/form>/g)].map((m) => formOf(m[0])).find((f) => f?.fields.get('decision') === 'deny');
      assert.ok(deny);
      await browser.request(new URL(deny.action, base).href, { method: 'POST', body: deny.fields });
      assert.deepEqual(await authQuery(started.body.code), { error: 'Sign-in was denied in the browser' });
      const failure = await latestFailure();
      assert.deepEqual([failure.reason, failure.name, failure.provider_name, failure.channel], ['oidc.client_denied', 'alice', 'corp', 'client']);
    });

    it('lists single sign-on failures apart from password ones, and by provider', async () => {
      await t.app.inject({ method: 'POST', url: '/api/session', payload: { username: 'alice', password: 'wrong password' }, headers: { 'sec-fetch-site': 'same-origin' } });
      const passwords = await failures('kind=password');
      assert.ok(passwords.total >= 1);
      assert.ok(passwords.data.every((f) => f.kind === 'password' && f.provider_id === ''));
      const sso = await failures('kind=sso&pageSize=100');
      assert.ok(sso.data.every((f) => f.kind === 'sso'));
      const dead = await failures(`provider_id=${ids.get('dead')}`);
      assert.deepEqual(dead.data.map((f) => [f.channel, f.reason]), [
        ['console', 'oidc.discovery_failed'],
        ['client', 'oidc.discovery_failed'],
      ]);
      // Nothing a person typed or a secret is in the log.
      assert.ok(!JSON.stringify(sso.data).includes('the-secret-id-not-its-value'));
    });

    async function provider(name: string) {
      const response = await t.app.inject({ method: 'GET', url: `/api/admin/oidc/providers/${ids.get(name)}`, headers: admin });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as { name: string; last_error: { at: number; reason: string; message: string } | null };
    }

    it('shows a failing provider’s last error until a sign-in through it works', async () => {
      const dead = await provider('dead');
      const [latest] = (await failures(`provider_id=${ids.get('dead')}&pageSize=1`)).data;
      assert.deepEqual(dead.last_error, { at: latest?.created_at, reason: 'oidc.discovery_failed', message: latest?.detail });
      assert.match(dead.last_error?.message ?? '', /127\.0\.0\.1:9/);
      const listed = (await t.app.inject({ method: 'GET', url: '/api/admin/oidc/providers', headers: admin })).json() as { name: string; last_error: unknown }[];
      assert.deepEqual(listed.find((p) => p.name === 'dead')?.last_error, dead.last_error);
      assert.match((await provider('wrong-secret')).last_error?.message ?? '', /invalid_client/);

      // hostile's last failure was the ID token check; then someone signs in through it.
      assert.equal((await provider('hostile')).last_error?.reason, 'oidc.iat_in_future');
      hostile.reset();
      t.clock.advance(1000);
      const browser = createBrowser();
      const end = await browser.navigate(`${base}/api/oidc/login/hostile`, { stopAt: (next) => next === `${base}/` });
      assert.equal(end.url, `${base}/`);
      assert.equal((await provider('hostile')).last_error, null);
      // A failure after that shows again.
      t.clock.advance(1000);
      hostile.scenario = { authorization: { code: OMIT, error: 'server_error' } };
      await createBrowser().navigate(`${base}/api/oidc/login/hostile`);
      hostile.reset();
      assert.deepEqual((await provider('hostile')).last_error, { at: t.clock.now(), reason: 'oidc.provider_error', message: 'server_error' });
    });

    it('does not count a person’s refusal or deskgate’s policy as the provider’s error', async () => {
      // corp's failures were a denial, the user cap, a disabled account and the provider turned off.
      assert.equal((await provider('corp')).last_error, null);
      // invite-only refused a registration by policy, and has worked for nobody yet.
      assert.equal((await provider('invite-only')).last_error, null);
    });
  });
}
