/**
 * Settings → OIDC → Test sign-in, against panva's oidc-provider: an administrator signs in
 * through a provider (enabled or not) and reads each policy rule's verdict on the identity;
 * nobody is signed in and nothing is created.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../src/services/audit.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createBrowser } from '../support/browser.js';
import { testEngines } from '../support/databases.js';
import { createApiToken, createUser, signInConsole } from '../support/fixtures.js';
import { idpUsers, startIdp, type Idp } from '../support/idp.js';

interface Verdict {
  rule: string;
  ok: boolean;
  message: string;
  fix?: string;
}
interface Report {
  provider_name: string;
  started_at: number;
  ok: boolean;
  error: { code: string; message: string } | null;
  identity: { subject: string; name: string; email: string; email_verified: boolean; claims: string[] } | null;
  verdicts: Verdict[];
}

for (const engine of await testEngines()) {
  describe(`test sign-in through a provider (${engine})`, () => {
    let t: TestApp;
    let idp: Idp;
    let base: string;
    let admin: Record<string, string>;
    const ids: Record<string, string> = {};

    before(async () => {
      t = await buildTestApp(engine);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      idp = await startIdp([{ client_id: 'deskgate', client_secret: 'deskgate-secret', redirect_uris: [`${base}/api/oidc/callback`] }]);
      // admin: setting policy.admin_groups needs it.
      admin = (await createApiToken(t, ['oidc:write', 'admin'])).headers;
      for (const [name, body] of [
        // Not turned on: a test sign-in is how it is tried before it is.
        ['corp', { enabled: false, client_secret: 'deskgate-secret' }],
        ['corp-domains', { enabled: true, client_secret: 'deskgate-secret', policy: { allowed_email_domains: ['other.example'] } }],
        ['corp-wrong-secret', { enabled: true, client_secret: 'not-the-secret' }],
        ['corp-on', { enabled: true, client_secret: 'deskgate-secret', policy: { admin_groups: ['deskgate-admins'], groups_claim: 'groups' } }],
      ] as const) {
        const created = await t.app.inject({
          method: 'POST',
          url: '/api/admin/oidc/providers',
          headers: admin,
          payload: { type: 'oidc', name, issuer: idp.issuer, client_id: 'deskgate', ...body },
        });
        assert.equal(created.statusCode, 201, created.body);
        ids[name] = (created.json() as { id: string }).id;
      }
    });
    after(async () => {
      await idp.close();
      await t.close();
    });

    /**
     * What the console does: POST for the URL (the answer's cookie binds the sign-in to this
     * browser), then the browser goes through the provider back to the callback.
     */
    async function testSignIn(provider: string, as: string) {
      idp.signInAs(as);
      const started = await fetch(`${base}/api/admin/oidc/providers/${ids[provider]}/test-sign-in`, { method: 'POST', headers: admin });
      assert.equal(started.status, 200, await started.clone().text());
      const { url, started_at } = (await started.json()) as { url: string; started_at: number };
      const txCookie = started.headers.getSetCookie().map((line) => line.split(';')[0] ?? '').find((pair) => pair.startsWith('deskgate_oidc=')) ?? '';
      assert.ok(txCookie, 'the start binds the sign-in to the browser');
      const browser = createBrowser();
      const atCallback = await browser.navigate(url, { stopAt: (next) => next.startsWith(`${base}/api/oidc/callback`) });
      const callbackUrl = atCallback.url;
      const callback = await fetch(callbackUrl, { headers: { cookie: txCookie }, redirect: 'manual' });
      return { callback, page: await callback.text(), callbackUrl, txCookie, started_at };
    }

    async function latest(provider: string): Promise<Report | null> {
      const response = await t.app.inject({ method: 'GET', url: `/api/admin/oidc/providers/${ids[provider]}/test-sign-in`, headers: admin });
      assert.equal(response.statusCode, 200, response.body);
      return response.json() as Report | null;
    }

    it('reports every rule admitting a person at a provider not yet turned on, and creates nothing', async () => {
      assert.equal(await latest('corp'), null);
      const { callback, page, started_at } = await testSignIn('corp', 'alice');
      assert.equal(callback.status, 200, page);
      assert.match(page, /Test sign-in: corp/);
      assert.match(page, /This person would be admitted\./);
      assert.match(page, /A new account would be named &#34;alice&#34;/);
      assert.doesNotMatch(callback.headers.getSetCookie().join('\n'), /deskgate_session=[^;]/);

      const report = await latest('corp');
      assert.equal(report?.started_at, started_at);
      assert.equal(report?.ok, true, JSON.stringify(report));
      assert.equal(report?.error, null);
      assert.equal(report?.identity?.subject, 'alice');
      assert.equal(report?.identity?.email, 'alice@corp.example');
      assert.equal(report?.identity?.email_verified, true);
      assert.deepEqual(
        report?.verdicts.map((v) => [v.rule, v.ok]),
        [
          ['allowed_tenants', true],
          ['allowed_email_domains', true],
          ['allowed_orgs', true],
          ['auto_register', true],
          ['max_authorized_users', true],
          ['username_claim', true],
          ['groups_claim', true],
          ['admin_groups', true],
        ],
      );
      // Nobody signed in, nothing made: no user, no link, no session.
      assert.equal(await t.store.users.findByName('alice'), undefined);
      assert.equal(await t.store.identities.findByProvider(ids.corp ?? '', 'alice'), undefined);
      assert.equal(await t.store.identities.countLinkedUsers(), 0);
      const provider = (await t.app.inject({ method: 'GET', url: `/api/admin/oidc/providers/${ids.corp}`, headers: admin })).json() as { enabled: boolean };
      assert.equal(provider.enabled, false, 'still off');
    });

    it('names the rule that refuses a person (allowed e-mail domains) with its fix', async () => {
      const { callback, page } = await testSignIn('corp-domains', 'bob');
      assert.equal(callback.status, 200, page);
      assert.match(page, /This person would be refused<\/strong> by: Allowed e-mail domains\./);
      const report = await latest('corp-domains');
      assert.equal(report?.ok, false);
      const refused = report?.verdicts.filter((v) => !v.ok) ?? [];
      assert.deepEqual(refused.map((v) => v.rule), ['allowed_email_domains']);
      assert.ok(refused[0]?.fix, 'a refusal says what to change');
      assert.match(page, new RegExp(`What to do: ${(refused[0]?.fix ?? '').slice(0, 30).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      assert.equal(await t.store.users.findByName('bob'), undefined);
    });

    it('reports a sign-in the provider refuses (a wrong client secret) instead of verdicts, and logs no failed sign-in', async () => {
      const { callback, page } = await testSignIn('corp-wrong-secret', 'alice');
      assert.equal(callback.status, 200, page);
      assert.match(page, /The sign-in at the provider failed/);
      const report = await latest('corp-wrong-secret');
      assert.equal(report?.ok, false);
      assert.equal(report?.identity, null);
      assert.deepEqual(report?.verdicts, []);
      assert.match(report?.error?.code ?? '', /^oidc\./);
      const failures = await t.app.inject({ method: 'GET', url: '/api/admin/audit/sign-in-failures', headers: (await createApiToken(t, ['audit:read'])).headers });
      assert.equal(failures.statusCode, 200, failures.body);
      assert.doesNotMatch(failures.body, /corp-wrong-secret/);
    });

    it('says a returning person signs in to their account, and names a disabled account', async () => {
      idp.signInAs('bob');
      const browser = createBrowser();
      await browser.navigate(`${base}/api/oidc/login/corp-on`, { stopAt: (next) => next === `${base}/` });
      const bob = await t.store.users.findByName('bob');
      assert.ok(bob, 'signed in for real once');

      await testSignIn('corp-on', 'bob');
      let report = await latest('corp-on');
      assert.equal(report?.ok, true, JSON.stringify(report));
      const verdict = (rule: string) => report?.verdicts.find((v) => v.rule === rule);
      assert.match(verdict('auto_register')?.message ?? '', /linked to an account/);
      assert.match(verdict('username_claim')?.message ?? '', /its username stays/);
      assert.match(verdict('groups_claim')?.message ?? '', /The provider sent no groups claim: this person names no deskgate group, so they would be in "Default"/);
      assert.match(verdict('admin_groups')?.message ?? '', /Would not be an administrator.*Their account is not an administrator/);

      await t.services.users.setStatus(systemActor, bob.id, 0);
      await testSignIn('corp-on', 'bob');
      report = await latest('corp-on');
      assert.equal(report?.ok, false);
      assert.deepEqual(report?.verdicts.filter((v) => !v.ok).map((v) => v.rule), ['account_enabled']);
      assert.equal((await t.store.users.findById(bob.id))?.status, 0, 'still disabled');
    });

    it('says which groups the groups claim maps to and that admin_groups would make the person an administrator', async () => {
      await t.services.groups.create(systemActor, { name: 'Staff' });
      await testSignIn('corp-on', 'adminGroup');
      const report = await latest('corp-on');
      assert.equal(report?.ok, true, JSON.stringify(report));
      const verdict = (rule: string) => report?.verdicts.find((v) => v.rule === rule)?.message ?? '';
      assert.equal(verdict('groups_claim'), 'The groups claim holds 2 values: this person would be in "Staff" (no deskgate group is named "deskgate-admins").');
      assert.equal(verdict('admin_groups'), 'Would be an administrator: the groups claim holds "deskgate-admins".');
      assert.equal(await t.store.users.findByName('ada'), undefined, 'nothing created');
    });

    it('shows what the provider sent as text, never as markup', async () => {
      idpUsers.markup = { email: 'mal@corp.example', email_verified: true, name: 'Mal', preferred_username: '<img src=x onerror=alert(1)>' };
      try {
        const { callback, page } = await testSignIn('corp', 'markup');
        assert.equal(callback.status, 200, page);
        assert.doesNotMatch(page, /<img/);
        assert.match(page, /&#60;img src=x onerror=alert\(1\)&#62;/);
      } finally {
        delete idpUsers.markup;
      }
    });

    it('uses the callback’s state once: the same answer again is refused', async () => {
      const { callback, callbackUrl, txCookie } = await testSignIn('corp', 'alice');
      assert.equal(callback.status, 200);
      const again = await fetch(callbackUrl, { headers: { cookie: txCookie }, redirect: 'manual' });
      assert.equal(again.status, 400);
      assert.match(await again.text(), /unknown, expired or already used/);
    });

    it('needs oidc:write, or an administrator’s session', async () => {
      for (const scopes of [['oidc:read'], ['users:write', 'settings:write']]) {
        const { headers } = await createApiToken(t, scopes, `no-oidc-write-${scopes.join('-')}`);
        for (const method of ['POST', 'GET'] as const) {
          const response = await t.app.inject({ method, url: `/api/admin/oidc/providers/${ids.corp}/test-sign-in`, headers });
          assert.equal(response.statusCode, 403, `${method} with ${scopes.join(' ')}`);
          assert.equal(typeof (response.json() as { error?: unknown }).error, 'string');
        }
      }
      await createUser(t, { name: 'carol' });
      const session = await signInConsole(t, 'carol');
      const refused = await t.app.inject({ method: 'POST', url: `/api/admin/oidc/providers/${ids.corp}/test-sign-in`, headers: session.headers });
      assert.equal(refused.statusCode, 403);
      const anonymous = await t.app.inject({ method: 'POST', url: `/api/admin/oidc/providers/${ids.corp}/test-sign-in` });
      assert.equal(anonymous.statusCode, 401);
    });

    it('answers malformed or unknown provider ids with a 4xx JSON error', async () => {
      for (const id of ['not%20an%20id', 'x'.repeat(65), '%00', 'no-such-provider']) {
        for (const method of ['POST', 'GET'] as const) {
          const response = await t.app.inject({ method, url: `/api/admin/oidc/providers/${id}/test-sign-in`, headers: admin });
          assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${method} ${id}: ${response.statusCode}`);
          assert.equal(typeof (response.json() as { error?: unknown }).error, 'string', response.body);
        }
      }
    });
  });
}
