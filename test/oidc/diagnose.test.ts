/**
 * The provider test (POST /api/admin/oidc/providers/:id/test): it fetches discovery and the key
 * set through the same fetch as sign-in (no redirects followed, answers capped, https unless the
 * provider allows plain http), names a refused connection, a timeout or a TLS failure in plain
 * words, and never repeats what a service that is not an identity provider answered.
 */
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { explainFailure } from '../../src/oidc/diagnose.js';
import { MAX_RESPONSE_BYTES } from '../../src/oidc/http-fetch.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createApiToken } from '../support/fixtures.js';
import { startHostileIdp, type HostileIdp } from '../support/hostile-idp.js';

/** What a service that is not an identity provider might say; none of it may be repeated. */
const SECRET = 'db-password=hunter2-SECRET-7f3a9c';

interface Report {
  ok: boolean;
  checks: { name: string; ok: boolean; message: string }[];
}

const listen = (server: http.Server | net.Server) =>
  new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server.address() as AddressInfo).port}`)));

describe('provider test: what it fetches and how it reports', () => {
  let t: TestApp;
  let idp: HostileIdp;
  let writer: Record<string, string>;
  let odd: http.Server;
  let oddBase: string;
  let banner: net.Server;
  let bannerHost: string;
  const bannerSockets = new Set<net.Socket>();
  let refusedHost: string;

  before(async () => {
    idp = await startHostileIdp({ clients: [{ client_id: 'deskgate', client_secret: 'test-secret' }] });
    // A web server that answers every way a provider should not.
    odd = http.createServer((request, response) => {
      const path = new URL(request.url ?? '/', 'http://x').pathname;
      if (path.startsWith('/moved')) {
        // To the real thing: a test that followed it would find working discovery and keys.
        const target = path.endsWith('/jwks') ? `${idp.issuer}/jwks` : `${idp.issuer}/.well-known/openid-configuration`;
        return void response.writeHead(302, { location: target }).end();
      }
      if (path.startsWith('/huge')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        return void response.end(`{"keys":[],"issuer":"${'x'.repeat(MAX_RESPONSE_BYTES + 10)}"}`);
      }
      if (path.startsWith('/text')) {
        response.writeHead(200, { 'content-type': 'text/plain' });
        return void response.end(`${SECRET}\nuser=admin\n`);
      }
      if (path.startsWith('/fake-json')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        return void response.end(`not json at all: ${SECRET}`);
      }
      if (path.startsWith('/login-page')) {
        response.writeHead(200, { 'content-type': 'text/html' });
        return void response.end(`<html><body>Sign in. ${SECRET}</body></html>`);
      }
      response.writeHead(404, { 'content-type': 'text/plain' }).end(SECRET);
    });
    oddBase = `http://${await listen(odd)}`;
    // Not HTTP at all: a banner and a closed connection, as an SSH or database port does.
    banner = net.createServer((socket) => {
      bannerSockets.add(socket);
      socket.end(`SSH-2.0-OpenSSH_9.6 ${SECRET}\r\n`);
    });
    bannerHost = await listen(banner);
    // A port nobody listens on (taken, then freed).
    const taken = net.createServer();
    refusedHost = await listen(taken);
    await new Promise<void>((resolve) => taken.close(() => resolve()));

    t = await buildTestApp('sqlite');
    writer = (await createApiToken(t, ['oidc:write'])).headers;
  });
  after(async () => {
    await t.close();
    await idp.close();
    odd.closeAllConnections();
    await new Promise<void>((resolve) => odd.close(() => resolve()));
    for (const socket of bannerSockets) socket.destroy();
    await new Promise<void>((resolve) => banner.close(() => resolve()));
  });

  let counter = 0;
  async function testProvider(fields: Record<string, unknown>, headers = writer): Promise<{ status: number; report: Report; body: string }> {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/oidc/providers',
      headers: writer,
      payload: { type: 'oidc', name: `t${++counter}`, client_id: 'deskgate', client_secret: 'test-secret', enabled: false, ...fields },
    });
    assert.equal(created.statusCode, 201, created.body);
    const { id } = created.json() as { id: string };
    const response = await t.app.inject({ method: 'POST', url: `/api/admin/oidc/providers/${id}/test`, headers });
    return { status: response.statusCode, report: response.json() as Report, body: response.body };
  }

  function failed(report: Report, name: string): string {
    const check = report.checks.find((c) => c.name === name);
    assert.ok(check, `no ${name} check in ${JSON.stringify(report)}`);
    assert.equal(check.ok, false, check.message);
    assert.equal(report.ok, false);
    return check.message;
  }

  it('needs oidc:write: it makes outbound requests and opens the client secret', async () => {
    const reader = await createApiToken(t, ['oidc:read'], 'reader');
    const { status } = await testProvider({ issuer: idp.issuer }, reader.headers);
    assert.equal(status, 403);
  });

  it('reports discovery and keys of a working provider', async () => {
    const { status, report } = await testProvider({ issuer: idp.issuer });
    assert.equal(status, 200);
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.deepEqual(report.checks.map((c) => c.name), ['discovery', 'keys']);
    assert.match(report.checks[1]?.message ?? '', /1 signing key.*RS256/);
  });

  it('does not follow a redirect, for discovery or for the key set', async () => {
    const before = { ...idp.calls };
    const discovery = await testProvider({ issuer: `${oddBase}/moved` });
    assert.match(failed(discovery.report, 'discovery'), /redirect/i);
    const keys = await testProvider({ issuer: idp.issuer, jwks_uri: `${oddBase}/moved/jwks` });
    assert.match(failed(keys.report, 'keys'), /redirect \(HTTP 302\)/i);
    assert.equal(idp.calls.jwks, before.jwks, 'the redirect was followed to the key set');
  });

  it('refuses an answer larger than the cap, for discovery or for the key set', async () => {
    const discovery = await testProvider({ issuer: `${oddBase}/huge` });
    assert.match(failed(discovery.report, 'discovery'), /more than 1 MiB/);
    const keys = await testProvider({ issuer: idp.issuer, jwks_uri: `${oddBase}/huge/jwks` });
    assert.match(failed(keys.report, 'keys'), /more than 1 MiB/);
  });

  it('says an answer is not JSON without repeating any of it', async () => {
    for (const [fields, check, words] of [
      [{ issuer: `${oddBase}/text` }, 'discovery', /not JSON/],
      [{ issuer: `${oddBase}/fake-json` }, 'discovery', /not valid JSON/],
      [{ issuer: `${oddBase}/login-page` }, 'discovery', /HTML page/],
      [{ issuer: `${oddBase}/nowhere` }, 'discovery', /HTTP 404/],
      [{ issuer: idp.issuer, jwks_uri: `${oddBase}/text/jwks` }, 'keys', /not JSON/],
      [{ issuer: idp.issuer, jwks_uri: `${oddBase}/fake-json/jwks` }, 'keys', /not JSON/],
      [{ issuer: idp.issuer, jwks_uri: `${oddBase}/login-page/jwks` }, 'keys', /HTML page/],
    ] as const) {
      const { body, report } = await testProvider(fields);
      assert.match(failed(report, check), words, JSON.stringify(fields));
      assert.ok(!body.includes('hunter2') && !body.includes('user=admin'), `echoed: ${body}`);
    }
  });

  it('says a service is not an HTTP server without repeating its banner', async () => {
    const { body, report } = await testProvider({ issuer: `http://${bannerHost}` });
    assert.match(failed(report, 'discovery'), /not answer as an HTTP server/);
    assert.ok(!body.includes('hunter2') && !body.includes('OpenSSH'), `echoed: ${body}`);
  });

  it('names a refused connection', async () => {
    const { report } = await testProvider({ issuer: `http://${refusedHost}/realms/corp` });
    assert.match(failed(report, 'discovery'), new RegExp(`Nothing is listening at ${refusedHost}.*refused`));
  });

  it('names a TLS failure (https to a port that does not speak TLS)', async () => {
    const { report } = await testProvider({ issuer: `https://${new URL(idp.issuer).host}` });
    assert.match(failed(report, 'discovery'), /TLS/);
  });
});

describe('provider test: the https rule of sign-in applies to the key set', () => {
  let t: TestApp;
  let jwksCalls = 0;

  before(async () => {
    // A hosted provider simulated behind the fetch, as test/oidc/entra.test.ts does for Entra.
    const fetch = async (input: string): Promise<Response> => {
      const url = new URL(input);
      if (url.pathname === '/.well-known/openid-configuration') {
        return Response.json({
          issuer: 'https://idp.example',
          authorization_endpoint: 'https://idp.example/authorize',
          token_endpoint: 'https://idp.example/token',
          jwks_uri: 'http://idp.example/jwks',
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
          id_token_signing_alg_values_supported: ['RS256'],
        });
      }
      if (url.pathname === '/jwks') jwksCalls++;
      return Response.json({ keys: [] });
    };
    t = await buildTestApp('sqlite', { oidcFetch: fetch });
  });
  after(() => t.close());

  it('refuses a plain-http key set of an https provider without fetching it', async () => {
    const { headers } = await createApiToken(t, ['oidc:write']);
    const created = await t.app.inject({ method: 'POST', url: '/api/admin/oidc/providers', headers, payload: { type: 'oidc', name: 'hosted', issuer: 'https://idp.example', client_id: 'c' } });
    const { id } = created.json() as { id: string };
    const report = (await t.app.inject({ method: 'POST', url: `/api/admin/oidc/providers/${id}/test`, headers })).json() as Report;
    const keys = report.checks.find((c) => c.name === 'keys');
    assert.equal(keys?.ok, false, JSON.stringify(report));
    assert.match(keys?.message ?? '', /plain http/);
    assert.equal(jwksCalls, 0);
  });
});

describe('provider test: failures in plain words', () => {
  const url = new URL('https://idp.example:8443/.well-known/openid-configuration');
  const coded = (code: string, message = 'internal detail that must not show') => Object.assign(new Error(message), { code });
  const cases: [string, unknown, RegExp][] = [
    ['a connect timeout', coded('UND_ERR_CONNECT_TIMEOUT'), /idp\.example:8443 did not answer within 10 seconds/],
    ['a response timeout inside openid-client', Object.assign(new Error('operation timed out'), { code: 'OAUTH_TIMEOUT' }), /did not answer within/],
    ['an expired certificate', new Error('wrapped', { cause: coded('CERT_HAS_EXPIRED') }), /TLS certificate .* has expired/],
    ['a self-signed certificate', coded('DEPTH_ZERO_SELF_SIGNED_CERT'), /not trusted/],
    ['a certificate for another name', coded('ERR_TLS_CERT_ALTNAME_INVALID'), /for another name/],
    ['an unknown name', new AggregateError([coded('ENOTFOUND')]), /idp\.example could not be found/],
    ['a refused connection among several addresses', new AggregateError([coded('ECONNREFUSED'), coded('ECONNREFUSED')]), /refused/],
  ];
  for (const [name, error, words] of cases) {
    it(`explains ${name}`, () => {
      const message = explainFailure(error, url);
      assert.match(message, words);
      assert.doesNotMatch(message, /internal detail/);
    });
  }
});
