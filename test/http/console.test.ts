import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { after, before, describe, it } from 'node:test';
import { AppError } from '../../src/errors.js';
import { CONSOLE_CSP, consoleRoutes } from '../../src/http/console.js';
import { sendError } from '../../src/http/wire-errors.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createApiToken } from '../support/fixtures.js';

const INDEX = '<!doctype html><title>deskgate</title><script type="module" src="/assets/index-abc123.js"></script>';

/** The console plugin alone on a Fastify instance, serving `root`, with deskgate's 404 handler. */
async function consoleOn(t: TestApp, root: string): Promise<FastifyInstance> {
  const app = Fastify();
  app.setNotFoundHandler((request, reply) => sendError(new AppError('request.not_found'), request, reply));
  app.get('/api/login-options', async () => []);
  await app.register(consoleRoutes, { config: t.config, services: t.services, clock: t.clock, root });
  return app;
}

describe('console static files (src/http/console.ts)', () => {
  let t: TestApp;
  let root: string;
  let app: FastifyInstance;

  before(async () => {
    t = await buildTestApp('sqlite');
    root = mkdtempSync(path.join(tmpdir(), 'deskgate-web-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), INDEX);
    writeFileSync(path.join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
    writeFileSync(path.join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    writeFileSync(path.join(root, '.secret'), 'hidden');
    writeFileSync(path.join(path.dirname(root), 'outside.txt'), 'outside');
    app = await consoleOn(t, root);
  });
  after(async () => {
    await app.close();
    await t.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers / and every console route with index.html, uncached, under the CSP', async () => {
    for (const url of ['/', '/users', '/settings/oidc?x=1', '/sign-in']) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 200, url);
      assert.equal(response.body, INDEX);
      assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(response.headers['cache-control'], 'no-cache');
      assert.equal(response.headers['content-security-policy'], CONSOLE_CSP);
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
    }
  });

  it('keeps the CSP strict: scripts and styles from this origin only, images also from data:, no framing', () => {
    assert.match(CONSOLE_CSP, /script-src 'self'(;|$)/);
    assert.match(CONSOLE_CSP, /style-src 'self'(;|$)/);
    assert.match(CONSOLE_CSP, /img-src 'self' data:(;|$)/);
    assert.match(CONSOLE_CSP, /frame-ancestors 'none'/);
    assert.doesNotMatch(CONSOLE_CSP, /unsafe|https?:|\*/);
  });

  it('serves hashed assets for a year and other files for an hour', async () => {
    const script = await app.inject({ method: 'GET', url: '/assets/index-abc123.js' });
    assert.equal(script.statusCode, 200);
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(script.headers['cache-control'], 'public, max-age=31536000, immutable');
    const icon = await app.inject({ method: 'GET', url: '/favicon.svg' });
    assert.equal(icon.headers['content-type'], 'image/svg+xml');
    assert.equal(icon.headers['cache-control'], 'public, max-age=3600');
  });

  it('answers a missing file with 404, not with the page', async () => {
    for (const url of ['/assets/index-old.js', '/logo.png']) {
      const response = await app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 404, url);
      assert.notEqual(response.body, INDEX);
    }
  });

  it('answers an unknown /api path with the JSON 404, and lets API routes win', async () => {
    const unknown = await app.inject({ method: 'GET', url: '/api/nothing-here' });
    assert.equal(unknown.statusCode, 404);
    assert.deepEqual(unknown.json(), { error: 'Not found' });
    const known = await app.inject({ method: 'GET', url: '/api/login-options' });
    assert.deepEqual(known.json(), []);
  });

  it('never serves a file outside its folder or a dotfile', async () => {
    for (const url of ['/../outside.txt', '/%2e%2e/outside.txt', '/assets/..%2f..%2foutside.txt', '/.secret', '/%00']) {
      const response = await app.inject({ method: 'GET', url });
      assert.ok(!response.body.includes('outside') && !response.body.includes('hidden'), url);
    }
  });

  it('explains, rather than crashes, when the console is not built', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'deskgate-web-empty-'));
    const bare = await consoleOn(t, empty);
    try {
      const page = await bare.inject({ method: 'GET', url: '/users' });
      assert.equal(page.statusCode, 503);
      assert.match(page.body, /The web console is not built/);
      assert.match(page.body, /npm run build/);
      assert.equal(page.headers['content-security-policy'], CONSOLE_CSP);
      assert.equal((await bare.inject({ method: 'GET', url: '/api/login-options' })).statusCode, 200);
    } finally {
      await bare.close();
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('console sign-in options (GET /api/session/options)', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp('sqlite');
  });
  after(() => t.close());

  it('lists the enabled providers in order with the names people see, and whether passwords work', async () => {
    const admin = await createApiToken(t, ['admin']);
    const create = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/admin/oidc/providers', headers: admin.headers, payload: { enabled: true, ...payload } });
    assert.equal((await create({ type: 'azure', tenant_id: 'contoso.onmicrosoft.com', client_id: 'a', client_secret: 's' })).statusCode, 201);
    assert.equal((await create({ type: 'oidc', name: 'corp', display_name: 'Corp SSO', issuer: 'https://id.example.com', client_id: 'b', client_secret: 's' })).statusCode, 201);
    assert.equal((await create({ type: 'google', name: 'off', enabled: false, client_id: 'c', client_secret: 's' })).statusCode, 201);

    const options = await t.app.inject({ method: 'GET', url: '/api/session/options' });
    assert.equal(options.statusCode, 200);
    assert.deepEqual(options.json(), {
      password_login: true,
      providers: [
        { name: 'azure', type: 'azure', display_name: 'Microsoft', icon: '' },
        { name: 'corp', type: 'oidc', display_name: 'Corp SSO', icon: '' },
      ],
    });
    await t.app.inject({ method: 'PUT', url: '/api/admin/settings', headers: admin.headers, payload: { password_login: false } });
    assert.equal((await t.app.inject({ method: 'GET', url: '/api/session/options' })).json().password_login, false);
  });

  it('is served by the real server, which also answers / with the console (or its not-built page) under the CSP', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/' });
    assert.ok(response.statusCode === 200 || response.statusCode === 503);
    assert.equal(response.headers['content-security-policy'], CONSOLE_CSP);
    assert.deepEqual((await t.app.inject({ method: 'GET', url: '/api/unknown' })).json(), { error: 'Not found' });
  });
});
