/**
 * Who may sign in through a provider that anyone can get an account at: the Entra tenant (`tid`)
 * and Google Workspace domain (`hd`) of the ID token are checked against the provider's
 * allow-list on every sign-in, before anything is created (DESIGN.md "Sign-in design").
 * The hostile provider plays Entra and Google: a correct provider whose ID tokens carry the
 * `tid` and `hd` claims each case asks for.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createBrowser, type Step } from '../support/browser.js';
import { testEngines } from '../support/databases.js';
import { createApiToken } from '../support/fixtures.js';
import { startHostileIdp, type HostileIdp, type Scenario } from '../support/hostile-idp.js';
import { DEVICE } from '../support/rustdesk-client.js';

const CLIENT_ID = 'deskgate';
const CLIENT_SECRET = 'gate-test-client-secret-0123456789';
const OUR_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const PARTNER_TENANT = 'a1b2c3d4-0000-4000-8000-0000000000aa';
const OTHER_TENANT = 'f00dcafe-0000-4000-8000-0000000000ff';
const PENDING = 'No authed oidc is found';

for (const engine of await testEngines()) {
  describe(`who may sign in through a multi-tenant or social provider (${engine})`, () => {
    let t: TestApp;
    let idp: HostileIdp;
    let base: string;
    let admin: Record<string, string>;
    const ids: Record<string, string> = {};

    before(async () => {
      idp = await startHostileIdp({ clients: [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET }] });
      t = await buildTestApp(engine);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      admin = (await createApiToken(t, ['oidc:write', 'users:read'])).headers;
      const common = { issuer: idp.issuer, client_id: CLIENT_ID, client_secret: CLIENT_SECRET };
      for (const [name, payload] of [
        // An Entra "organizations" app registration (any work or school tenant), narrowed to two.
        ['entra', { type: 'azure', tenant_id: 'organizations', policy: { allowed_tenants: [OUR_TENANT, PARTNER_TENANT.toUpperCase()] } }],
        ['google', { type: 'google', policy: { allowed_email_domains: ['corp.example'] } }],
        ['google-anyone', { type: 'google', policy: { allow_anyone: true } }],
      ] as const) {
        const created = await t.app.inject({ method: 'POST', url: '/api/admin/oidc/providers', headers: admin, payload: { enabled: true, name, ...common, ...payload } });
        assert.equal(created.statusCode, 201, created.body);
        ids[name] = (created.json() as { id: string }).id;
      }
    });
    after(async () => {
      await idp.close();
      await t.close();
    });
    beforeEach(() => idp.reset());

    async function consoleSignIn(provider: string, scenario: Scenario): Promise<{ end: Step; session: string | undefined }> {
      idp.scenario = scenario;
      const browser = createBrowser();
      const end = await browser.navigate(`${base}/api/oidc/login/${provider}?return_to=/devices`, {
        stopAt: (next) => next.startsWith(base) && !new URL(next).pathname.startsWith('/api/oidc/'),
      });
      return { end, session: browser.cookies(new URL(base).host).get('deskgate_session') };
    }

    async function assertSignedIn(provider: string, scenario: Scenario & { sub: string }): Promise<void> {
      const { end, session } = await consoleSignIn(provider, scenario);
      assert.equal(end.url, `${base}/devices`, `not signed in (status ${end.status}): ${end.body.slice(0, 300)}`);
      assert.ok(session, 'no console session');
      assert.ok(await t.store.users.findByName(scenario.sub), 'the person got a user');
    }

    async function assertRefused(provider: string, scenario: Scenario & { sub: string }, message: RegExp, status = 403): Promise<void> {
      const existed = Boolean(await t.store.users.findByName(scenario.sub));
      const { end, session } = await consoleSignIn(provider, scenario);
      assert.ok(end.url.startsWith(`${base}/api/oidc/callback`), `ended at ${end.url}`);
      assert.equal(end.status, status, end.body.slice(0, 300));
      assert.match(end.body, message);
      assert.equal(session, undefined, 'a console session was issued');
      if (!existed) assert.equal(await t.store.users.findByName(scenario.sub), undefined, 'a user was created for a refused person');
    }

    const tenantRefusal = /Microsoft Entra organisation/;
    /** Entra's object id for a person of the fake tenant (every Entra ID token carries one). */
    const oid = (sub: string) => `00000000-0000-4000-8000-${Buffer.from(sub).toString('hex').padStart(12, '0').slice(-12)}`;
    const domainRefusal = /Google domain/;

    it('registers a person from an allowed Entra tenant (tid compared as a GUID, any case)', async () => {
      await assertSignedIn('entra', { sub: 'adele', idToken: { oid: oid('adele'), tid: OUR_TENANT } });
      await assertSignedIn('entra', { sub: 'pat-partner', idToken: { oid: oid('pat-partner'), tid: PARTNER_TENANT.toUpperCase() } });
    });

    it('refuses a token from a tenant not on the list, and one without tid, before anything is created', async () => {
      await assertRefused('entra', { sub: 'mallory', idToken: { oid: oid('mallory'), tid: OTHER_TENANT } }, tenantRefusal);
      // Entra tokens always carry tid: one without it is not a valid answer, whoever sent it.
      await assertRefused('entra', { sub: 'no-tenant', idToken: { oid: oid('no-tenant') } }, /invalid sign-in response/, 400);
      // A personal Microsoft account (the consumers tenant) is not on the list either.
      await assertRefused('entra', { sub: 'personal', idToken: { oid: oid('personal'), tid: '9188040d-6c67-4c5b-b112-36a304b66dad' } }, tenantRefusal);
    });

    it('ends a RustDesk client’s wait with the refusal, not the pending answer', async () => {
      idp.scenario = { sub: 'mallory-client', idToken: { oid: oid('mallory-client'), tid: OTHER_TENANT } };
      const started = await fetch(`${base}/api/oidc/auth`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ op: 'entra', id: DEVICE.id, uuid: DEVICE.uuid, deviceInfo: DEVICE.deviceInfo }),
      });
      const { code, url } = (await started.json()) as { code: string; url: string };
      const end = await createBrowser().navigate(url, { stopAt: (next) => next.startsWith(base) && !new URL(next).pathname.startsWith('/api/oidc/') });
      assert.equal(end.status, 403);
      const poll = await fetch(`${base}/api/oidc/auth-query?${new URLSearchParams({ code, id: DEVICE.id, uuid: DEVICE.uuid })}`);
      const answer = (await poll.json()) as { error?: string; access_token?: string };
      assert.notEqual(answer.error, PENDING);
      assert.match(answer.error ?? '', tenantRefusal);
      assert.equal(answer.access_token, undefined);
      assert.equal(await t.store.users.findByName('mallory-client'), undefined);
    });

    it('refuses a linked person once their tenant leaves the list (every sign-in is checked), and lets them back when it returns', async () => {
      await assertSignedIn('entra', { sub: 'leaver', idToken: { oid: oid('leaver'), tid: PARTNER_TENANT } });
      const narrowed = await t.app.inject({ method: 'PATCH', url: `/api/admin/oidc/providers/${ids.entra}`, headers: admin, payload: { policy: { allowed_tenants: [OUR_TENANT] } } });
      assert.equal(narrowed.statusCode, 200, narrowed.body);
      try {
        await assertRefused('entra', { sub: 'leaver', idToken: { oid: oid('leaver'), tid: PARTNER_TENANT } }, tenantRefusal);
      } finally {
        await t.app.inject({ method: 'PATCH', url: `/api/admin/oidc/providers/${ids.entra}`, headers: admin, payload: { policy: { allowed_tenants: [OUR_TENANT, PARTNER_TENANT] } } });
      }
      await assertSignedIn('entra', { sub: 'leaver', idToken: { oid: oid('leaver'), tid: PARTNER_TENANT } });
    });

    it('registers a Google Workspace person whose hd is an allowed domain', async () => {
      await assertSignedIn('google', { sub: 'worker', idToken: { hd: 'corp.example', email: 'worker@corp.example' } });
      await assertSignedIn('google', { sub: 'worker-case', idToken: { hd: 'Corp.Example' } });
    });

    it('refuses another Workspace domain and a consumer Google account (no hd), whatever the e-mail says', async () => {
      await assertRefused('google', { sub: 'outsider', idToken: { hd: 'other.example' } }, domainRefusal);
      // The e-mail domain is not a membership claim: only hd is (Google's ID token reference).
      await assertRefused('google', { sub: 'gmail-user', idToken: { email: 'someone@corp.example', email_verified: true } }, domainRefusal);
      await assertRefused('google', { sub: 'lookalike', idToken: { hd: 'corp.example.evil' } }, domainRefusal);
    });

    it('lets anyone in through a provider with allow_anyone', async () => {
      await assertSignedIn('google-anyone', { sub: 'any-gmail-user' });
    });
  });
}
