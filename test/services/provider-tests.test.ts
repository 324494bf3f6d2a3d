import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { isAppError } from '../../src/errors.js';
import { systemActor } from '../../src/services/audit.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';

const ISSUER = 'https://idp.example';
/** An RSA public key as a hosted provider publishes it (only its type and use are read). */
const KEY = { kty: 'RSA', use: 'sig', kid: 'k1', n: 'sXchDaQebHnPiGvyDOAT4saGEUetSyo9MKLOoWFsueri23bOdgWp4Dy1WlUzewbgBHod5pcM9H95GQRV3JDXboIRROSBigeC5yjU1hGzHHyXss8UDprecbAYxknTcQkhslANGRUZmdTOQ5qTRsLAt6BTYuyvVRdhS8exSZEy_c4gs_7svlJJQ4H9_NxsiIoLwAEk7-Q3UXERGYw_75IDrGA84-lA_-Ct4eTlXHBIY2EaV7t7LjJaynVJCpkv4LKjTTAumiGUIuQhrNhZLuF_RJLqHpM2kgWFLU7-VTdL1VbC2tejvcI2BlMkEpk1BzBZI0KQB0GaDWFLN-aEAw3vRw', e: 'AQAB' };

for (const engine of await testEngines()) {
  describe(`provider test service (${engine})`, () => {
    let t: TestApp;
    let providerId: string;
    const calls: string[] = [];
    /** The client credentials each token request carried (Basic), and the hosts asked. */
    const credentials: string[] = [];
    const hosts: string[] = [];

    before(async () => {
      // Hosted providers simulated behind the injected fetch: the test must reach nothing else.
      // Both know the client `deskgate` with the secret `s3cret`.
      const fetch = async (input: string, init: RequestInit): Promise<Response> => {
        const url = new URL(input);
        calls.push(url.pathname);
        hosts.push(url.host);
        const issuer = url.origin;
        if (url.pathname === '/.well-known/openid-configuration') {
          return Response.json({
            issuer,
            authorization_endpoint: `${issuer}/authorize`,
            token_endpoint: `${issuer}/token`,
            jwks_uri: `${issuer}/jwks`,
            response_types_supported: ['code'],
            subject_types_supported: ['public'],
            id_token_signing_alg_values_supported: ['RS256'],
          });
        }
        if (url.pathname === '/jwks') return Response.json({ keys: [KEY] });
        if (url.pathname === '/token') {
          const basic = new Headers(init.headers).get('authorization') ?? '';
          const pair = Buffer.from(basic.replace(/^Basic /, ''), 'base64').toString();
          credentials.push(pair);
          return pair === 'deskgate:s3cret' ? Response.json({ error: 'invalid_grant' }, { status: 400 }) : Response.json({ error: 'invalid_client' }, { status: 401 });
        }
        return new Response('not here', { status: 404 });
      };
      t = await buildTestApp(engine, { oidcFetch: fetch });
      const created = await t.services.providers.create(systemActor, { type: 'oidc', name: 'hosted', issuer: ISSUER, client_id: 'deskgate', client_secret: 's3cret' });
      providerId = created.id;
    });
    after(() => t.close());
    beforeEach(() => {
      calls.length = 0;
      credentials.length = 0;
      hosts.length = 0;
    });

    it('fetches discovery and the key set through the injected fetch and names each check', async () => {
      const report = await t.services.providerTests.run(providerId, { requestOrigin: 'https://desk.example' });
      assert.equal(report.ok, true, JSON.stringify(report));
      assert.equal(report.tested, 'saved');
      assert.equal(report.issuer, ISSUER);
      assert.equal(report.redirect_uri, 'https://desk.example/api/oidc/callback');
      assert.deepEqual(
        report.checks.map((c) => [c.name, c.ok]),
        [['discovery', true], ['issuer', true], ['algorithm', true], ['response_type', true], ['keys', true], ['client_secret', true], ['redirect_uri', true]],
      );
      assert.match(report.checks[0]?.message ?? '', /Issuer https:\/\/idp\.example answered/);
      assert.match(report.checks.find((c) => c.name === 'keys')?.message ?? '', /1 signing key published; 1 for RS256/);
      assert.deepEqual(calls, ['/.well-known/openid-configuration', '/jwks', '/token']);
      assert.deepEqual(credentials, ['deskgate:s3cret']);
    });

    it('tests unsaved values instead of the saved ones, and saves nothing', async () => {
      const report = await t.services.providerTests.run(providerId, { values: { issuer: 'https://other.example', client_secret: 's3cret' } });
      assert.equal(report.tested, 'unsaved');
      assert.equal(report.issuer, 'https://other.example');
      assert.equal(report.ok, true, JSON.stringify(report));
      assert.deepEqual([...new Set(hosts)], ['other.example']);
      assert.deepEqual(credentials, ['deskgate:s3cret']);
      const saved = await t.services.providers.get(providerId);
      assert.equal(saved.issuer, ISSUER);
    });

    it('sends the saved secret with unsaved values only to the saved provider’s token endpoint', async () => {
      // Values that leave the address alone: the saved secret is checked as usual.
      const same = await t.services.providerTests.run(providerId, { values: { scopes: 'openid email' } });
      assert.equal(same.tested, 'unsaved');
      assert.equal(same.checks.find((c) => c.name === 'client_secret')?.ok, true, JSON.stringify(same));
      assert.deepEqual(credentials, ['deskgate:s3cret']);
      credentials.length = 0;
      // Another issuer without a secret of its own: it never receives the saved one.
      const other = await t.services.providerTests.run(providerId, { values: { issuer: 'https://other.example' } });
      const secret = other.checks.find((c) => c.name === 'client_secret');
      assert.equal(secret?.ok, false);
      assert.equal(secret?.url, 'https://other.example/token');
      assert.match(secret?.message ?? '', /saved client secret was not sent.*Enter the client secret to check it there/);
      assert.deepEqual(credentials, []);
    });

    it('sends an unsaved secret, and says plainly when it is refused', async () => {
      const report = await t.services.providerTests.run(providerId, { values: { client_secret: 'the-secret-id' } });
      assert.equal(report.tested, 'unsaved');
      assert.deepEqual(credentials, ['deskgate:the-secret-id']);
      const secret = report.checks.find((c) => c.name === 'client_secret');
      assert.equal(secret?.ok, false);
      assert.equal(secret?.url, `${ISSUER}/token`);
      assert.match(secret?.message ?? '', /refused deskgate's client ID or secret \(invalid_client\)/);
      assert.equal((await t.services.providers.forTest(providerId)).client_secret, 's3cret');
    });

    it('checks unsaved values as a save would, and refuses them the same way', async () => {
      await assert.rejects(
        t.services.providerTests.run(providerId, { values: { issuer: 'ftp://idp.example' } }),
        (error) => isAppError(error) && error.code === 'provider.invalid' && /issuer must be an absolute URL|issuer must use https/.test(error.publicMessage),
      );
      assert.deepEqual(calls, []);
    });

    it('leaves sign-in’s discovery of the saved provider alone when testing unsaved values', async () => {
      const provider = await t.services.providers.forTest(providerId);
      const before = t.services.registry.metadataOf(await t.services.registry.configuration(provider));
      await t.services.providerTests.run(providerId, { values: { issuer: 'https://other.example' } });
      calls.length = 0;
      const after = t.services.registry.metadataOf(await t.services.registry.configuration(provider));
      assert.equal(after.issuer, ISSUER);
      assert.equal(after, before, 'the cached discovery was replaced');
      assert.deepEqual(calls, []);
    });

    it('discovers afresh even when sign-in holds the discovery in its cache', async () => {
      const provider = await t.services.providers.forTest(providerId);
      await t.services.registry.configuration(provider);
      calls.length = 0;
      await t.services.providerTests.run(providerId);
      assert.equal(calls.filter((path) => path === '/.well-known/openid-configuration').length, 1);
    });

    it('answers provider.not_found for an unknown provider, fetching nothing', async () => {
      await assert.rejects(t.services.providerTests.run('no-such-provider'), (error) => isAppError(error) && error.code === 'provider.not_found');
      assert.deepEqual(calls, []);
    });
  });
}
