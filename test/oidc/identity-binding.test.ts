/**
 * A person is linked to the provider that vouched for them, never to an issuer string
 * (DESIGN.md "Sign-in design"): an identity linked through provider A is never reached through
 * provider B, whatever issuer B claims, and a provider with linked people cannot be pointed at
 * other endpoints or keys without unlinking them. Two hostile providers play the parts: `honest`
 * is the company's provider, `attacker` a server of someone holding an `oidc:write` token.
 */
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createBrowser, type Step } from '../support/browser.js';
import { testEngines } from '../support/databases.js';
import { createApiToken, createUser } from '../support/fixtures.js';
import { OMIT, startHostileIdp, type HostileIdp, type Scenario } from '../support/hostile-idp.js';
import { DEVICE, dart } from '../support/rustdesk-client.js';

const CLIENT_ID = 'deskgate';
const CLIENT_SECRET = 'binding-test-client-secret-0123456789';

for (const engine of await testEngines()) {
  describe(`identities are bound to the provider that vouched for them (${engine})`, () => {
    let t: TestApp;
    let honest: HostileIdp;
    let attacker: HostileIdp;
    let base: string;
    /** What an `oidc:write` token may do: the attacker's means. */
    let oidcWriter: Record<string, string>;
    let reader: Record<string, string>;

    before(async () => {
      const clients = [{ client_id: CLIENT_ID, client_secret: CLIENT_SECRET }];
      [honest, attacker] = await Promise.all([startHostileIdp({ clients }), startHostileIdp({ clients })]);
      t = await buildTestApp(engine);
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      oidcWriter = (await createApiToken(t, ['oidc:write'], 'oidc-writer')).headers;
      reader = (await createApiToken(t, ['users:read', 'audit:read'], 'reader')).headers;
    });
    after(async () => {
      await Promise.all([honest.close(), attacker.close()]);
      await t.close();
    });
    beforeEach(() => {
      honest.reset();
      attacker.reset();
    });

    async function createProvider(payload: Record<string, unknown>): Promise<string> {
      const created = await t.app.inject({ method: 'POST', url: '/api/admin/oidc/providers', headers: oidcWriter, payload: { enabled: true, ...payload } });
      assert.equal(created.statusCode, 201, created.body);
      return (created.json() as { id: string }).id;
    }

    const honestProvider = (name: string) =>
      createProvider({ type: 'oidc', name, issuer: honest.issuer, client_id: CLIENT_ID, client_secret: CLIENT_SECRET });

    const patch = (id: string, payload: Record<string, unknown>) =>
      t.app.inject({ method: 'PATCH', url: `/api/admin/oidc/providers/${id}`, headers: oidcWriter, payload });

    /** A console sign-in through `provider`: who it signed in as, if anyone. */
    async function signIn(provider: string, idp: HostileIdp, scenario: Scenario): Promise<{ end: Step; user: { id: string; name: string } | undefined }> {
      idp.scenario = scenario;
      const browser = createBrowser();
      const end = await browser.navigate(`${base}/api/oidc/login/${provider}?return_to=/devices`, {
        stopAt: (next) => next.startsWith(base) && !new URL(next).pathname.startsWith('/api/oidc/'),
      });
      const cookie = browser.cookies(new URL(base).host).get('deskgate_session');
      if (!cookie) return { end, user: undefined };
      const session = await fetch(`${base}/api/session`, { headers: { cookie: `deskgate_session=${cookie}` } });
      return { end, user: ((await session.json()) as { user: { id: string; name: string } }).user };
    }

    async function signedInAs(provider: string, idp: HostileIdp, sub: string): Promise<{ id: string; name: string }> {
      const { end, user } = await signIn(provider, idp, { sub });
      assert.ok(user, `not signed in (status ${end.status}): ${end.body.slice(0, 300)}`);
      return user;
    }

    const linksOf = async (userId: string) =>
      (await t.app.inject({ method: 'GET', url: `/api/admin/users/${userId}/identities`, headers: reader })).json() as { provider_name: string }[];

    it('an oauth2 provider claiming a real provider’s issuer, whose userinfo names the victim, never reaches the victim (issue 9)', async () => {
      await honestProvider('corp');
      const victim = await signedInAs('corp', honest, 'victim');

      // The attacker's provider: the real issuer as free text, every endpoint on the attacker's server.
      await createProvider({
        type: 'oauth2',
        name: 'lookalike',
        issuer: honest.issuer,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        scopes: 'openid',
        authorization_endpoint: `${attacker.issuer}/authorize`,
        token_endpoint: `${attacker.issuer}/token`,
        userinfo_endpoint: `${attacker.issuer}/userinfo`,
      });
      // Its userinfo answers {"sub": "victim", ...}; it mimics the real issuer wherever one is shown.
      const userinfoCalls = attacker.calls.userinfo;
      const { end, user } = await signIn('lookalike', attacker, {
        sub: 'victim',
        authorization: { iss: honest.issuer },
        tokenResponse: { id_token: OMIT },
      });
      assert.equal(attacker.calls.userinfo, userinfoCalls + 1, `the attack did not get as far as userinfo: ${end.body.slice(0, 300)}`);
      assert.notEqual(user?.id, victim.id, 'the lookalike provider signed in as the victim');
      assert.deepEqual((await linksOf(victim.id)).map((l) => l.provider_name), ['corp']);
      // The victim still signs in through the real provider.
      assert.equal((await signedInAs('corp', honest, 'victim')).id, victim.id);
    });

    it('refuses to point a provider with linked people at another server’s keys, unless they are unlinked with it (issue 9)', async () => {
      const id = await honestProvider('corp-keys');
      const victim = await signedInAs('corp-keys', honest, 'keys-victim');
      const override = {
        authorization_endpoint: `${attacker.issuer}/authorize`,
        token_endpoint: `${attacker.issuer}/token`,
        jwks_uri: `${attacker.issuer}/jwks`,
      };

      const refused = await patch(id, override);
      assert.equal(refused.statusCode, 409, refused.body);
      const body = refused.json() as { error: string; code: string };
      assert.equal(body.code, 'provider.has_links');
      assert.match(body.error, /1 person is linked through this provider/);
      assert.match(body.error, /unlink_identities/);
      const kept = (await t.app.inject({ method: 'GET', url: `/api/admin/oidc/providers/${id}`, headers: oidcWriter })).json() as Record<string, string>;
      assert.equal(kept.jwks_uri, '');
      assert.equal(kept.token_endpoint, '');

      // The explicit way: unlink everyone in the same change, with an audit record that counts them.
      const unlinked = await patch(id, { ...override, unlink_identities: true });
      assert.equal(unlinked.statusCode, 200, unlinked.body);
      assert.deepEqual(await linksOf(victim.id), []);
      const audit = await t.services.audit.list({ action: 'provider.update', target: 'corp-keys' }, { current: 1, pageSize: 1 });
      assert.equal(audit.data[0]?.detail.unlinked, 1);
      assert.equal(audit.data[0]?.actor.name, 'oidc-writer');
      // Whatever the new settings vouch for now — here an ID token the attacker signs for the
      // victim, with the real issuer — it is not the victim's account.
      const forged: Scenario = { sub: 'keys-victim', idToken: { iss: honest.issuer }, authorization: { iss: honest.issuer } };
      const tokenCalls = attacker.calls.token;
      const after = await signIn('corp-keys', attacker, forged);
      assert.equal(attacker.calls.token, tokenCalls + 1, 'the sign-in did not use the new settings');
      assert.ok(after.user, after.end.body.slice(0, 300));
      assert.notEqual(after.user.id, victim.id);
      assert.equal(after.user.name, 'keys-victim-2');
    });

    it('refuses each change of type, issuer, tenant, endpoints and key set while people are linked, and allows the rest', async () => {
      const id = await honestProvider('corp-fields');
      await signedInAs('corp-fields', honest, 'fields-person');
      await signedInAs('corp-fields', honest, 'fields-person-2');
      for (const change of [
        { type: 'keycloak' },
        { issuer: attacker.issuer },
        { tenant_id: 'contoso.example' },
        { authorization_endpoint: `${attacker.issuer}/authorize` },
        { token_endpoint: `${attacker.issuer}/token` },
        { userinfo_endpoint: `${attacker.issuer}/userinfo` },
        { jwks_uri: `${attacker.issuer}/jwks` },
      ]) {
        const response = await patch(id, change);
        assert.equal(response.statusCode, 409, `${JSON.stringify(change)}: ${response.body}`);
        assert.match((response.json() as { error: string }).error, /^2 people are linked through this provider/);
      }
      // A new client id or secret, a label or scopes keep everyone's account.
      for (const change of [{ client_id: 'rotated-client' }, { client_secret: 'rotated-secret' }, { display_name: 'Corp' }, { scopes: 'openid profile' }]) {
        const response = await patch(id, change);
        assert.equal(response.statusCode, 200, `${JSON.stringify(change)}: ${response.body}`);
      }
      assert.equal((await t.store.identities.countForProvider(id)), 2);
    });

    it('deletes a provider’s links with it and counts them in the audit record; the users stay', async () => {
      const id = await honestProvider('doomed');
      const people = [await signedInAs('doomed', honest, 'doomed-1'), await signedInAs('doomed', honest, 'doomed-2')];
      const deleted = await t.app.inject({ method: 'DELETE', url: `/api/admin/oidc/providers/${id}`, headers: oidcWriter });
      assert.equal(deleted.statusCode, 204, deleted.body);
      for (const person of people) {
        assert.deepEqual(await linksOf(person.id), []);
        assert.ok(await t.store.users.findById(person.id));
      }
      assert.equal(await t.store.identities.countForProvider(id), 0);
      const audit = await t.services.audit.list({ action: 'provider.delete', target: 'doomed' }, { current: 1, pageSize: 1 });
      assert.equal(audit.data[0]?.detail.unlinked, 2);
    });

    /** A RustDesk client signed in as the user, and whether its token still works. */
    const clientOf = (userId: string) =>
      t.services.accessTokens.issue(userId, { deviceId: DEVICE.id, uuid: DEVICE.uuid, deviceInfo: DEVICE.deviceInfo, ip: '127.0.0.1' });
    const clientWorks = async (token: string) =>
      (await t.app.inject(dart('POST', '/api/currentUser', { id: DEVICE.id, uuid: DEVICE.uuid }, token))).statusCode === 200;

    it('signs out the people unlinked with a change or a deletion, as unlinking one identity does', async () => {
      const changed = await honestProvider('corp-moving');
      const moved = await signedInAs('corp-moving', honest, 'moving-person');
      const movedClient = await clientOf(moved.id);
      const deleted = await honestProvider('corp-closing');
      const closed = await signedInAs('corp-closing', honest, 'closing-person');
      const closedClient = await clientOf(closed.id);
      assert.equal(await clientWorks(movedClient), true);
      assert.equal(await clientWorks(closedClient), true);

      const unlinked = await patch(changed, { jwks_uri: `${attacker.issuer}/jwks`, unlink_identities: true });
      assert.equal(unlinked.statusCode, 200, unlinked.body);
      assert.equal(await clientWorks(movedClient), false);
      const gone = await t.app.inject({ method: 'DELETE', url: `/api/admin/oidc/providers/${deleted}`, headers: oidcWriter });
      assert.equal(gone.statusCode, 204, gone.body);
      assert.equal(await clientWorks(closedClient), false);
    });

    it('needs the admin scope to unlink or delete a provider an administrator is linked through', async () => {
      const id = await honestProvider('corp-admins');
      const person = await signedInAs('corp-admins', honest, 'admin-person');
      const admin = (await createApiToken(t, ['admin'], 'full')).headers;
      const promoted = await t.app.inject({ method: 'PATCH', url: `/api/admin/users/${person.id}`, headers: admin, payload: { is_admin: true } });
      assert.equal(promoted.statusCode, 200, promoted.body);

      for (const refused of [
        await patch(id, { jwks_uri: `${attacker.issuer}/jwks`, unlink_identities: true }),
        await t.app.inject({ method: 'DELETE', url: `/api/admin/oidc/providers/${id}`, headers: oidcWriter }),
      ]) {
        assert.equal(refused.statusCode, 403, refused.body);
        assert.equal((refused.json() as { code: string }).code, 'auth.scope');
      }
      assert.equal(await t.store.identities.countForProvider(id), 1);
      // Another administrator signs in with a password, so deleting leaves a way in (no lock-out).
      await createUser(t, { name: 'password-admin', is_admin: true });
      const deleted = await t.app.inject({ method: 'DELETE', url: `/api/admin/oidc/providers/${id}`, headers: admin });
      assert.equal(deleted.statusCode, 204, deleted.body);
    });
  });
}
