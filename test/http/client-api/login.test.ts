import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { PASSWORD, createUser } from '../../support/fixtures.js';
import { DEVICE, dart, emptyPost, gzipped, loginBody, rust } from '../../support/rustdesk-client.js';
import { authBodyProblems, errorBodyProblems, userPayloadProblems } from '../../support/rustdesk-shapes.js';
import { systemActor } from '../../../src/services/audit.js';

const JSON_UTF8 = 'application/json; charset=utf-8';

for (const engine of await testEngines()) {
  describe(`RustDesk client account endpoints (${engine})`, () => {
    let t: TestApp;

    before(async () => {
      t = await buildTestApp(engine);
      await createUser(t, { name: 'alice', email: 'alice@example.com' });
      await createUser(t, { name: 'root', is_admin: true });
    });
    after(() => t.close());

    async function signIn(name = 'alice'): Promise<string> {
      const response = await t.app.inject(dart('POST', '/api/login', loginBody(name, PASSWORD)));
      assert.equal(response.statusCode, 200, response.body);
      return (response.json() as { access_token: string }).access_token;
    }

    it('answers GET /api/login-options with a JSON array of strings in UTF-8', async () => {
      const response = await t.app.inject(dart('GET', '/api/login-options'));
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-type'], JSON_UTF8);
      const body = response.json() as unknown;
      assert.ok(Array.isArray(body) && body.every((item) => typeof item === 'string'));
    });

    it('answers the HEAD /api/login-options TLS probe without an error', async () => {
      const response = await t.app.inject({ method: 'HEAD', url: '/api/login-options' });
      assert.equal(response.statusCode, 200);
      assert.equal(response.body, '');
    });

    it('signs in with a password and answers the shape the client parses', async () => {
      const response = await t.app.inject(dart('POST', '/api/login', loginBody('alice', PASSWORD)));
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-type'], JSON_UTF8);
      const body = response.json() as Record<string, unknown>;
      assert.deepEqual(authBodyProblems(body), []);
      assert.equal(body.type, 'access_token');
      assert.match(String(body.access_token), /^[A-Za-z0-9_-]{43}$/);
      const user = body.user as Record<string, unknown>;
      assert.equal(user.name, 'alice');
      assert.equal(user.email, 'alice@example.com');
      assert.equal(user.status, 1);
      assert.equal(user.is_admin, false);
      assert.deepEqual(user.info, { email_verification: false, email_alarm_notification: false, login_device_whitelist: [], other: {} });
    });

    it('accepts the Rust stack request (plain application/json) and the Sciter body without deviceInfo', async () => {
      const response = await t.app.inject(rust('/api/login', { username: 'alice', password: PASSWORD, id: DEVICE.id, uuid: DEVICE.uuid, type: 'account' }));
      assert.equal(response.statusCode, 200, response.body);
    });

    it('accepts a gzip-encoded sign-in body', async () => {
      const response = await t.app.inject(gzipped('/api/login', loginBody('alice', PASSWORD)));
      assert.equal(response.statusCode, 200, response.body);
    });

    it('ignores request fields it does not know (§12 item 27)', async () => {
      const response = await t.app.inject(
        dart('POST', '/api/login', { ...loginBody('alice', PASSWORD), primary_auth: 1, nonce: 'x', apiDomain: 'http://h:21114', extra: { deep: [1] } }),
      );
      assert.equal(response.statusCode, 200, response.body);
    });

    it('keeps the user case-insensitive at sign-in', async () => {
      const response = await t.app.inject(dart('POST', '/api/login', loginBody('ALICE', PASSWORD)));
      assert.equal(response.statusCode, 200);
      assert.equal((response.json() as { user: { name: string } }).user.name, 'alice');
    });

    it('refuses a wrong password with a JSON error that does not say whether the user exists', async () => {
      const wrong = await t.app.inject(dart('POST', '/api/login', loginBody('root', 'not the password')));
      const unknown = await t.app.inject(dart('POST', '/api/login', loginBody('nobody-here', 'not the password')));
      assert.equal(wrong.statusCode, 401);
      assert.equal(unknown.statusCode, 401);
      assert.deepEqual(errorBodyProblems(wrong.json()), []);
      assert.deepEqual(wrong.json(), unknown.json());
      assert.equal(wrong.headers['content-type'], JSON_UTF8);
    });

    it('answers a code step with an unknown secret with a JSON error', async () => {
      const response = await t.app.inject(
        dart('POST', '/api/login', { ...loginBody('alice', ''), type: 'email_code', verificationCode: '123456', secret: 's' }),
      );
      assert.equal(response.statusCode, 401);
      assert.deepEqual(errorBodyProblems(response.json()), []);
    });

    it('answers currentUser with a bare UserPayload the strict parser accepts', async () => {
      const token = await signIn('root');
      const response = await t.app.inject(dart('POST', '/api/currentUser', { id: DEVICE.id, uuid: DEVICE.uuid }, token));
      assert.equal(response.statusCode, 200);
      assert.equal(response.headers['content-type'], JSON_UTF8);
      const body = response.json() as Record<string, unknown>;
      assert.deepEqual(userPayloadProblems(body), []);
      assert.equal(body.name, 'root');
      assert.equal(body.is_admin, true);
    });

    it('never answers 400 on currentUser, whatever the body (a 400 signs the client out)', async () => {
      const token = await signIn();
      const bodies: (string | Buffer)[] = ['', '{', 'null', '[1,2]', '"x"', '{"id": {"deep": [[[[]]]]}}', Buffer.from([0xff, 0xfe, 0x00])];
      for (const payload of bodies) {
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/currentUser',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          payload,
        });
        assert.equal(response.statusCode, 200, `body ${JSON.stringify(String(payload))} → ${response.statusCode} ${response.body}`);
      }
      const empty = await t.app.inject(emptyPost('/api/currentUser', token));
      assert.equal(empty.statusCode, 200);
    });

    it('answers 401 JSON for a missing, unknown, revoked or expired token', async () => {
      const noToken = await t.app.inject(dart('POST', '/api/currentUser', { id: DEVICE.id, uuid: DEVICE.uuid }));
      assert.equal(noToken.statusCode, 401);
      assert.deepEqual(errorBodyProblems(noToken.json()), []);

      const empty = await t.app.inject(dart('POST', '/api/currentUser', {}, ''));
      assert.equal(empty.statusCode, 401);

      const unknown = await t.app.inject(dart('POST', '/api/currentUser', {}, 'A'.repeat(43)));
      assert.equal(unknown.statusCode, 401);

      const revoked = await signIn();
      await t.app.inject(dart('POST', '/api/logout', { id: DEVICE.id, uuid: DEVICE.uuid }, revoked));
      const afterLogout = await t.app.inject(dart('POST', '/api/currentUser', {}, revoked));
      assert.equal(afterLogout.statusCode, 401);

      const expiring = await signIn();
      t.clock.advance(t.config.tokenTtlDays * 86_400_000 + 1);
      const expired = await t.app.inject(dart('POST', '/api/currentUser', {}, expiring));
      assert.equal(expired.statusCode, 401);
    });

    it('refuses a token presented by another machine than the one it was issued to', async () => {
      const token = await signIn();
      const response = await t.app.inject(dart('POST', '/api/currentUser', { id: DEVICE.id, uuid: 'b3RoZXItbWFjaGluZQ==' }, token));
      assert.equal(response.statusCode, 401);
    });

    it('stops a disabled user’s tokens at once', async () => {
      const bob = await createUser(t, { name: 'bob' });
      const response = await t.app.inject(dart('POST', '/api/login', loginBody('bob', PASSWORD)));
      const token = (response.json() as { access_token: string }).access_token;
      assert.equal((await t.app.inject(dart('POST', '/api/currentUser', {}, token))).statusCode, 200);
      await t.services.users.setStatus(systemActor, bob.id, 0);
      assert.equal((await t.app.inject(dart('POST', '/api/currentUser', {}, token))).statusCode, 401);
    });

    it('answers logout with 200 even without a valid token', async () => {
      const response = await t.app.inject(dart('POST', '/api/logout', { id: DEVICE.id, uuid: DEVICE.uuid }, 'nope'));
      assert.equal(response.statusCode, 200);
    });

    it('accepts the duplicated slash of clients ≤ 1.4.0 (https://host//api/login)', async () => {
      const response = await t.app.inject(dart('POST', '//api/login', loginBody('alice', PASSWORD)));
      assert.equal(response.statusCode, 200, response.body);
    });

    describe('malformed input', () => {
      const cases: [string, string | Buffer, Record<string, string>?][] = [
        ['invalid JSON', '{"username": '],
        ['a JSON array', '[]'],
        ['a JSON string', '"alice"'],
        ['username of the wrong type', JSON.stringify({ username: { $ne: '' }, password: 'x' })],
        ['password of the wrong type', JSON.stringify({ username: 'alice', password: ['x'] })],
        ['a huge username', JSON.stringify({ username: 'a'.repeat(100_000), password: 'x' })],
        ['deep nesting', `{"username":"a","password":"b","x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`],
        ['a body over 1 MiB', JSON.stringify({ username: 'a', password: 'b', pad: 'x'.repeat(1_100_000) })],
        ['an empty body', ''],
        ['a NUL character (PostgreSQL text cannot hold one)', JSON.stringify({ username: 'a\u0000b', password: 'x', id: '1\u0000' })],
        ['prototype pollution', '{"username":"alice","password":"x","__proto__":{"is_admin":true}}'],
        ['broken gzip', Buffer.from('not gzip at all'), { 'content-encoding': 'gzip' }],
        ['an unknown content encoding', '{}', { 'content-encoding': 'br-custom' }],
      ];
      for (const [name, payload, extraHeaders] of cases) {
        it(`answers ${name} on /api/login with a 4xx JSON error and keeps serving`, async () => {
          const response = await t.app.inject({
            method: 'POST',
            url: '/api/login',
            headers: { 'content-type': 'application/json', ...extraHeaders },
            payload,
          });
          assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${response.statusCode} ${response.body.slice(0, 200)}`);
          assert.deepEqual(errorBodyProblems(response.json()), []);
          const health = await t.app.inject({ method: 'GET', url: '/api/login-options' });
          assert.equal(health.statusCode, 200);
        });
      }
    });
  });
}

describe('the strict shape checks themselves', () => {
  const good = {
    name: 'alice',
    status: 1,
    is_admin: false,
    info: { email_verification: false, email_alarm_notification: false, login_device_whitelist: [], other: {} },
  };
  const bad: [string, unknown][] = [
    ['is_admin as a string', { ...good, is_admin: 'false' }],
    ['status 2', { ...good, status: 2 }],
    ['info missing', { name: 'alice' }],
    ['info null', { ...good, info: null }],
    ['display_name null', { ...good, display_name: null }],
    ['name missing', { ...good, name: undefined }],
    ['a non-string other value', { ...good, info: { other: { a: 1 } } }],
    ['a whitelist item without exp', { ...good, info: { login_device_whitelist: [{ data: 'x', info: {} }] } }],
  ];
  it('accepts a correct UserPayload', () => {
    assert.deepEqual(userPayloadProblems(good), []);
  });
  for (const [name, sample] of bad) {
    it(`rejects a UserPayload with ${name}`, () => {
      assert.notDeepEqual(userPayloadProblems(JSON.parse(JSON.stringify(sample))), []);
    });
  }
  it('rejects an AuthBody with a null tfa_type or without access_token', () => {
    assert.notDeepEqual(authBodyProblems({ access_token: 't', type: 'access_token', tfa_type: null, user: good }), []);
    assert.notDeepEqual(authBodyProblems({ type: 'access_token', user: good }), []);
  });
});
