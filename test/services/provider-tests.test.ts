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

    before(async () => {
      // A hosted provider simulated behind the injected fetch: the test must reach nothing else.
      const fetch = async (input: string): Promise<Response> => {
        const url = new URL(input);
        calls.push(url.pathname);
        if (url.pathname === '/.well-known/openid-configuration') {
          return Response.json({
            issuer: ISSUER,
            authorization_endpoint: `${ISSUER}/authorize`,
            token_endpoint: `${ISSUER}/token`,
            jwks_uri: `${ISSUER}/jwks`,
            response_types_supported: ['code'],
            subject_types_supported: ['public'],
            id_token_signing_alg_values_supported: ['RS256'],
          });
        }
        if (url.pathname === '/jwks') return Response.json({ keys: [KEY] });
        return new Response('not here', { status: 404 });
      };
      t = await buildTestApp(engine, { oidcFetch: fetch });
      const created = await t.services.providers.create(systemActor, { type: 'oidc', name: 'hosted', issuer: ISSUER, client_id: 'deskgate', client_secret: 's3cret' });
      providerId = created.id;
    });
    after(() => t.close());
    beforeEach(() => {
      calls.length = 0;
    });

    it('fetches discovery and the key set through the injected fetch and names each check', async () => {
      const report = await t.services.providerTests.run(providerId);
      assert.equal(report.ok, true, JSON.stringify(report));
      assert.deepEqual(report.checks.map((c) => [c.name, c.ok]), [['discovery', true], ['keys', true]]);
      assert.match(report.checks[0]?.message ?? '', /Issuer https:\/\/idp\.example answered/);
      assert.match(report.checks[1]?.message ?? '', /1 signing key published; 1 for RS256/);
      assert.deepEqual(calls, ['/.well-known/openid-configuration', '/jwks']);
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
