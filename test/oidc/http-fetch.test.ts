import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createHttpFetch, MAX_RESPONSE_BYTES } from '../../src/oidc/http-fetch.js';

describe('fetch for identity providers', () => {
  let server: http.Server;
  let base: string;
  let connections = 0;
  const fetch = createHttpFetch();

  before(async () => {
    server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const url = new URL(request.url ?? '/', 'http://x');
        if (url.pathname === '/echo') {
          response.writeHead(200, { 'content-type': 'application/json', 'x-multi': ['a', 'b'] });
          response.end(JSON.stringify({ method: request.method, type: request.headers['content-type'], body: Buffer.concat(chunks).toString() }));
        } else if (url.pathname === '/redirect') {
          response.writeHead(302, { location: '/echo' }).end();
        } else if (url.pathname === '/huge') {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(Buffer.alloc(MAX_RESPONSE_BYTES + 1, 0x20));
        } else if (url.pathname === '/never') {
          // Never answers: only the caller's signal ends the wait.
        } else {
          response.writeHead(404).end();
        }
      });
    });
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => {
    fetch.close();
    server.closeAllConnections();
    server.close();
  });

  it('sends a form body and gives back a Response that oauth4webapi accepts', async () => {
    const response = await fetch(`${base}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: 'abc' }),
    });
    assert.equal(Object.prototype.toString.call(Object.getPrototypeOf(response)), '[object Response]');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.equal(response.headers.get('x-multi'), 'a, b');
    const copy = response.clone();
    assert.deepEqual(await response.json(), {
      method: 'POST',
      type: 'application/x-www-form-urlencoded;charset=UTF-8',
      body: 'grant_type=authorization_code&code=abc',
    });
    assert.equal(response.bodyUsed, true);
    await assert.rejects(response.text(), /already been consumed/);
    assert.match(await copy.text(), /authorization_code/);
  });

  it('keeps the connection for the next request', async () => {
    const before = connections;
    await (await fetch(`${base}/echo`, { method: 'GET' })).text();
    await (await fetch(`${base}/echo`, { method: 'GET' })).text();
    assert.ok(connections - before <= 1, `${connections - before} connections for two requests`);
  });

  it('does not follow redirects', async () => {
    const response = await fetch(`${base}/redirect`, { method: 'GET', redirect: 'manual' });
    assert.equal(response.status, 302);
    assert.equal(response.headers.get('location'), '/echo');
  });

  it('refuses an answer larger than the cap', async () => {
    await assert.rejects(fetch(`${base}/huge`, { method: 'GET' }));
  });

  it('gives up when the signal aborts', async () => {
    await assert.rejects(fetch(`${base}/never`, { method: 'GET', signal: AbortSignal.timeout(100) }), (error: Error) =>
      ['TimeoutError', 'AbortError'].includes(error.name),
    );
  });

  it('gives up on a provider that does not answer in time, with no signal from the caller', async () => {
    const impatient = createHttpFetch({ timeoutMs: 150 });
    try {
      await assert.rejects(impatient(`${base}/never`, { method: 'GET' }), (error: Error & { code?: string }) =>
        /timeout/i.test(`${error.code} ${error.name} ${error.message}`),
      );
    } finally {
      impatient.close();
    }
  });

  it('refuses other protocols', async () => {
    await assert.rejects(fetch('file:///etc/passwd', { method: 'GET' }), /unsupported protocol/);
  });
});
