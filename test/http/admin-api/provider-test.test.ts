/**
 * POST /api/admin/oidc/providers/:id/test with the console form's current values: tested as a
 * PATCH would take them, nothing saved, the answer saying which values were tested.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { createApiToken } from '../../support/fixtures.js';
import { startHostileIdp, type HostileIdp } from '../../support/hostile-idp.js';

interface Report {
  ok: boolean;
  tested: 'saved' | 'unsaved';
  issuer: string;
  redirect_uri: string;
  checks: { name: string; ok: boolean; message: string; url?: string; got?: string; fix?: string }[];
}

for (const engine of await testEngines()) {
  describe(`provider test route with unsaved values (${engine})`, () => {
    let t: TestApp;
    let idp: HostileIdp;
    let headers: Record<string, string>;
    let id: string;

    before(async () => {
      idp = await startHostileIdp({ clients: [{ client_id: 'deskgate', client_secret: 'right-secret' }] });
      t = await buildTestApp(engine);
      headers = (await createApiToken(t, ['oidc:write'])).headers;
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/admin/oidc/providers',
        headers,
        payload: { type: 'oidc', name: 'corp', issuer: idp.issuer, client_id: 'deskgate', client_secret: 'right-secret', enabled: false },
      });
      assert.equal(created.statusCode, 201, created.body);
      id = (created.json() as { id: string }).id;
    });
    after(async () => {
      await t.close();
      await idp.close();
    });

    const test = (payload?: unknown, extra: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: `/api/admin/oidc/providers/${id}/test`, headers: { ...headers, ...extra }, ...(payload === undefined ? {} : { payload: payload as object }) });

    it('tests the saved provider without a body, with an empty one, or with null', async () => {
      for (const payload of [undefined, {}, null]) {
        const response = await test(payload === null ? 'null' : payload, payload === null ? { 'content-type': 'application/json' } : {});
        assert.equal(response.statusCode, 200, response.body);
        const report = response.json() as Report;
        assert.equal(report.tested, 'saved');
        assert.equal(report.issuer, idp.issuer);
        assert.equal(report.ok, true, response.body);
      }
    });

    it('tests the values sent instead, saves nothing, and says so', async () => {
      const response = await test({ issuer: 'http://127.0.0.1:9/realms/corp' });
      const report = response.json() as Report;
      assert.equal(response.statusCode, 200);
      assert.equal(report.tested, 'unsaved');
      assert.equal(report.issuer, 'http://127.0.0.1:9/realms/corp');
      assert.equal(report.ok, false);
      const discovery = report.checks.find((c) => c.name === 'discovery');
      assert.equal(discovery?.url, 'http://127.0.0.1:9/realms/corp/.well-known/openid-configuration');
      assert.match(discovery?.got ?? '', /refused/);
      const saved = (await t.app.inject({ method: 'GET', url: `/api/admin/oidc/providers/${id}`, headers })).json() as { issuer: string; updated_at: number };
      assert.equal(saved.issuer, idp.issuer);
    });

    it('uses the saved secret when none is sent, and a sent one when it is', async () => {
      const withSaved = (await test({ client_id: 'deskgate' })).json() as Report;
      assert.equal(withSaved.checks.find((c) => c.name === 'client_secret')?.ok, true, JSON.stringify(withSaved));
      const wrong = (await test({ client_secret: 'the-secret-id' })).json() as Report;
      assert.equal(wrong.tested, 'unsaved');
      const secret = wrong.checks.find((c) => c.name === 'client_secret');
      assert.equal(secret?.ok, false);
      assert.equal(secret?.url, `${idp.issuer}/token`);
      assert.match(secret?.got ?? '', /refused deskgate's client ID or secret \(invalid_client\)/);
      // Still the saved secret afterwards.
      const again = (await test()).json() as Report;
      assert.equal(again.checks.find((c) => c.name === 'client_secret')?.ok, true);
    });

    it('refuses values a save would refuse, with the same error, before fetching anything', async () => {
      const before = { ...idp.calls };
      for (const [payload, code, words] of [
        [{ issuer: 'not a url' }, 'provider.invalid', /issuer must be an absolute URL/],
        [{ issuer: 'http://idp.corp.example' }, 'provider.invalid', /issuer must use https/],
        [{ response_type: 'token' }, 'request.invalid', /response_type/],
        [{ issuer: 5 }, 'request.invalid', /issuer/],
        [{ policy: { allowed_tenants: 'x' } }, 'request.invalid', /allowed_tenants/],
        [[{ issuer: idp.issuer }], 'request.invalid', /./],
      ] as const) {
        const response = await test(payload);
        assert.equal(response.statusCode, 400, `${JSON.stringify(payload)}: ${response.body}`);
        const body = response.json() as { error: string; code: string };
        assert.equal(body.code, code, response.body);
        assert.match(body.error, words);
      }
      assert.deepEqual(idp.calls, before);
    });

    it('answers 404 for an unknown provider, with or without values', async () => {
      for (const payload of [undefined, { issuer: idp.issuer }]) {
        const response = await t.app.inject({ method: 'POST', url: '/api/admin/oidc/providers/nope/test', headers, ...(payload ? { payload } : {}) });
        assert.equal(response.statusCode, 404);
        assert.equal((response.json() as { code: string }).code, 'provider.not_found');
      }
    });
  });
}
