import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../src/app.js';
import { systemActor } from '../../src/services/audit.js';
import type { PasswordHasher } from '../../src/services/passwords.js';
import { buildTestApp, testPasswords, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { PASSWORD, createApiToken, createUser, signInConsole } from '../support/fixtures.js';
import { assertJsonError } from '../support/malformed.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** What a browser's fetch() from the console sends: inject() talks to http://localhost:80. */
const CONSOLE_ORIGIN = 'http://localhost';

function signIn(t: TestApp, body: Record<string, unknown>, remoteAddress = '127.0.0.1') {
  return t.app.inject({ method: 'POST', url: '/api/session', payload: body, remoteAddress, headers: { origin: CONSOLE_ORIGIN } });
}

function cookieOf(response: { headers: Record<string, unknown> }): string {
  return String(response.headers['set-cookie']).split(';')[0] ?? '';
}

for (const engine of await testEngines()) {
  describe(`console session (${engine})`, () => {
    let t: TestApp;
    let admin: { headers: Record<string, string> };

    before(async () => {
      t = await buildTestApp(engine);
      await createUser(t, { name: 'alice', email: 'alice@example.com' });
      admin = await createApiToken(t, ['admin']);
    });
    after(() => t.close());

    it('sets an HttpOnly SameSite=Lax session cookie that ends with the browser unless remembered', async () => {
      const response = await signIn(t, { username: 'alice', password: PASSWORD });
      assert.equal(response.statusCode, 200, response.body);
      const setCookie = String(response.headers['set-cookie']);
      assert.match(setCookie, /^deskgate_session=[A-Za-z0-9_-]{43}; /);
      assert.match(setCookie, /; HttpOnly/);
      assert.match(setCookie, /; SameSite=Lax/);
      assert.match(setCookie, /; Path=\//);
      assert.doesNotMatch(setCookie, /Max-Age/);
      const body = response.json() as { user: { name: string }; csrf_token: string; expires_at: number; remember: boolean };
      assert.equal(body.user.name, 'alice');
      assert.equal(body.remember, false);
      assert.equal(body.expires_at, t.clock.now() + t.config.sessionTtlHours * HOUR);
      // The cookie value is never in the body: JavaScript cannot read it.
      assert.ok(!response.body.includes(cookieOf(response).split('=')[1] ?? '-'));
    });

    it('answers GET /api/session with the user and the CSRF token', async () => {
      const { cookie, csrf } = await signInConsole(t, 'alice');
      const response = await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
      assert.equal(response.statusCode, 200);
      const body = response.json() as { user: { name: string; email: string }; csrf_token: string };
      assert.equal(body.user.name, 'alice');
      assert.equal(body.user.email, 'alice@example.com');
      assert.equal(body.csrf_token, csrf);
    });

    it('gives a remembered session a long Max-Age and an absolute expiry; a plain one expires after the TTL', async () => {
      const plain = cookieOf(await signIn(t, { username: 'alice', password: PASSWORD }));
      const rememberedResponse = await signIn(t, { username: 'alice', password: PASSWORD, remember: true });
      const remembered = cookieOf(rememberedResponse);
      const maxAge = t.config.rememberMeDays * DAY / 1000;
      assert.match(String(rememberedResponse.headers['set-cookie']), new RegExp(`; Max-Age=${maxAge}(;|$)`));
      assert.ok(maxAge > t.config.sessionTtlHours * 3600);

      const get = (cookie: string) => t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } });
      t.clock.advance(t.config.sessionTtlHours * HOUR - 1);
      assert.equal((await get(plain)).statusCode, 200);
      t.clock.advance(1);
      assertJsonError(await get(plain), 401);
      assert.equal((await get(remembered)).statusCode, 200);

      // Used all along, the remembered session still ends at its absolute expiry.
      t.clock.advance(t.config.rememberMeDays * DAY - t.config.sessionTtlHours * HOUR - 1);
      assert.equal((await get(remembered)).statusCode, 200);
      t.clock.advance(1);
      assert.equal(assertJsonError(await get(remembered), 401).code, 'auth.required');
    });

    it('ends the session on DELETE, with the CSRF token', async () => {
      const { cookie, headers } = await signInConsole(t, 'alice');
      assertJsonError(await t.app.inject({ method: 'DELETE', url: '/api/session', headers: { cookie } }), 403);
      const response = await t.app.inject({ method: 'DELETE', url: '/api/session', headers: { ...headers, origin: CONSOLE_ORIGIN } });
      assert.equal(response.statusCode, 204);
      assert.match(String(response.headers['set-cookie']), /^deskgate_session=; .*Max-Age=0/);
      assertJsonError(await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } }), 401);
    });

    it('refuses a wrong password or an unknown user with the same 401 JSON', async () => {
      const wrong = await signIn(t, { username: 'alice', password: 'not the password' });
      const unknown = await signIn(t, { username: 'nobody', password: 'not the password' });
      assert.equal(assertJsonError(wrong, 401).code, 'auth.invalid_credentials');
      assert.deepEqual(unknown.json(), wrong.json());
      assert.equal(wrong.headers['set-cookie'], undefined);
    });

    it('locks a name out after 5 failures, even for the right password, until the back-off passes', async () => {
      await createUser(t, { name: 'carol' });
      const from = '198.51.100.20';
      for (let i = 0; i < 5; i++) {
        assertJsonError(await signIn(t, { username: 'carol', password: `guess-${i}` }, from), 401);
      }
      assert.equal(assertJsonError(await signIn(t, { username: 'carol', password: PASSWORD }, from), 429).code, 'auth.locked');
      // Another address does not help: the lock is on the name.
      assertJsonError(await signIn(t, { username: 'carol', password: PASSWORD }, '192.0.2.1'), 429);
      t.clock.advance(60_000);
      assert.equal((await signIn(t, { username: 'carol', password: PASSWORD }, from)).statusCode, 200);
    });

    it('lists the failures in the sign-in alarm log with time, address, name and reason', async () => {
      const at = t.clock.now();
      assertJsonError(await signIn(t, { username: 'mallory', password: 'guess' }, '203.0.113.66'), 401);
      const response = await t.app.inject({ method: 'GET', url: '/api/admin/audit/sign-in-failures?pageSize=50', headers: admin.headers });
      assert.equal(response.statusCode, 200);
      const page = response.json() as { total: number; data: { created_at: number; ip: string; name: string; reason: string; channel: string }[] };
      assert.deepEqual(
        { ...page.data[0], id: undefined },
        {
          id: undefined,
          created_at: at,
          ip: '203.0.113.66',
          name: 'mallory',
          reason: 'bad_credentials',
          channel: 'console',
          kind: 'password',
          provider_id: '',
          provider_name: '',
          detail: '',
        },
      );
      // carol's attempts share one clock reading, so their order among themselves is not fixed.
      const carol = page.data.filter((f) => f.name === 'carol').map((f) => f.reason).sort();
      assert.deepEqual(carol, [...Array(4).fill('bad_credentials'), 'bad_credentials_locked', 'locked', 'locked']);
      assert.equal(page.total, page.data.length);
    });
  });

  describe(`console session routes refuse cross-site requests (${engine})`, () => {
    let t: TestApp;
    let pinned: TestApp;
    before(async () => {
      t = await buildTestApp(engine, { env: { DESKGATE_PUBLIC_URL: 'https://desk.example.com' } });
      await createUser(t, { name: 'alice' });
      pinned = await buildTestApp(engine);
      await createUser(pinned, { name: 'alice' });
      await pinned.services.settings.set(systemActor, 'public_url', 'https://pinned.example.com');
    });
    after(async () => {
      await t.close();
      await pinned.close();
    });

    const credentials = { username: 'alice', password: PASSWORD };
    const post = (app: TestApp, headers: Record<string, string>, payload: string | Record<string, unknown> = credentials) =>
      app.app.inject({ method: 'POST', url: '/api/session', headers, payload });

    function assertRefused(response: Awaited<ReturnType<typeof post>>, status: number, code: string) {
      assert.equal(assertJsonError(response, status).code, code);
      assert.equal(response.headers['set-cookie'], undefined);
    }

    it('refuses a form-encoded body, as an HTML form on another site would send it', async () => {
      const form = 'username=alice&password=' + encodeURIComponent(PASSWORD);
      const headers = { 'content-type': 'application/x-www-form-urlencoded' };
      assertRefused(await post(t, { ...headers, origin: 'https://evil.example' }, form), 415, 'request.json_required');
      // Not even from the console's own origin: the console only ever sends JSON.
      assertRefused(await post(t, { ...headers, origin: 'https://desk.example.com' }, form), 415, 'request.json_required');
    });

    it('refuses a text/plain body holding JSON, as a no-cors fetch or an enctype=text/plain form sends it', async () => {
      const headers = { 'content-type': 'text/plain', origin: 'https://evil.example' };
      assertRefused(await post(t, headers, JSON.stringify(credentials)), 415, 'request.json_required');
      assertRefused(await post(t, { ...headers, origin: 'https://desk.example.com' }, JSON.stringify(credentials)), 415, 'request.json_required');
    });

    it('refuses JSON from a foreign, opaque or missing Origin', async () => {
      assertRefused(await post(t, { origin: 'https://evil.example' }), 403, 'request.cross_site');
      assertRefused(await post(t, { origin: 'https://desk.example.com.evil.example' }), 403, 'request.cross_site');
      assertRefused(await post(t, { origin: 'http://desk.example.com' }), 403, 'request.cross_site');
      assertRefused(await post(t, { origin: 'null' }), 403, 'request.cross_site');
      assertRefused(await post(t, {}), 403, 'request.cross_site');
    });

    it('believes Sec-Fetch-Site when the browser sends it (Fetch Metadata §2.4)', async () => {
      assert.equal((await post(t, { 'sec-fetch-site': 'same-origin' })).statusCode, 200);
      assertRefused(await post(t, { 'sec-fetch-site': 'cross-site', origin: CONSOLE_ORIGIN }), 403, 'request.cross_site');
      assertRefused(await post(t, { 'sec-fetch-site': 'same-site', origin: CONSOLE_ORIGIN }), 403, 'request.cross_site');
    });

    it("accepts the request's own origin, DESKGATE_PUBLIC_URL and the pinned public URL", async () => {
      assert.equal((await post(t, { origin: CONSOLE_ORIGIN })).statusCode, 200);
      assert.equal((await post(t, { origin: 'http://localhost:80' })).statusCode, 200);
      assert.equal((await post(t, { origin: 'https://desk.example.com', 'content-type': 'application/json; charset=utf-8' })).statusCode, 200);
      assert.equal((await post(t, { origin: 'https://DESK.example.com:443' })).statusCode, 200);
      assert.equal((await post(pinned, { origin: 'https://pinned.example.com' })).statusCode, 200);
      assertRefused(await post(pinned, { origin: 'https://desk.example.com' }), 403, 'request.cross_site');
    });

    it('refuses sign-out from a foreign Origin, even with the CSRF token', async () => {
      const { cookie, headers } = await signInConsole(t, 'alice');
      const signOut = (extra: Record<string, string>) => t.app.inject({ method: 'DELETE', url: '/api/session', headers: { ...headers, ...extra } });
      assert.equal(assertJsonError(await signOut({ origin: 'https://evil.example' }), 403).code, 'request.cross_site');
      assert.equal((await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).statusCode, 200);
      assert.equal((await signOut({ origin: 'https://desk.example.com' })).statusCode, 204);
    });
  });

  describe(`console sign-in rate limit per address (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(engine, { signInLimits: { perAddress: 3, perName: 100, windowMs: 60_000 } });
      await createUser(t, { name: 'alice' });
    });
    after(() => t.close());

    it('refuses the address over its limit with 429, whatever the name, and forgets it after the window', async () => {
      const noisy = '203.0.113.9';
      for (const name of ['a1', 'a2', 'a3']) assertJsonError(await signIn(t, { username: name, password: 'x' }, noisy), 401);
      const limited = await signIn(t, { username: 'alice', password: PASSWORD }, noisy);
      assert.equal(assertJsonError(limited, 429).code, 'auth.rate_limited');
      assert.equal((await signIn(t, { username: 'alice', password: PASSWORD }, '192.0.2.44')).statusCode, 200);
      t.clock.advance(60_000);
      assert.equal((await signIn(t, { username: 'alice', password: PASSWORD }, noisy)).statusCode, 200);
    });
  });

  describe(`password verification cost (${engine})`, () => {
    let t: TestApp;
    let server: Awaited<ReturnType<typeof buildApp>>;
    let verifications = 0;

    before(async () => {
      t = await buildTestApp(engine);
      const counting: PasswordHasher = {
        hash: (password) => testPasswords.hash(password),
        verify: (hash, password) => {
          verifications++;
          return testPasswords.verify(hash, password);
        },
      };
      // A second app on the same database, whose services use the counting hasher.
      server = await buildApp(t.config, { clock: t.clock, db: t.database.db, passwords: counting });
      await createUser(t, { name: 'alice' });
    });
    after(async () => {
      await server.app.close();
      await t.close();
    });

    async function countFor(username: string, password: string) {
      verifications = 0;
      const response = await server.app.inject({ method: 'POST', url: '/api/session', payload: { username, password }, headers: { origin: CONSOLE_ORIGIN } });
      return { status: response.statusCode, verifications };
    }

    it('runs exactly one argon2 verification for an unknown name, as for a known one', async () => {
      assert.deepEqual(await countFor('no-such-user', 'a wrong password'), { status: 401, verifications: 1 });
      assert.deepEqual(await countFor('alice', 'a wrong password'), { status: 401, verifications: 1 });
      assert.deepEqual(await countFor('alice', PASSWORD), { status: 200, verifications: 1 });
    });
  });
}
