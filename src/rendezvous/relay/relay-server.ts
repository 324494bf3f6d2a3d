/**
 * The relay (the hbbr role, spec/rustdesk-rendezvous.md §4.4 "hbbr pairing"): two connections
 * that name the same relay uuid in their first message are joined, and from then on bytes pass
 * both ways unchanged. TCP to TCP is a plain byte copy, never parsed (§8 item 23); a WebSocket
 * end is bridged frame for message. Nothing is told to the rendezvous server: the two ends meet
 * here because both were given this relay's address.
 */
import net from 'node:net';
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import { listenTcp } from '../listen.js';
import { normalizeIp } from '../wire/addr-mangle.js';
import { frame, FrameReader } from '../wire/frame.js';
import { decodeMessage } from '../wire/messages.js';
import { TokenBucket, takeAll } from './bandwidth.js';

export interface RelayOptions {
  host: string;
  /** TCP port (N+1); 0: any free port. */
  port: number;
  /** WebSocket port (N+3); undefined: none. */
  wsPort?: number | undefined;
  /** When set, a RequestRelay's `licence_key` must be exactly this (§2.3); else the connection is closed. */
  licenceKey?: string | undefined;
  firstFrameTimeoutMs?: number;
  /** How long a connection waits for its partner. */
  pairTimeoutMs?: number;
  /** A pair with no byte either way for this long is closed. */
  idleTimeoutMs?: number;
  /** Bytes a second, each way of each pair (0 or undefined: no limit), and of all pairs together. */
  singleBandwidth?: number | undefined;
  totalBandwidth?: number | undefined;
  /** When given, only uuids it knows are joined (those the rendezvous server arranged, relay-tickets.ts). */
  known?: ((uuid: string) => boolean) | undefined;
  log: { info(message: string): void; warn(message: string): void };
}

/** The first message is a RequestRelay of a few hundred bytes; nothing honest comes near this. */
const MAX_FIRST_FRAME = 64 * 1024;
/** Pairs paired lately, by uuid: a third connection with one of them is refused (§ issue "reused uuid"). */
const USED_UUIDS_KEPT_MS = 10 * 60_000;
/** How long a closing end may take to send what is queued for it. */
const FLUSH_MS = 5_000;
/** Bytes a WebSocket end may hold unsent before its partner is paused. */
const WS_HIGH_WATER = 1 << 20;

type End =
  | { kind: 'tcp'; socket: net.Socket; address: string; rest: Buffer }
  | { kind: 'ws'; ws: WebSocket; address: string; rest: Buffer[] };

interface Pair {
  last: number;
  close(): void;
}

export async function startRelay(options: RelayOptions) {
  const firstFrameTimeoutMs = options.firstFrameTimeoutMs ?? 30_000;
  const pairTimeoutMs = options.pairTimeoutMs ?? 30_000;
  const idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
  const total = options.totalBandwidth ? new TokenBucket(options.totalBandwidth) : undefined;
  const waiting = new Map<string, { end: End; timer: NodeJS.Timeout }>();
  const used = new Map<string, number>();
  const pairs = new Set<Pair>();
  const open = new Set<net.Socket | WebSocket>();

  /** Ends that have their partner: their messages are passed on by connect(), no longer queued. */
  const pairedEnds = new WeakSet<End>();
  const closeEnd = (end: End) => (end.kind === 'tcp' ? end.socket.destroy() : end.ws.terminate());

  /** The first message of a connection: a keyed RequestRelay with a uuid, or the reason to close. */
  function requestOf(payload: Uint8Array): string | { uuid: string } {
    let message;
    try {
      message = decodeMessage(payload);
    } catch {
      return 'not protobuf';
    }
    if (message?.kind !== 'request_relay') return 'first message is not RequestRelay';
    if (!message.body.uuid) return 'no uuid';
    if (options.licenceKey !== undefined && message.body.licence_key !== options.licenceKey) return 'key mismatch';
    return { uuid: message.body.uuid };
  }

  function arrive(uuid: string, end: End) {
    if (used.has(uuid)) {
      options.log.info(`relay: uuid already used, closing ${end.address}`);
      return closeEnd(end);
    }
    const partner = waiting.get(uuid);
    if (!partner) {
      const timer = setTimeout(() => {
        if (waiting.get(uuid)?.end === end) waiting.delete(uuid);
        closeEnd(end);
      }, pairTimeoutMs);
      waiting.set(uuid, { end, timer });
      return;
    }
    waiting.delete(uuid);
    clearTimeout(partner.timer);
    used.set(uuid, Date.now());
    // Checked when the second end comes: by then the rendezvous server has seen the uuid in either flow (§4.4).
    if (options.known && !options.known(uuid)) {
      options.log.info(`relay: uuid not arranged by this server, closing ${partner.end.address} and ${end.address}`);
      closeEnd(partner.end);
      return closeEnd(end);
    }
    join(partner.end, end);
  }

  /** One direction of a pair: `from` paused while `to` is full or over its rate, resumed after. */
  function flow(pair: Pair, pause: () => void, resume: () => void, own: TokenBucket | undefined) {
    let full = false;
    let until = 0;
    const kick = () => {
      if (full) return;
      // A timer may fire a millisecond before the wall clock agrees: then wait out the rest.
      const left = until - Date.now();
      if (left > 0) setTimeout(kick, left).unref();
      else resume();
    };
    return {
      /** Counts `bytes` passed on; `accepted` false: the receiving side's buffer is full. */
      passed(bytes: number, accepted: boolean) {
        pair.last = Date.now();
        const wait = takeAll([own, total], bytes);
        if (wait > 0) {
          until = Date.now() + wait;
          pause();
          setTimeout(kick, wait).unref();
        }
        if (!accepted) {
          full = true;
          pause();
        }
      },
      drained() {
        full = false;
        kick();
      },
    };
  }

  /** Ends `end` after what is queued for it is sent; destroyed if that takes longer than FLUSH_MS. */
  function finish(end: End) {
    const timer = setTimeout(() => closeEnd(end), FLUSH_MS);
    timer.unref();
    if (end.kind === 'tcp') end.socket.end();
    else end.ws.close();
  }

  function join(a: End, b: End) {
    const pair: Pair = {
      last: Date.now(),
      close() {
        if (!pairs.delete(pair)) return;
        closeEnd(a);
        closeEnd(b);
      },
    };
    pairs.add(pair);
    pairedEnds.add(a);
    pairedEnds.add(b);
    options.log.info(`relay: paired ${a.address} and ${b.address}`);
    const bucket = () => (options.singleBandwidth ? new TokenBucket(options.singleBandwidth) : undefined);
    // One side gone: the other gets what was already on its way, then is closed too.
    const gone = (other: End) => () => {
      if (!pairs.delete(pair)) return;
      finish(other);
    };
    for (const [end, other] of [
      [a, b],
      [b, a],
    ] as const) {
      if (end.kind === 'tcp') {
        end.socket.on('close', gone(other));
        end.socket.on('error', () => pair.close());
      } else {
        end.ws.on('close', gone(other));
        end.ws.on('error', () => pair.close());
      }
    }
    connect(pair, a, b, bucket());
    connect(pair, b, a, bucket());
  }

  /** Bytes from `from` to `to`, in the shape each end speaks. */
  function connect(pair: Pair, from: End, to: End, own: TokenBucket | undefined) {
    const pause = () => (from.kind === 'tcp' ? from.socket.pause() : from.ws.pause());
    const resume = () => (from.kind === 'tcp' ? from.socket.resume() : from.ws.resume());
    const f = flow(pair, pause, resume, own);
    const sendWs = (ws: WebSocket, payload: Uint8Array) => {
      if (payload.length === 0) return;
      ws.send(payload, { binary: true }, () => {
        if (ws.bufferedAmount < WS_HIGH_WATER) f.drained();
      });
      f.passed(payload.length, ws.bufferedAmount < WS_HIGH_WATER);
    };
    if (from.kind === 'tcp' && to.kind === 'tcp') {
      // The two RustDesk peers' own protocol, byte for byte: nothing here parses it.
      if (from.rest.length > 0) to.socket.write(from.rest);
      if (!own && !total) {
        // No limit to keep: Node's own pipe, with its back-pressure; the listener only notes activity.
        from.socket.on('data', () => (pair.last = Date.now()));
        from.socket.pipe(to.socket);
        return;
      }
      to.socket.on('drain', () => f.drained());
      from.socket.on('data', (chunk: Buffer) => f.passed(chunk.length, to.socket.write(chunk)));
      from.socket.resume();
    } else if (from.kind === 'tcp' && to.kind === 'ws') {
      const reader = new FrameReader(16 * 1024 * 1024);
      const push = (chunk: Buffer) => {
        reader.push(chunk);
        try {
          for (let payload = reader.next(); payload; payload = reader.next()) sendWs(to.ws, payload);
        } catch {
          pair.close();
        }
      };
      if (from.rest.length > 0) push(from.rest);
      from.socket.on('data', push);
      from.socket.resume();
    } else if (from.kind === 'ws') {
      const deliver = (payload: Buffer) => {
        if (payload.length === 0) return;
        if (to.kind === 'ws') sendWs(to.ws, payload);
        else f.passed(payload.length, to.socket.write(frame(payload)));
      };
      if (to.kind === 'tcp') to.socket.on('drain', () => f.drained());
      for (const payload of from.rest) deliver(payload);
      from.rest = [];
      from.ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (isBinary) deliver(data);
      });
      from.ws.resume();
    }
  }

  // ---------- listeners ----------

  const tcp = net.createServer((socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => socket.destroy());
    const address = normalizeIp(socket.remoteAddress ?? '');
    const reader = new FrameReader(MAX_FIRST_FRAME);
    const timer = setTimeout(() => socket.destroy(), firstFrameTimeoutMs);
    const onData = (chunk: Buffer) => {
      reader.push(chunk);
      let payload: Buffer | undefined;
      try {
        payload = reader.next();
      } catch {
        options.log.info(`relay: first frame too large from ${address}`);
        socket.destroy();
        return;
      }
      if (!payload) return;
      clearTimeout(timer);
      socket.off('data', onData);
      socket.pause();
      const request = requestOf(payload);
      if (typeof request === 'string') {
        options.log.info(`relay: ${request} from ${address}`);
        socket.destroy();
        return;
      }
      // What came after the first frame (the peer's first bytes) goes first to the partner.
      arrive(request.uuid, { kind: 'tcp', socket, address, rest: Buffer.from(reader.pending) });
    };
    socket.on('data', onData);
  });

  const wss = options.wsPort === undefined ? undefined : new WebSocketServer({ noServer: true, maxPayload: 16 * 1024 * 1024 });
  const http = wss
    ? createServer((_req, res) => {
        res.writeHead(426, { 'content-type': 'application/json' }).end('{"error":"WebSocket only"}');
      })
    : undefined;
  http?.on('upgrade', (req, socket, head) => {
    socket.on('error', () => socket.destroy());
    wss!.handleUpgrade(req, socket, head, (ws) => {
      open.add(ws);
      ws.on('close', () => open.delete(ws));
      ws.on('error', () => ws.terminate());
      const address = normalizeIp(req.socket.remoteAddress ?? '');
      const timer = setTimeout(() => ws.terminate(), firstFrameTimeoutMs);
      let end: (End & { kind: 'ws' }) | undefined;
      ws.on('message', (data: Buffer, isBinary: boolean) => {
        if (end) {
          // Before the partner arrives, later messages wait in order (afterwards connect() takes over).
          if (isBinary && !pairedEnds.has(end)) end.rest.push(data);
          return;
        }
        if (!isBinary) return;
        clearTimeout(timer);
        const request = requestOf(data);
        if (typeof request === 'string') {
          options.log.info(`relay: ${request} from ${address}`);
          return ws.terminate();
        }
        end = { kind: 'ws', ws, address, rest: [] };
        arrive(request.uuid, end);
      });
    });
  });
  const idle = setInterval(
    () => {
      const before = Date.now() - idleTimeoutMs;
      for (const pair of pairs) if (pair.last < before) pair.close();
      const forget = Date.now() - USED_UUIDS_KEPT_MS;
      for (const [uuid, at] of used) if (at < forget) used.delete(uuid);
    },
    Math.min(3_000, Math.max(50, idleTimeoutMs / 3)),
  );
  idle.unref();

  const close = async () => {
    clearInterval(idle);
    for (const { timer } of waiting.values()) clearTimeout(timer);
    for (const pair of pairs) pair.close();
    for (const s of open) {
      if (s instanceof net.Socket) s.destroy();
      else s.terminate();
    }
    await Promise.all([tcp, http].map((s) => (s?.listening ? new Promise<void>((resolve) => s.close(() => resolve())) : undefined)));
    wss?.close();
  };

  try {
    const port = await listenTcp(tcp, options.host, options.port, 'relay');
    const wsPort = http ? await listenTcp(http, options.host, options.wsPort!, 'relay WebSocket') : undefined;
    return {
      port,
      wsPort,
      close,
      stats: () => ({ waiting: waiting.size, paired: pairs.size }),
    };
  } catch (error) {
    await close();
    throw error;
  }
}

export type RelayServer = Awaited<ReturnType<typeof startRelay>>;
