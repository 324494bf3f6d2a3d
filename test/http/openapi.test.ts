import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildTestApp, type TestApp } from '../support/app.js';

describe('the OpenAPI document', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp('sqlite');
  });
  after(() => t.close());

  it('describes the client, session, account and admin APIs in one document', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    assert.equal(response.statusCode, 200);
    const doc = response.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    assert.match(doc.openapi, /^3\.1/);
    const expected: [string, string][] = [
      ['/api/login-options', 'get'],
      ['/api/login', 'post'],
      ['/api/currentUser', 'post'],
      ['/api/logout', 'post'],
      ['/api/oidc/auth', 'post'],
      ['/api/oidc/auth-query', 'get'],
      ['/api/session', 'post'],
      ['/api/account', 'get'],
      ['/api/admin/users', 'get'],
      ['/api/admin/users/{id}', 'patch'],
      ['/api/admin/groups', 'post'],
      ['/api/admin/tokens', 'post'],
      ['/api/admin/audit/console', 'get'],
      ['/api/admin/oidc/providers', 'post'],
      ['/api/admin/oidc/settings', 'put'],
      ['/healthz', 'get'],
    ];
    for (const [path, method] of expected) assert.ok(doc.paths[path]?.[method], `${method.toUpperCase()} ${path} is missing`);
  });

  it('never documents a client secret or token in a response schema', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { responses?: unknown }>> };
    const provider = JSON.stringify(doc.paths['/api/admin/oidc/providers']?.get?.responses);
    assert.ok(provider.includes('has_client_secret'));
    assert.ok(!provider.includes('"client_secret"'));
  });
});
