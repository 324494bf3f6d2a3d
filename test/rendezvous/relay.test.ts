/**
 * The relay (spec/rustdesk-rendezvous.md §4.4 "hbbr pairing", §7.3 item 6): two connections
 * naming one uuid are joined, bytes pass unchanged both ways, over TCP and WebSocket in every
 * combination, and whatever else arrives is closed without disturbing the pairs.
 */
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { TokenBucket, takeAll } from '../../src/rendezvous/relay/bandwidth.js';
import { startRelay, type RelayServer } from '../../src/rendezvous/relay/relay-server.js';
import { frame } from '../../src/rendezvous/wire/frame.js';
import { encodeMessage } from '../../src/rendezvous/wire/messages.js';

const KEY = 'iojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w=';
const SIZES = [1, 63, 64, 16384, 100_000];

/** One end of a relayed session: sends bytes, collects what arrives, knows when it is closed. */
interface TestEnd {
  send(bytes: Buffer): void;
  /** Resolves with the next `n` bytes received (TCP: raw bytes; WebSocket: message payloads joined). */
  receive(n: number): Promise<Buffer>;
  closed: Promise<void>;
  close(): void;
}

function request(uuid: string, licence_key = KEY) {
  return encodeMessage({ request_relay: { uuid, licence_key, id: 'dev1' } });
}

function collector() {
  let buffered = Buffer.alloc(0);
  let want: { n: number; resolve: (b: Buffer) => void } | undefined;
  const check = () => {
    if (want && buffered.length >= want.n) {
      const out = buffered.subarray(0, want.n);
      buffered = buffered.subarray(want.n);
      const w = want;
      want = undefined;
      w.resolve(Buffer.from(out));
    }
  };
  return {
    add(chunk: Buffer) {
      buffered = Buffer.concat([buffered, chunk]);
      check();
    },
    receive(n: number) {
      return new Promise<Buffer>((resolve, reject) => {
        want = { n, resolve };
        setTimeout(() => reject(new Error(`only ${buffered.length} of ${n} bytes arrived`)), 5000).unref();
        check();
      });
    },
  };
}

async function tcpEnd(port: number, first: Buffer): Promise<TestEnd> {
  const socket = net.connect({ host: '127.0.0.1', port });
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(frame(first));
  const c = collector();
  socket.on('data', (chunk: Buffer) => c.add(chunk));
  socket.on('error', () => undefined);
  return { send: (b) => socket.write(b), receive: c.receive, closed: new Promise((resolve) => socket.once('close', () => resolve())), close: () => socket.destroy() };
}

/** A WebSocket end: one binary message per payload; received payloads are joined as a byte stream. */
async function wsEnd(port: number, first: Buffer): Promise<TestEnd> {
  const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/relay`);
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  ws.send(first);
  const c = collector();
  ws.on('message', (data: Buffer) => c.add(data));
  ws.on('error', () => undefined);
  return { send: (b) => ws.send(b), receive: c.receive, closed: new Promise((resolve) => ws.once('close', () => resolve())), close: () => ws.terminate() };
}

describe('relay', () => {
  let relay: RelayServer;
  before(async () => {
    relay = await startRelay({ host: '127.0.0.1', port: 0, wsPort: 0, licenceKey: KEY, pairTimeoutMs: 400, idleTimeoutMs: 600, log: { info: () => undefined, warn: () => undefined } });
  });
  after(() => relay.close());

  const open = (kind: 'tcp' | 'ws', first: Buffer) => (kind === 'tcp' ? tcpEnd(relay.port, first) : wsEnd(relay.wsPort!, first));

  for (const [ka, kb] of [
    ['tcp', 'tcp'],
    ['ws', 'ws'],
    ['tcp', 'ws'],
    ['ws', 'tcp'],
  ] as const) {
    it(`passes payloads of ${SIZES.join(', ')} bytes both ways unchanged, ${ka} to ${kb}`, async () => {
      const uuid = randomUUID();
      const a = await open(ka, request(uuid));
      await new Promise((resolve) => setTimeout(resolve, 50));
      const b = await open(kb, request(uuid));
      for (const size of SIZES) {
        const payload = randomBytes(size);
        // A WebSocket end sends messages; its TCP partner reads them as frames, and the other way round.
        const asSent = (kind: 'tcp' | 'ws', p: Buffer) => (kind === 'tcp' && (ka === 'ws' || kb === 'ws') ? frame(p) : p);
        const asReceived = (from: 'tcp' | 'ws', to: 'tcp' | 'ws', p: Buffer) => (from === 'ws' && to === 'tcp' ? frame(p) : p);
        a.send(asSent(ka, payload));
        assert.deepEqual(await b.receive(asReceived(ka, kb, payload).length), asReceived(ka, kb, payload), `${size} bytes a→b`);
        b.send(asSent(kb, payload));
        assert.deepEqual(await a.receive(asReceived(kb, ka, payload).length), asReceived(kb, ka, payload), `${size} bytes b→a`);
      }
      a.close();
      await b.closed;
    });
  }

  it('delivers bytes sent right after the request, before the partner arrived', async () => {
    const uuid = randomUUID();
    const socket = net.connect({ host: '127.0.0.1', port: relay.port });
    await new Promise((resolve) => socket.once('connect', resolve));
    const early = randomBytes(5000);
    socket.write(Buffer.concat([frame(request(uuid)), early]));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const b = await tcpEnd(relay.port, request(uuid));
    assert.deepEqual(await b.receive(early.length), early);
    socket.destroy();
  });

  it('closes a connection with a wrong or missing key, another first message, no uuid, garbage or an oversized frame, and keeps serving', async () => {
    const firsts = [
      request(randomUUID(), 'OeVuKk5nlHiXp+APNn0Y3pC1Iwpwn44JGqrQCsWqmBw='),
      request(randomUUID(), ''),
      encodeMessage({ punch_hole_request: { id: 'x', licence_key: KEY } }),
      request(''),
      Buffer.from('this is not protobuf \xff\xff'),
    ];
    for (const first of firsts) {
      const end = await tcpEnd(relay.port, first);
      await end.closed;
    }
    const huge = net.connect({ host: '127.0.0.1', port: relay.port });
    huge.on('error', () => undefined);
    huge.write(Buffer.from([0xff, 0xff, 0xff, 0xff]));
    await new Promise((resolve) => huge.once('close', resolve));
    const ws = await wsEnd(relay.wsPort!, Buffer.from('nonsense'));
    await ws.closed;

    const uuid = randomUUID();
    const a = await tcpEnd(relay.port, request(uuid));
    const b = await tcpEnd(relay.port, request(uuid));
    a.send(Buffer.from('still here'));
    assert.equal((await b.receive(10)).toString(), 'still here');
    a.close();
  });

  it('delivers what one side sent just before it closed, then closes the other side', async () => {
    const uuid = randomUUID();
    const a = net.connect({ host: '127.0.0.1', port: relay.port });
    await new Promise((resolve) => a.once('connect', resolve));
    a.write(frame(request(uuid)));
    const b = await tcpEnd(relay.port, request(uuid));
    const last = randomBytes(2_000_000);
    a.end(last);
    assert.deepEqual(await b.receive(last.length), last);
    await b.closed;
  });

  it('refuses a third connection with a uuid already paired', async () => {
    const uuid = randomUUID();
    const a = await tcpEnd(relay.port, request(uuid));
    const b = await tcpEnd(relay.port, request(uuid));
    const third = await tcpEnd(relay.port, request(uuid));
    await third.closed;
    a.send(Buffer.from('ok'));
    assert.equal((await b.receive(2)).toString(), 'ok');
    a.close();
  });

  it('closes a lone connection after the pair timeout, and an idle pair after the idle timeout', async () => {
    const lone = await tcpEnd(relay.port, request(randomUUID()));
    await lone.closed;
    const uuid = randomUUID();
    const a = await tcpEnd(relay.port, request(uuid));
    const b = await tcpEnd(relay.port, request(uuid));
    await Promise.all([a.closed, b.closed]);
  });

  it('keeps a fast sender waiting while its partner does not read (no unbounded buffering)', async () => {
    const uuid = randomUUID();
    const sender = net.connect({ host: '127.0.0.1', port: relay.port });
    await new Promise((resolve) => sender.once('connect', resolve));
    sender.write(frame(request(uuid)));
    const reader = net.connect({ host: '127.0.0.1', port: relay.port });
    await new Promise((resolve) => reader.once('connect', resolve));
    reader.write(frame(request(uuid)));
    reader.pause();
    const chunk = Buffer.alloc(64 * 1024, 7);
    let written = 0;
    // Write until the sender's own buffer backs up: the relay stopped reading from it.
    for (let i = 0; i < 2000 && sender.write(chunk); i++) {
      written += chunk.length;
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.ok(written < 64 * 1024 * 2000, 'the sender was held back before it wrote 128 MB');
    // All of it arrives once the reader reads.
    let got = 0;
    const total = written + chunk.length;
    const done = new Promise<void>((resolve) => {
      reader.on('data', (data: Buffer) => {
        got += data.length;
        if (got >= total) resolve();
      });
    });
    reader.resume();
    await done;
    assert.equal(got, total);
    sender.destroy();
    reader.destroy();
  });
});

describe('relay bandwidth limits', () => {
  it('lets a second of bytes through, then asks the sender to wait in proportion', () => {
    let t = 0;
    const bucket = new TokenBucket(1000, () => t);
    assert.equal(bucket.take(1000), 0);
    assert.equal(bucket.take(500), 500);
    t += 500;
    assert.equal(bucket.take(0), 0);
    const total = new TokenBucket(100, () => t);
    assert.equal(takeAll([undefined, bucket, total], 200), 1000);
  });

  it('delivers everything intact under a per-connection limit', async () => {
    const relay = await startRelay({ host: '127.0.0.1', port: 0, singleBandwidth: 200_000, totalBandwidth: 300_000, log: { info: () => undefined, warn: () => undefined } });
    try {
      const uuid = randomUUID();
      const a = await tcpEnd(relay.port, request(uuid, ''));
      const b = await tcpEnd(relay.port, request(uuid, ''));
      const payload = randomBytes(300_000);
      a.send(payload);
      assert.deepEqual(await b.receive(payload.length), payload);
      a.close();
    } finally {
      await relay.close();
    }
  });
});

describe('relay framing of WebSocket ends', () => {
  it('drops empty frames from the TCP side rather than send empty messages', async () => {
    const relay = await startRelay({ host: '127.0.0.1', port: 0, wsPort: 0, log: { info: () => undefined, warn: () => undefined } });
    try {
      const uuid = randomUUID();
      const a = await tcpEnd(relay.port, request(uuid));
      const ws = new WebSocket(`ws://127.0.0.1:${relay.wsPort}/ws/relay`);
      await new Promise((resolve) => ws.once('open', resolve));
      const messages: string[] = [];
      const got = new Promise<void>((resolve) => ws.on('message', (data: Buffer) => (messages.push(data.toString()), messages.length === 2 && resolve())));
      ws.send(request(uuid));
      await new Promise((resolve) => setTimeout(resolve, 50));
      a.send(Buffer.concat([frame(Buffer.alloc(0)), frame(Buffer.from('x')), frame(Buffer.alloc(0)), frame(Buffer.from('y'))]));
      await got;
      assert.deepEqual(messages, ['x', 'y']);
      a.close();
      ws.terminate();
    } finally {
      await relay.close();
    }
  });
});
