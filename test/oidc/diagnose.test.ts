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
  checks: { name: string; ok: boolean; message: string; url?: string; got?: string; fix?: string }[];
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
    assert.deepEqual(report.checks.map((c) => c.name), ['discovery', 'issuer', 'algorithm', 'response_type', 'keys', 'client_secret', 'redirect_uri']);
    assert.match(report.checks.find((c) => c.name === 'keys')?.message ?? '', /1 signing key.*RS256/);
    assert.match(report.checks.find((c) => c.name === 'issuer')?.message ?? '', /exactly as entered/);
    assert.match(report.checks.find((c) => c.name === 'client_secret')?.message ?? '', /accepted the client ID and secret/);
  });

  it('checks the client secret at the token endpoint with a made-up code', async () => {
    const before = idp.tokenOutcomes.length;
    const { report } = await testProvider({ issuer: idp.issuer, client_secret: 'the-secret-id-not-its-value' });
    const message = failed(report, 'client_secret');
    assert.match(message, /refused deskgate's client ID or secret \(invalid_client\)/);
    assert.match(message, /its value, not its ID/);
    assert.deepEqual(idp.tokenOutcomes.slice(before), ['invalid_client: client authentication failed']);
    // The same with the secret in the body (client_secret_post), and accepted with the right one.
    const post = await testProvider({ issuer: idp.issuer, token_endpoint_auth_method: 'client_secret_post' });
    assert.equal(post.report.checks.find((c) => c.name === 'client_secret')?.ok, true, JSON.stringify(post.report));
    assert.deepEqual(idp.tokenOutcomes.slice(-1), ['invalid_grant: unknown code']);
  });

  it('names the URL, what came back and what to do for every failed check', async () => {
    for (const fields of [
      { issuer: `http://${refusedHost}/realms/corp` },
      { issuer: `${oddBase}/nowhere` },
      { issuer: `${oddBase}/login-page` },
      { issuer: `${oddBase}/moved` },
      { issuer: idp.issuer, jwks_uri: `${oddBase}/text/jwks` },
      { issuer: idp.issuer, client_secret: 'wrong' },
    ]) {
      const { report } = await testProvider(fields);
      const failures = report.checks.filter((c) => !c.ok);
      assert.ok(failures.length > 0, JSON.stringify(fields));
      for (const check of failures) {
        assert.ok(check.url?.startsWith('http'), `${check.name} names no URL: ${JSON.stringify(check)}`);
        assert.ok(check.got && check.fix, `${check.name} lacks what came back or what to do: ${JSON.stringify(check)}`);
        assert.ok(check.message.includes(check.got) && check.message.includes(check.fix));
      }
    }
  });

  it('shows the redirect URI to register, from the address the console is on', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/admin/oidc/providers', headers: writer, payload: { type: 'oidc', name: 'redirect', issuer: idp.issuer, client_id: 'deskgate', client_secret: 'test-secret', enabled: false } });
    const { id } = created.json() as { id: string };
    const response = await t.app.inject({ method: 'POST', url: `/api/admin/oidc/providers/${id}/test`, headers: { ...writer, host: 'desk.example:8443' } });
    const report = response.json() as Report & { redirect_uri: string };
    assert.equal(report.redirect_uri, 'http://desk.example:8443/api/oidc/callback');
    const check = report.checks.find((c) => c.name === 'redirect_uri');
    assert.equal(check?.ok, true);
    assert.ok(check?.message.includes(report.redirect_uri), JSON.stringify(check));
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

describe('provider test: Entra ID and the settings the provider lists', () => {
  const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
  const MS = 'https://login.microsoftonline.com';
  let t: TestApp;
  let headers: Record<string, string>;
  /** What the token endpoint answers next (Entra-style), and whether discovery lists a narrower set. */
  let tokenAnswer: { status: number; body: Record<string, string> } = { status: 400, body: { error: 'invalid_grant', error_description: 'AADSTS9002313: Invalid request.' } };
  let narrow = false;
  const sent: { url: string; body: string; authorization: string }[] = [];

  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });
  const coded = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('internal detail'), { code }) });

  before(async () => {
    const fetch = async (input: string, init: RequestInit): Promise<Response> => {
      const url = new URL(input);
      if (url.hostname === 'nowhere.example') throw coded('ENOTFOUND');
      if (url.hostname === 'slow.example') throw coded('UND_ERR_CONNECT_TIMEOUT');
      if (url.hostname === 'expired.example') throw coded('CERT_HAS_EXPIRED');
      if (url.hostname === 'slash.example') {
        return json({ issuer: 'https://slash.example/tenant', authorization_endpoint: 'https://slash.example/a', token_endpoint: 'https://slash.example/t', jwks_uri: 'https://slash.example/k', response_types_supported: ['code'], subject_types_supported: ['public'] });
      }
      if (url.origin !== MS) return new Response('offline', { status: 599 });
      const [, tenant, version] = url.pathname.split('/');
      if (url.pathname.endsWith('/.well-known/openid-configuration')) {
        if (tenant !== TENANT) return json({ error: 'invalid_tenant', error_description: `AADSTS90002: Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID` }, 400);
        // The v1.0 document, at the authority without /v2.0.
        if (version !== 'v2.0') return json({ issuer: `https://sts.windows.net/${TENANT}/`, authorization_endpoint: `${MS}/${TENANT}/oauth2/authorize`, token_endpoint: `${MS}/${TENANT}/oauth2/token`, jwks_uri: `${MS}/common/discovery/keys`, response_types_supported: ['code'], subject_types_supported: ['pairwise'] });
        return json({
          issuer: `${MS}/${TENANT}/v2.0`,
          authorization_endpoint: `${MS}/${TENANT}/oauth2/v2.0/authorize`,
          token_endpoint: `${MS}/${TENANT}/oauth2/v2.0/token`,
          jwks_uri: `${MS}/${TENANT}/discovery/v2.0/keys`,
          response_modes_supported: narrow ? ['query'] : ['query', 'fragment', 'form_post'],
          response_types_supported: narrow ? ['code'] : ['code', 'id_token', 'code id_token', 'id_token token'],
          subject_types_supported: ['pairwise'],
          id_token_signing_alg_values_supported: ['RS256'],
        });
      }
      if (url.pathname.endsWith('/keys')) return json({ keys: [{ kty: 'RSA', use: 'sig', kid: 'k', n: 'AQAB', e: 'AQAB' }] });
      if (url.pathname.endsWith('/token')) {
        sent.push({ url: url.href, body: String(init.body), authorization: new Headers(init.headers).get('authorization') ?? '' });
        return json(tokenAnswer.body, tokenAnswer.status);
      }
      return json({ error: 'not_found' }, 404);
    };
    t = await buildTestApp('sqlite', { oidcFetch: fetch });
    headers = (await createApiToken(t, ['oidc:write'])).headers;
  });
  after(() => t.close());

  let counter = 0;
  async function run(fields: Record<string, unknown>, host = 'localhost:21114'): Promise<Report & { redirect_uri: string }> {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/oidc/providers',
      headers,
      payload: { type: 'oidc', name: `e${++counter}`, client_id: 'app-id', client_secret: 'secret-value', enabled: false, ...fields },
    });
    assert.equal(created.statusCode, 201, created.body);
    const { id } = created.json() as { id: string };
    return (await t.app.inject({ method: 'POST', url: `/api/admin/oidc/providers/${id}/test`, headers: { ...headers, host } })).json() as Report & { redirect_uri: string };
  }
  const check = (report: Report, name: string) => {
    const found = report.checks.find((c) => c.name === name);
    assert.ok(found, `no ${name} check in ${JSON.stringify(report)}`);
    return found;
  };

  it('passes a working Entra tenant and sends the made-up code with the secret and the redirect URI', async () => {
    sent.length = 0;
    const report = await run({ type: 'azure', name: 'entra', tenant_id: TENANT, token_endpoint_auth_method: 'client_secret_post' });
    assert.equal(report.ok, true, JSON.stringify(report));
    assert.equal(report.redirect_uri, 'http://localhost:21114/api/oidc/callback');
    const form = new URLSearchParams(sent[0]?.body);
    assert.equal(form.get('grant_type'), 'authorization_code');
    assert.equal(form.get('client_id'), 'app-id');
    assert.equal(form.get('client_secret'), 'secret-value');
    assert.equal(form.get('redirect_uri'), report.redirect_uri);
    assert.ok((form.get('code') ?? '').length > 20);
    assert.equal(sent[0]?.authorization, '');
  });

  it('sends the secret in Basic when the provider is set to client_secret_basic', async () => {
    sent.length = 0;
    await run({ issuer: `${MS}/${TENANT}/v2.0`, client_id: 'app id:1' });
    assert.equal(sent[0]?.authorization, `Basic ${Buffer.from('app+id%3A1:secret-value').toString('base64')}`);
    assert.equal(new URLSearchParams(sent[0]?.body).get('client_secret'), null);
  });

  for (const [aadsts, oauth, status, words, fix] of [
    ['7000215', 'invalid_client', 401, /not a secret of this application \(AADSTS7000215\)/, /not its Secret ID/],
    ['7000222', 'invalid_client', 401, /client secret has expired \(AADSTS7000222\)/, /Create a new client secret/],
    ['700016', 'unauthorized_client', 400, /no application with this client ID/, /Application \(client\) ID/],
    ['50011', 'invalid_request', 400, /redirect URI deskgate sent is not registered/, /http:\/\/localhost:21114\/api\/oidc\/callback/],
  ] as const) {
    it(`decodes AADSTS${aadsts} at the token endpoint`, async () => {
      tokenAnswer = { status, body: { error: oauth, error_description: `AADSTS${aadsts}: what Entra says. Trace ID: 0000` } };
      try {
        const report = await run({ issuer: `${MS}/${TENANT}/v2.0` });
        const secret = check(report, 'client_secret');
        assert.equal(secret.ok, false);
        assert.equal(secret.url, `${MS}/${TENANT}/oauth2/v2.0/token`);
        assert.match(secret.got ?? '', words);
        assert.match(secret.fix ?? '', fix);
        assert.doesNotMatch(JSON.stringify(report), /what Entra says|Trace ID/);
      } finally {
        tokenAnswer = { status: 400, body: { error: 'invalid_grant', error_description: 'AADSTS9002313: Invalid request.' } };
      }
    });
  }

  it('decodes an unknown tenant (AADSTS90002) at discovery', async () => {
    const report = await run({ issuer: `${MS}/contoso-typo.onmicrosoft.com/v2.0` });
    const discovery = check(report, 'discovery');
    assert.equal(discovery.ok, false);
    assert.equal(discovery.url, `${MS}/contoso-typo.onmicrosoft.com/v2.0/.well-known/openid-configuration`);
    assert.match(discovery.got ?? '', /HTTP 400.*no tenant by this ID or domain \(AADSTS90002\)/);
    assert.match(discovery.fix ?? '', /Directory \(tenant\) ID/);
  });

  it('names a v1.0 issuer: the address entered lacks /v2.0', async () => {
    const report = await run({ issuer: `${MS}/${TENANT}` });
    const issuer = check(report, 'issuer');
    assert.equal(issuer.ok, false);
    assert.match(issuer.got ?? '', new RegExp(`names its issuer https://sts\\.windows\\.net/${TENANT}/.*v1\\.0 issuer.*lacks /v2\\.0`));
    assert.ok(issuer.fix?.includes(`enter ${MS}/${TENANT}/v2.0 as the issuer`), issuer.fix);
  });

  it('names a trailing slash that the provider’s issuer does not have', async () => {
    const report = await run({ issuer: 'https://slash.example/tenant/' });
    const issuer = check(report, 'issuer');
    assert.equal(issuer.ok, false);
    assert.match(issuer.got ?? '', /differ only in the trailing slash/);
    assert.match(issuer.fix ?? '', /Enter https:\/\/slash\.example\/tenant as the issuer.*without the trailing slash/);
  });

  it('checks the algorithm and response type against what the provider lists', async () => {
    const algorithm = check(await run({ issuer: `${MS}/${TENANT}/v2.0`, id_token_signed_response_alg: 'ES256' }), 'algorithm');
    assert.equal(algorithm.ok, false);
    assert.match(algorithm.message, /signs ID tokens with RS256, not ES256/);
    narrow = true;
    try {
      const response = check(await run({ issuer: `${MS}/${TENANT}/v2.0`, response_type: 'code id_token' }), 'response_type');
      assert.equal(response.ok, false);
      assert.match(response.message, /offers response types code, not code id_token.*Set Response type to code/);
    } finally {
      narrow = false;
    }
    const hybrid = check(await run({ issuer: `${MS}/${TENANT}/v2.0`, response_type: 'code id_token' }), 'response_type');
    assert.equal(hybrid.ok, true);
    assert.match(hybrid.message, /"ID tokens" is ticked/);
  });

  it('says Entra ID refuses a plain-http redirect URI other than localhost', async () => {
    const report = await run({ issuer: `${MS}/${TENANT}/v2.0` }, 'deskgate.corp.example:21114');
    const redirect = check(report, 'redirect_uri');
    assert.equal(redirect.ok, false);
    assert.equal(redirect.url, 'http://deskgate.corp.example:21114/api/oidc/callback');
    assert.match(redirect.message, /Entra ID accepts http only for localhost/);
  });

  it('names a DNS failure, a timeout and an expired certificate with the URL tried', async () => {
    for (const [host, words] of [
      ['nowhere.example', /The name nowhere\.example could not be found \(DNS\)/],
      ['slow.example', /slow\.example did not answer within 10 seconds \(timeout\)/],
      ['expired.example', /TLS certificate of expired\.example has expired/],
    ] as const) {
      const discovery = check(await run({ issuer: `https://${host}/tenant` }), 'discovery');
      assert.equal(discovery.ok, false);
      assert.equal(discovery.url, `https://${host}/tenant/.well-known/openid-configuration`);
      assert.match(discovery.got ?? '', words);
      assert.ok(discovery.fix);
      assert.doesNotMatch(discovery.message, /internal detail/);
    }
  });
});

describe('provider test: plain OAuth 2 (GitHub)', () => {
  let t: TestApp;
  let headers: Record<string, string>;
  const asked: string[] = [];

  before(async () => {
    // GitHub answers 200 with an error: bad_verification_code for a good client, incorrect_client_credentials otherwise.
    const fetch = async (input: string, init: RequestInit): Promise<Response> => {
      asked.push(input);
      const basic = new Headers(init.headers).get('authorization') ?? '';
      const good = basic === `Basic ${Buffer.from('gh-client:gh-secret').toString('base64')}`;
      return Response.json({ error: good ? 'bad_verification_code' : 'incorrect_client_credentials', error_description: 'The code passed is incorrect or expired.' });
    };
    t = await buildTestApp('sqlite', { oidcFetch: fetch });
    headers = (await createApiToken(t, ['oidc:write'])).headers;
  });
  after(() => t.close());

  it('checks the client secret at the token endpoint though there is no discovery', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/oidc/providers',
      headers,
      payload: { type: 'github', client_id: 'gh-client', client_secret: 'gh-secret', enabled: false },
    });
    assert.equal(created.statusCode, 201, created.body);
    const { id } = created.json() as { id: string };
    const test = async (payload?: object) =>
      (await t.app.inject({ method: 'POST', url: `/api/admin/oidc/providers/${id}/test`, headers, ...(payload ? { payload } : {}) })).json() as Report;
    const good = await test();
    assert.deepEqual(good.checks.map((c) => [c.name, c.ok]), [['endpoints', true], ['userinfo', true], ['github_orgs', true], ['client_secret', true], ['redirect_uri', true]]);
    assert.deepEqual(asked, ['https://github.com/login/oauth/access_token']);
    const bad = await test({ client_secret: 'gh-secret-id' });
    const secret = bad.checks.find((c) => c.name === 'client_secret');
    assert.equal(secret?.ok, false);
    assert.match(secret?.got ?? '', /refused deskgate's client ID or secret \(incorrect_client_credentials\)/);
  });
});
