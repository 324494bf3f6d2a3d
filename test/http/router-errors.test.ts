import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { createApiToken } from '../support/fixtures.js';

for (const engine of await testEngines()) {
  describe(`URLs the router refuses (${engine})`, () => {
    let t: TestApp;
    let headers: Record<string, string>;
    before(async () => {
      t = await buildTestApp(engine);
      headers = (await createApiToken(t, ['admin'])).headers;
    });
    after(() => t.close());

    const cases: [string, string, number][] = [
      ['a NUL byte in a path parameter', '/api/oidc/login/corp%00x', 400],
      ['a NUL byte in a query', '/api/oidc/auth-query?code=a%00&id=1&uuid=2', 400],
      ['broken percent-encoding', '/api/admin/users/%E0%A4%A', 400],
      // find-my-way drops an over-long parameter's route: a JSON 404 rather than a 414.
      ['an over-long path parameter', `/api/admin/users/${'a'.repeat(300)}`, 404],
      ['an unknown route', '/api/nothing-here', 404],
    ];
    for (const [name, url, status] of cases) {
      it(`answers ${name} with ${status} and a JSON error, and keeps serving`, async () => {
        const response = await t.app.inject({ method: 'GET', url, headers });
        assert.equal(response.statusCode, status, response.body);
        const body = response.json() as { error: unknown };
        assert.equal(typeof body.error, 'string');
        assert.ok(!String(body.error).includes('aaaaaaaa'), 'the error must not echo the URL');
        assert.equal((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
      });
    }
  });
}
