import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../../src/services/audit.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { createBrowser } from '../../support/browser.js';
import { testEngines } from '../../support/databases.js';
import { PASSWORD, createApiToken } from '../../support/fixtures.js';
import { startIdp, type Idp } from '../../support/idp.js';
import { assertJsonError, malformedCases, type RouteExample } from '../../support/malformed.js';
import { DEVICE, dart, loginBody } from '../../support/rustdesk-client.js';

type Headers = Record<string, string>;

for (const engine of await testEngines()) {
  describe(`admin API: unlinking an SSO identity (${engine})`, () => {
    let t: TestApp;
    let idp: Idp;
    let base: string;
    let admin: Headers;

    before(async () => {
      t = await buildTestApp(engine, { signInLimits: { perAddress: 1000, perName: 1000, windowMs: 60_000 } });
      await t.app.listen({ port: 0, host: '127.0.0.1' });
      base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
      idp = await startIdp([{ client_id: 'deskgate', client_secret: 'deskgate-secret', redirect_uris: [`${base}/api/oidc/callback`] }]);
      admin = (await createApiToken(t, ['admin'])).headers;
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/admin/oidc/providers',
        headers: admin,
        payload: { enabled: true, type: 'oidc', name: 'corp', issuer: idp.issuer, client_id: 'deskgate', client_secret: 'deskgate-secret' },
      });
      assert.equal(created.statusCode, 201, created.body);
    });
    after(async () => {
      await idp.close();
      await t.close();
    });

    const call = (method: 'GET' | 'POST' | 'DELETE', url: string, headers: Headers, payload?: unknown) =>
      t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

    /** A console sign-in through the provider, as a browser does it; the session's headers. */
    async function ssoConsoleSession(account: string): Promise<Headers> {
      idp.signInAs(account);
      const browser = createBrowser();
      await browser.navigate(`${base}/api/oidc/login/corp`, { stopAt: (next) => next === `${base}/` });
      const cookie = `deskgate_session=${browser.cookies(new URL(base).host).get('deskgate_session') ?? ''}`;
      const session = await call('GET', '/api/session', { cookie });
      assert.equal(session.statusCode, 200, session.body);
      return { cookie, 'x-csrf-token': (session.json() as { csrf_token: string }).csrf_token };
    }

    /** The person made by their first SSO sign-in, given a password so a RustDesk client signs in too. */
    async function personWithClient(name: string): Promise<{ id: string; client: string }> {
      const user = (await t.services.users.findByName(name))!;
      await t.services.users.setPassword(systemActor, user.id, PASSWORD);
      const login = await t.app.inject(dart('POST', '/api/login', loginBody(name, PASSWORD)));
      assert.equal(login.statusCode, 200, login.body);
      return { id: user.id, client: (login.json() as { access_token: string }).access_token };
    }

    const clientWorks = async (token: string) =>
      (await t.app.inject(dart('POST', '/api/currentUser', { id: DEVICE.id, uuid: DEVICE.uuid }, token))).statusCode === 200;
    const sessionWorks = async (headers: Headers) => (await call('GET', '/api/session', { cookie: headers.cookie! })).statusCode === 200;
    const identityOf = async (userId: string) =>
      ((await call('GET', `/api/admin/users/${userId}/identities`, admin)).json() as { id: string }[])[0]!.id;

    it('ends the person’s RustDesk client tokens and console sessions', async () => {
      const session = await ssoConsoleSession('bob');
      const bob = await personWithClient('bob');
      assert.equal(await clientWorks(bob.client), true);
      assert.equal(await sessionWorks(session), true);

      const unlink = await call('DELETE', `/api/admin/users/${bob.id}/identities/${await identityOf(bob.id)}`, admin);
      assert.equal(unlink.statusCode, 204, unlink.body);
      assert.equal(await clientWorks(bob.client), false);
      assert.equal(await sessionWorks(session), false);
    });

    it('keeps the session of an administrator unlinking their own identity, and ends the rest', async () => {
      const here = await ssoConsoleSession('alice');
      const elsewhere = await ssoConsoleSession('alice');
      const alice = await personWithClient('alice');
      await t.services.users.update(systemActor, alice.id, { is_admin: true });

      const unlink = await call('DELETE', `/api/admin/users/${alice.id}/identities/${await identityOf(alice.id)}`, here);
      assert.equal(unlink.statusCode, 204, unlink.body);
      assert.equal(await sessionWorks(here), true);
      assert.equal(await sessionWorks(elsewhere), false);
      assert.equal(await clientWorks(alice.client), false);
    });

    it('moves an identity back to the old account after the provider was deleted and made again: the next sign-in lands there', async () => {
      // Her account from her first sign-in; then the provider is deleted and made again.
      await ssoConsoleSession('nicknamed');
      const old = await personWithClient('nlongname');
      const provider = (await t.services.providers.list()).find((p) => p.name === 'corp')!;
      assert.equal((await call('DELETE', `/api/admin/oidc/providers/${provider.id}`, admin)).statusCode, 204);
      const again = await call('POST', '/api/admin/oidc/providers', admin, { enabled: true, type: 'oidc', name: 'corp', issuer: idp.issuer, client_id: 'deskgate', client_secret: 'deskgate-secret' });
      assert.equal(again.statusCode, 201, again.body);
      // Deleting the provider signed her out; she signs in on a device with her password again.
      const oldClient = (await personWithClient('nlongname')).client;
      // Her next sign-in makes a new account.
      const stray = await ssoConsoleSession('nicknamed');
      const strayUser = (await call('GET', '/api/session', { cookie: stray.cookie! })).json() as { user: { id: string; name: string } };
      assert.notEqual(strayUser.user.id, old.id);
      const identity = await identityOf(strayUser.user.id);

      const refusals: [string, unknown, number, string][] = [
        [`/api/admin/users/${strayUser.user.id}/identities/${identity}/move`, { user_id: strayUser.user.id }, 409, 'identity.same_account'],
        [`/api/admin/users/${strayUser.user.id}/identities/${identity}/move`, { user_id: 'nobody' }, 404, 'identity.target_not_found'],
        [`/api/admin/users/${old.id}/identities/${identity}/move`, { user_id: strayUser.user.id }, 404, 'identity.not_found'],
        [`/api/admin/users/${strayUser.user.id}/identities/${identity}/move`, {}, 400, 'request.invalid'],
      ];
      for (const [url, payload, status, code] of refusals) {
        const refused = await call('POST', url, admin, payload);
        assert.deepEqual([refused.statusCode, (refused.json() as { code: string }).code], [status, code], url);
      }

      const moved = await call('POST', `/api/admin/users/${strayUser.user.id}/identities/${identity}/move`, admin, { user_id: old.id });
      assert.equal(moved.statusCode, 204, moved.body);
      assert.equal(await sessionWorks(stray), false, 'the new account’s sign-ins end');
      assert.equal(await clientWorks(oldClient), true, 'the old account’s stay');
      const back = await ssoConsoleSession('nicknamed');
      assert.equal(((await call('GET', '/api/session', { cookie: back.cookie! })).json() as { user: { id: string } }).user.id, old.id);
      const audit = (await t.services.audit.list({ action: 'identity.move' }, { current: 1, pageSize: 5 })).data;
      assert.deepEqual([audit[0]?.target?.id, audit[0]?.detail.to], [strayUser.user.id, 'nlongname']);
    });

    it('answers every malformed move with a 4xx JSON error, and moves nothing', async () => {
      const session = await ssoConsoleSession('noEmail');
      const person = (await call('GET', '/api/session', { cookie: session.cookie! })).json() as { user: { id: string } };
      const identity = await identityOf(person.user.id);
      const route: RouteExample = { method: 'POST', path: `/api/admin/users/:id/identities/${identity}/move`, body: { user_id: person.user.id } };
      for (const { name, request, status, router } of malformedCases(route, person.user.id)) {
        const response = await t.app.inject({ ...request, headers: { ...admin, ...request.headers } });
        assertJsonError(response, status, { router: router ?? false });
        assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, `after ${name}`);
      }
      assert.equal(await identityOf(person.user.id), identity);
      assert.equal(await sessionWorks(session), true);
    });
  });
}
