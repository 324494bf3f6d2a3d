import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemActor } from '../../../src/services/audit.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { PASSWORD, createApiToken, createUser, signInConsole } from '../../support/fixtures.js';
import { assertJsonError } from '../../support/malformed.js';
import { dart, loginBody } from '../../support/rustdesk-client.js';

const URL_PATH = '/api/admin/rendezvous';

for (const engine of await testEngines()) {
  describe(`admin API: rendezvous key and client settings (${engine})`, () => {
    let t: TestApp;
    let admin: Record<string, string>;

    before(async () => {
      t = await buildTestApp(engine, { env: { DESKGATE_RENDEZVOUS_PORT: '21116' } });
      await createUser(t, { name: 'root', is_admin: true });
      await createUser(t, { name: 'alice' });
      admin = (await signInConsole(t, 'root')).headers;
    });
    after(() => t.close());

    const get = (headers: Record<string, string>) => t.app.inject({ method: 'GET', url: URL_PATH, headers: { host: 'desk.example:21114', ...headers } });

    it('answers the public key and what clients enter, from the request\'s host', async () => {
      const response = await get(admin);
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), {
        public_key: await t.services.rendezvousKey.publicKey(),
        id_server: 'desk.example',
        relay_server: 'desk.example:21117',
        api_server: 'http://desk.example:21114',
      });
    });

    it('never sends the secret half', async () => {
      const { idEd25519 } = await t.services.rendezvousKey.exportHbbs(systemActor);
      const body = (await get(admin)).body;
      assert.ok(!body.includes(idEd25519.slice(0, 43)));
      assert.ok(!body.includes(Buffer.from(idEd25519, 'base64').subarray(0, 32).toString('base64url')));
    });

    it('needs settings:read: other scopes, people who are not administrators, client tokens and no one are refused with JSON', async () => {
      assert.equal((await get((await createApiToken(t, ['settings:read'], 'reader')).headers)).statusCode, 200);
      assertJsonError(await get((await createApiToken(t, ['users:write'], 'users')).headers), 403);
      assertJsonError(await get((await signInConsole(t, 'alice')).headers), 403);
      assertJsonError(await get({}), 401);
      const login = await t.app.inject(dart('POST', '/api/login', loginBody('alice', PASSWORD)));
      const clientToken = (login.json() as { access_token?: string }).access_token;
      assert.ok(clientToken, login.body);
      assertJsonError(await get({ authorization: `Bearer ${clientToken}` }), 401);
    });

    it('has no way to change or read the key pair by HTTP, and bad input gets a JSON 4xx', async () => {
      for (const method of ['PUT', 'POST', 'PATCH', 'DELETE'] as const) {
        assertJsonError(await t.app.inject({ method, url: URL_PATH, headers: admin, payload: { id_ed25519: 'x' } }), 404);
      }
      const junkHost = await t.app.inject({ method: 'GET', url: URL_PATH, headers: { ...admin, host: 'a b' } });
      assert.equal(assertJsonError(junkHost, 400).code, 'request.invalid');
      assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    });
  });

  describe(`admin API: client settings with a public URL and other ports (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await buildTestApp(engine, {
        env: { DESKGATE_PUBLIC_URL: 'https://desk.example.org', DESKGATE_RENDEZVOUS_PORT: '31116', DESKGATE_RELAY_HOST: 'relay.example.org:443' },
      });
    });
    after(() => t.close());

    it('names the public URL\'s host with the port, and the configured relay', async () => {
      const { headers } = await createApiToken(t, ['settings:read']);
      const response = await t.app.inject({ method: 'GET', url: URL_PATH, headers: { ...headers, host: '10.0.0.5:21114' } });
      assert.equal(response.statusCode, 200, response.body);
      assert.deepEqual(response.json(), {
        public_key: await t.services.rendezvousKey.publicKey(),
        id_server: 'desk.example.org:31116',
        relay_server: 'relay.example.org:443',
        api_server: 'https://desk.example.org',
      });
    });
  });
}
