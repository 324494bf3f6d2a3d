import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../../src/services/audit.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { NO_ENTRA_KEY, PASSWORD, createApiToken, createUser, signInConsole } from '../../support/fixtures.js';
import { assertJsonError, malformedCases, type RouteExample } from '../../support/malformed.js';
import { DEVICE, dart, loginBody } from '../../support/rustdesk-client.js';

type Session = Awaited<ReturnType<typeof signInConsole>>;
type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

const routes: RouteExample[] = [
  { method: 'GET', path: '/api/account' },
  { method: 'PATCH', path: '/api/account', body: { display_name: 'Me', email: 'me@example.com' } },
  { method: 'POST', path: '/api/account/password', body: { current_password: 'wrong password', new_password: 'new password 1' } },
  { method: 'GET', path: '/api/account/sessions' },
  { method: 'DELETE', path: '/api/account/sessions/:id' },
  { method: 'GET', path: '/api/account/devices' },
  { method: 'DELETE', path: '/api/account/devices/:id' },
  { method: 'GET', path: '/api/account/identities' },
  { method: 'POST', path: '/api/account/identities', body: { provider: 'no-such-provider' } },
  { method: 'DELETE', path: '/api/account/identities/:id' },
];

for (const engine of await testEngines()) {
  describe(`account API (${engine})`, () => {
    let t: TestApp;
    let alice: Session;

    before(async () => {
      // Many sign-ins from one test address: the per-address limit is not under test here.
      t = await buildTestApp(engine, { signInLimits: { perAddress: 1000, perName: 1000, windowMs: 60_000 } });
      await createUser(t, { name: 'alice', email: 'alice@example.com' });
      await createUser(t, { name: 'bob' });
      alice = await signInConsole(t, 'alice');
    });
    after(() => t.close());

    const call = (method: Method, url: string, session: { headers: Record<string, string> } = alice, payload?: unknown) =>
      t.app.inject({ method, url, headers: session.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    const sessionWorks = async (cookie: string) =>
      (await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).statusCode === 200;
    const clientSignIn = async (name: string, deviceId: string) => {
      const response = await t.app.inject(dart('POST', '/api/login', { ...loginBody(name, PASSWORD), id: deviceId }));
      return (response.json() as { access_token: string }).access_token;
    };
    const clientWorks = async (token: string) =>
      (await t.app.inject(dart('POST', '/api/currentUser', { id: DEVICE.id, uuid: DEVICE.uuid }, token))).statusCode === 200;

    it('shows my profile; needs a session, not an API token', async () => {
      const response = await call('GET', '/api/account');
      assert.equal(response.statusCode, 200);
      const me = response.json() as { name: string; email: string; is_admin: boolean; has_password: boolean };
      assert.deepEqual([me.name, me.email, me.is_admin, me.has_password], ['alice', 'alice@example.com', false, true]);
      assertJsonError(await t.app.inject({ method: 'GET', url: '/api/account' }), 401);
      const token = await createApiToken(t, ['admin']);
      assert.equal(assertJsonError(await call('GET', '/api/account', token), 403).code, 'auth.forbidden');
    });

    it('changes my display name and e-mail, and nothing an administrator decides', async () => {
      const response = await call('PATCH', '/api/account', alice, {
        display_name: 'Alice Liddell',
        email: 'alice@wonderland.example',
        is_admin: true,
        status: 1,
        name: 'root',
      });
      assert.equal(response.statusCode, 200, response.body);
      const me = response.json() as { name: string; display_name: string; email: string; is_admin: boolean };
      assert.deepEqual([me.name, me.display_name, me.email, me.is_admin], ['alice', 'Alice Liddell', 'alice@wonderland.example', false]);
      assertJsonError(await call('PATCH', '/api/account', alice, { email: 'no at sign' }), 400);
      const noCsrf = await t.app.inject({ method: 'PATCH', url: '/api/account', headers: { cookie: alice.cookie }, payload: { display_name: 'x' } });
      assert.equal(assertJsonError(noCsrf, 403).code, 'auth.csrf');
      const audit = (await t.services.audit.list({ action: 'account.profile_update' }, { current: 1, pageSize: 5 })).data;
      assert.deepEqual(audit[0]?.detail, { display_name: 'Alice Liddell', email: 'alice@wonderland.example' });
    });

    it('changes my password with the current one; my other sessions end, this one stays', async () => {
      await createUser(t, { name: 'carol' });
      const here = await signInConsole(t, 'carol');
      const elsewhere = await signInConsole(t, 'carol');
      const wrong = await call('POST', '/api/account/password', here, { current_password: 'not it', new_password: 'a new password' });
      assert.equal(assertJsonError(wrong, 400).code, 'user.wrong_password');
      assert.equal(assertJsonError(await call('POST', '/api/account/password', here, { new_password: 'a new password' }), 400).code, 'user.wrong_password');
      const weak = await call('POST', '/api/account/password', here, { current_password: PASSWORD, new_password: 'short' });
      assert.equal(assertJsonError(weak, 400).code, 'user.weak_password');

      const ok = await call('POST', '/api/account/password', here, { current_password: PASSWORD, new_password: 'a new password' });
      assert.equal(ok.statusCode, 204);
      assert.equal(await sessionWorks(here.cookie), true);
      assert.equal(await sessionWorks(elsewhere.cookie), false);
      await signInConsole(t, 'carol', 'a new password');
    });

    it('changing my password signs my RustDesk clients out and ends my other sessions, but not this one', async () => {
      await createUser(t, { name: 'dora' });
      const laptop = await clientSignIn('dora', '444444444');
      const here = await signInConsole(t, 'dora');
      const elsewhere = await signInConsole(t, 'dora');
      assert.equal(await clientWorks(laptop), true);
      const ok = await call('POST', '/api/account/password', here, { current_password: PASSWORD, new_password: 'dora’s new password' });
      assert.equal(ok.statusCode, 204, ok.body);
      assert.equal(await clientWorks(laptop), false);
      assert.equal(await sessionWorks(elsewhere.cookie), false);
      assert.equal(await sessionWorks(here.cookie), true);
    });

    it('lets an account made by SSO set a first password without a current one', async () => {
      const sso = await t.services.users.create(systemActor, { name: 'sso-user' });
      const row = (await t.services.users.findByName('sso-user'))!;
      assert.equal(sso.has_password, false);
      const { cookie } = await t.services.consoleSessions.create(row, { remember: false, ip: '127.0.0.1', userAgent: 'test' });
      const csrf = ((await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: `deskgate_session=${cookie}` } })).json() as { csrf_token: string }).csrf_token;
      const session = { headers: { cookie: `deskgate_session=${cookie}`, 'x-csrf-token': csrf } };
      assert.equal((await call('POST', '/api/account/password', session, { new_password: 'first password' })).statusCode, 204);
      assert.equal(((await call('GET', '/api/account', session)).json() as { has_password: boolean }).has_password, true);
      assertJsonError(await call('POST', '/api/account/password', session, { new_password: 'second password' }), 400);
    });

    it('lists my console sessions, marks this one, and ends another', async () => {
      const other = await signInConsole(t, 'alice');
      const list = (await call('GET', '/api/account/sessions')).json() as { total: number; data: { id: string; current: boolean }[] };
      assert.equal(list.total, list.data.length);
      assert.equal(list.data.filter((s) => s.current).length, 1);
      const otherId = list.data.find((s) => !s.current)!.id;
      assert.equal((await call('DELETE', `/api/account/sessions/${otherId}`)).statusCode, 204);
      assert.equal(await sessionWorks(other.cookie), false);
      assert.equal(await sessionWorks(alice.cookie), true);
      assert.equal(assertJsonError(await call('DELETE', `/api/account/sessions/${otherId}`), 404).code, 'session.not_found');
    });

    it('cannot end someone else’s session', async () => {
      const bob = await signInConsole(t, 'bob');
      const bobsId = (await t.services.consoleSessions.listForUser((await t.services.users.findByName('bob'))!.id))[0]!.id;
      assert.equal(assertJsonError(await call('DELETE', `/api/account/sessions/${bobsId}`), 404).code, 'session.not_found');
      assert.equal(await sessionWorks(bob.cookie), true);
    });

    it('ends the current session and clears its cookie', async () => {
      const temporary = await signInConsole(t, 'alice');
      const list = (await call('GET', '/api/account/sessions', temporary)).json() as { data: { id: string; current: boolean }[] };
      const currentId = list.data.find((s) => s.current)!.id;
      const response = await call('DELETE', `/api/account/sessions/${currentId}`, temporary);
      assert.equal(response.statusCode, 204);
      assert.match(String(response.headers['set-cookie']), /Max-Age=0/);
      assert.equal(await sessionWorks(temporary.cookie), false);
    });

    it('lists the RustDesk clients signed in as me, without tokens, and signs one out', async () => {
      const laptop = await clientSignIn('alice', '111111111');
      const desktop = await clientSignIn('alice', '222222222');
      const bobsPhone = await clientSignIn('bob', '333333333');
      const response = await call('GET', '/api/account/devices');
      const devices = (response.json() as { total: number; data: { id: string; device_id: string; device_uuid: string; device_info: unknown; ip: string }[] }).data;
      assert.deepEqual(devices.map((d) => d.device_id).sort(), ['111111111', '222222222']);
      assert.deepEqual(devices[0]?.device_info, DEVICE.deviceInfo);
      assert.equal(devices[0]?.device_uuid, DEVICE.uuid);
      assert.equal(devices[0]?.ip, '127.0.0.1');
      for (const token of [laptop, desktop]) assert.ok(!response.body.includes(token));

      const laptopId = devices.find((d) => d.device_id === '111111111')!.id;
      assert.equal((await call('DELETE', `/api/account/devices/${laptopId}`)).statusCode, 204);
      assert.equal(await clientWorks(laptop), false);
      assert.equal(await clientWorks(desktop), true);
      assert.equal(assertJsonError(await call('DELETE', `/api/account/devices/${laptopId}`), 404).code, 'session.device_not_found');

      const bob = await signInConsole(t, 'bob');
      const bobsDevice = ((await call('GET', '/api/account/devices', bob)).json() as { data: { id: string }[] }).data[0]!.id;
      assertJsonError(await call('DELETE', `/api/account/devices/${bobsDevice}`), 404);
      assert.equal(await clientWorks(bobsPhone), true);
      const audit = (await t.services.audit.list({ action: 'account.device_sign_out' }, { current: 1, pageSize: 5 })).data;
      assert.deepEqual([audit[0]?.actor.name, audit[0]?.detail], ['alice', { device_id: '111111111', device_name: 'build-box' }]);
    });

    describe('connected providers', () => {
      const cli = { type: 'cli' as const, id: '', name: 'test', ip: '' };
      let corp: string;
      let off: string;

      before(async () => {
        const common = { type: 'oidc' as const, issuer: 'https://idp.example', client_id: 'deskgate', client_secret: 's3cret' };
        corp = (await t.services.providers.create(cli, { ...common, name: 'corp', display_name: 'Corp', enabled: true })).id;
        off = (await t.services.providers.create(cli, { ...common, name: 'off', display_name: 'Off', enabled: false })).id;
      });

      /** A link as a sign-in through the provider would have made it. */
      async function link(name: string, providerId: string, subject: string): Promise<string> {
        const user = (await t.services.users.findByName(name))!;
        const id = `${name}-${subject}`;
        await t.store.identities.insert({ ...NO_ENTRA_KEY, id, user_id: user.id, provider_id: providerId, issuer: 'https://idp.example', subject, email: `${subject}@corp.example`, created_at: 1, last_sign_in_at: 1 });
        return id;
      }

      it('lists the enabled providers, which of them I am linked through, and my identities', async () => {
        await createUser(t, { name: 'frances' });
        const me = await signInConsole(t, 'frances');
        await link('frances', corp, 'fran-sub');
        const response = await call('GET', '/api/account/identities', me);
        assert.equal(response.statusCode, 200, response.body);
        const body = response.json() as { has_password: boolean; providers: { name: string; linked: boolean }[]; identities: { id: string; provider_name: string; subject: string; email: string }[] };
        assert.equal(body.has_password, true);
        assert.deepEqual(body.providers.map((p) => [p.name, p.linked]), [['corp', true]]);
        assert.deepEqual(body.identities.map((i) => [i.provider_name, i.subject, i.email]), [['corp', 'fran-sub', 'fran-sub@corp.example']]);
      });

      it('starts a connection only with my session and CSRF token, and only through an enabled provider', async () => {
        const noCsrf = await t.app.inject({ method: 'POST', url: '/api/account/identities', headers: { cookie: alice.cookie }, payload: { provider: 'corp' } });
        assert.equal(assertJsonError(noCsrf, 403).code, 'auth.csrf');
        const token = await createApiToken(t, ['admin']);
        assert.equal(assertJsonError(await call('POST', '/api/account/identities', token, { provider: 'corp' }), 403).code, 'auth.forbidden');
        assert.equal(assertJsonError(await call('POST', '/api/account/identities', alice, { provider: 'off' }), 404).code, 'account.link_provider_unavailable');
        assert.equal(assertJsonError(await call('POST', '/api/account/identities', alice, { provider: 'nowhere' }), 404).code, 'account.link_provider_unavailable');
      });

      it('disconnects: my client tokens and other sessions end, this one stays, and the audit says so', async () => {
        await createUser(t, { name: 'hedy' });
        const here = await signInConsole(t, 'hedy');
        const elsewhere = await signInConsole(t, 'hedy');
        const laptop = await clientSignIn('hedy', '555555555');
        const identity = await link('hedy', corp, 'hedy-sub');
        const response = await call('DELETE', `/api/account/identities/${identity}`, here);
        assert.equal(response.statusCode, 204, response.body);
        assert.equal(await sessionWorks(here.cookie), true);
        assert.equal(await sessionWorks(elsewhere.cookie), false);
        assert.equal(await clientWorks(laptop), false);
        assert.deepEqual((await t.store.identities.listForUser((await t.services.users.findByName('hedy'))!.id)).length, 0);
        const audit = (await t.services.audit.list({ action: 'identity.unlink' }, { current: 1, pageSize: 5 })).data;
        assert.deepEqual([audit[0]?.actor.name, audit[0]?.target?.name, audit[0]?.detail.identity], ['hedy', 'hedy', identity]);
        assert.equal(assertJsonError(await call('DELETE', `/api/account/identities/${identity}`, here), 404).code, 'identity.not_found');
      });

      it('cannot disconnect someone else’s identity', async () => {
        await createUser(t, { name: 'katherine' });
        const theirs = await link('katherine', corp, 'kath-sub');
        assert.equal(assertJsonError(await call('DELETE', `/api/account/identities/${theirs}`, alice), 404).code, 'identity.not_found');
        assert.equal((await t.store.identities.findByProvider(corp, 'kath-sub'))?.id, theirs);
      });

      it('refuses to disconnect my only way to sign in: no password, and no other identity at an enabled provider', async () => {
        await t.services.users.create(cli, { name: 'radia' });
        const row = (await t.services.users.findByName('radia'))!;
        const { cookie } = await t.services.consoleSessions.create(row, { remember: false, ip: '127.0.0.1', userAgent: 'test' });
        const csrf = ((await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie: `deskgate_session=${cookie}` } })).json() as { csrf_token: string }).csrf_token;
        const me = { headers: { cookie: `deskgate_session=${cookie}`, 'x-csrf-token': csrf } };
        const only = await link('radia', corp, 'radia-sub');
        // A link through a provider that is turned off is no way in.
        const idle = await link('radia', off, 'radia-off');
        const refused = assertJsonError(await call('DELETE', `/api/account/identities/${only}`, me), 409);
        assert.equal(refused.code, 'account.last_sign_in_method');
        assert.match(refused.error, /only way to sign in/);
        assert.equal((await t.store.identities.listForUser(row.id)).length, 2, 'nothing was unlinked');
        assert.equal(await sessionWorks(`deskgate_session=${cookie}`), true);
        // The idle link may go; with a password, so may the last one.
        assert.equal((await call('DELETE', `/api/account/identities/${idle}`, me)).statusCode, 204);
        assert.equal((await call('POST', '/api/account/password', me, { new_password: 'radia password 1' })).statusCode, 204);
        assert.equal((await call('DELETE', `/api/account/identities/${only}`, me)).statusCode, 204);
      });
    });

    describe('malformed input', () => {
      for (const route of routes) {
        it(`${route.method} ${route.path}: every malformed request gets a 4xx JSON error and the server keeps serving`, async () => {
          const session = await signInConsole(t, 'bob');
          for (const { name, request, status, router } of malformedCases(route)) {
            const response = await t.app.inject({ ...request, headers: { ...session.headers, ...request.headers } });
            assertJsonError(response, status, { router: router ?? false });
            assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200, `after ${name}`);
          }
          assert.equal(await sessionWorks(session.cookie), true, 'the session survived');
        });
      }
    });
  });
}
