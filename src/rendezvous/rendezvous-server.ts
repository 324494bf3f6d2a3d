/**
 * The ID/rendezvous server (the hbbs role, spec/rustdesk-rendezvous.md §1.1): UDP and TCP on the
 * base port N, TCP on N−1 for the NAT test and online query, WebSocket on N+2. Listeners and
 * sockets only; what each message means is in signalling.ts.
 */
import dgram from 'node:dgram';
import { isIPv4 } from 'node:net';
import net from 'node:net';
import { WebSocketServer } from 'ws';
import { tcpLink, wsLink, type Link, type LinkHandlers } from './links.js';
import { bindUdp, listenTcp } from './listen.js';
import { createRegistry, type RegistrationLimits } from './registry.js';
import type { RendezvousDirectory } from '../domain/rendezvous.js';
import { createSignalling, type SignallingOptions } from './signalling.js';
import type { SigningKey } from './secure-channel.js';
import { normalizeIp } from './wire/addr-mangle.js';
import { decodeMessage } from './wire/messages.js';
import { ProtobufError } from './wire/protobuf.js';

export interface RendezvousPorts {
  /** UDP and TCP (N). */
  main: number;
  /** TCP, NAT test and online query (N−1). */
  query: number;
  /** WebSocket (N+2); undefined: none. */
  ws?: number | undefined;
}

export interface RendezvousOptions {
  host: string;
  ports: RendezvousPorts;
  directory: RendezvousDirectory;
  signingKey: SigningKey | undefined;
  licenceKey: string | undefined;
  relayServer: string;
  /** The server's heartbeat on registered links (20 s, as CortenDesk: well inside the client's 1.5 × keep_alive). */
  keepAliveMs?: number;
  idleTimeoutMs?: number;
  /** The largest frame or message accepted (64 KiB: the biggest honest one is an online query of a few thousand ids). */
  maxFrame?: number;
  limits?: RegistrationLimits;
  /** The other instances on the same PostgreSQL (services/rendezvous-bus.ts). */
  bus?: SignallingOptions['bus'];
  onRelayUuid?: SignallingOptions['onRelayUuid'];
  httpProxy?: SignallingOptions['httpProxy'];
  /** Whether a WebSocket peer's X-Real-IP / X-Forwarded-For may be believed (a configured proxy). */
  trustedProxy?: (ip: string) => boolean;
  now?: () => number;
  log: (level: 'info' | 'warn', message: string, detail?: Record<string, unknown>) => void;
}

/** The first address of X-Real-IP, else X-Forwarded-For's first entry. */
function forwardedIp(headers: Record<string, string | string[] | undefined>): string | undefined {
  const pick = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim();
  const ip = pick(headers['x-real-ip']) ?? pick(headers['x-forwarded-for']);
  return ip && net.isIP(ip) ? normalizeIp(ip) : undefined;
}

export async function startRendezvous(options: RendezvousOptions) {
  const now = options.now ?? Date.now;
  const maxFrame = options.maxFrame ?? 64 * 1024;
  const idleTimeoutMs = options.idleTimeoutMs ?? 30_000;
  const keepAliveMs = options.keepAliveMs ?? 20_000;
  const registry = createRegistry(now);
  const udp6 = !isIPv4(options.host);
  const udp = dgram.createSocket({ type: udp6 ? 'udp6' : 'udp4' });

  const signalling = createSignalling({
    registry,
    directory: options.directory,
    now,
    licenceKey: options.licenceKey,
    signingKey: options.signingKey,
    relayServer: options.relayServer,
    keepAliveMs,
    limits: options.limits,
    httpProxy: options.httpProxy,
    bus: options.bus,
    onRelayUuid: options.onRelayUuid,
    log: options.log,
    udpSend(payload: Uint8Array, host: string, port: number) {
      // A dual-stack socket sends to IPv4 peers at their mapped address.
      const to = udp6 && isIPv4(host) ? `::ffff:${host}` : host;
      udp.send(payload, port, to, () => undefined);
    },
  });

  const links = new Set<Link>();
  const logLink = (reason: string, link: Link) => options.log('info', `rendezvous connection closed: ${reason}`, { from: link.remote.address });
  const handlers = (onMessage: LinkHandlers['message']): LinkHandlers => ({
    message: onMessage,
    closed(link) {
      links.delete(link);
      signalling.linkClosed(link);
    },
  });
  const main = handlers((link, message) => signalling.onLinkMessage(link, message));
  const query = handlers((link, message) => signalling.onQueryMessage(link, message));

  udp.on('message', (datagram, rinfo) => {
    try {
      const message = decodeMessage(datagram);
      if (message) signalling.onDatagram(message, rinfo.address, rinfo.port);
    } catch (error) {
      if (!(error instanceof ProtobufError)) options.log('warn', 'datagram failed', { err: error });
    }
  });
  udp.on('error', (error) => options.log('warn', 'rendezvous UDP error', { err: error }));

  // Secure TCP is offered on N only (spec §4.5): never on N−1, WebSocket or the relay.
  const tcpMain = net.createServer((socket) => {
    links.add(tcpLink(socket, { maxFrame, idleTimeoutMs, offer: options.signingKey, log: logLink }, main));
  });
  const tcpQuery = net.createServer((socket) => {
    links.add(tcpLink(socket, { maxFrame, idleTimeoutMs, log: logLink }, query));
  });
  let nextSyntheticPort = 1;
  const wss = options.ports.ws === undefined ? undefined : new WebSocketServer({ noServer: true, maxPayload: maxFrame });
  const httpForWs = wss
    ? (await import('node:http')).createServer((_req, res) => {
        res.writeHead(426, { 'content-type': 'application/json' }).end('{"error":"WebSocket only"}');
      })
    : undefined;
  if (wss && httpForWs) {
    httpForWs.on('upgrade', (req, socket, head) => {
      socket.on('error', () => undefined);
      wss.handleUpgrade(req, socket, head, (ws) => {
        const peer = normalizeIp(req.socket.remoteAddress ?? '');
        const forwarded = options.trustedProxy?.(peer) ? forwardedIp(req.headers) : undefined;
        // Behind a proxy every peer has port 0 in stock: give each a port of its own, so that
        // waiting requests of two people behind one address do not collide (spec §8 item 13).
        const remote = forwarded
          ? { address: forwarded, port: (nextSyntheticPort = (nextSyntheticPort % 65535) + 1) }
          : { address: peer, port: req.socket.remotePort ?? 0 };
        links.add(wsLink(ws, { idleTimeoutMs, remote, log: logLink }, main));
      });
    });
  }

  const closeAll = async () => {
    for (const link of links) link.close();
    await Promise.all(
      [tcpMain, tcpQuery, httpForWs].map((s) => (s?.listening ? new Promise<void>((resolve) => s.close(() => resolve())) : undefined)),
    );
    wss?.close();
    try {
      udp.close();
    } catch {
      // not bound
    }
  };

  let ports: Required<RendezvousPorts>;
  try {
    const mainPort = await bindUdp(udp, options.host, options.ports.main, 'rendezvous UDP');
    // Port 0 asks for any free port: TCP N then takes the UDP socket's, as clients expect both on one number.
    const tcpPort = await listenTcp(tcpMain, options.host, mainPort, 'rendezvous TCP');
    const queryPort = await listenTcp(tcpQuery, options.host, options.ports.query, 'NAT test and online query');
    const wsPort = httpForWs ? await listenTcp(httpForWs, options.host, options.ports.ws!, 'rendezvous WebSocket') : 0;
    ports = { main: tcpPort, query: queryPort, ws: wsPort };
  } catch (error) {
    await closeAll();
    throw error;
  }

  const beats = setInterval(() => signalling.beat(), keepAliveMs);
  const prunes = setInterval(() => signalling.prune(), 60_000);
  beats.unref();
  prunes.unref();

  return {
    ports,
    registry,
    signalling,
    async close() {
      clearInterval(beats);
      clearInterval(prunes);
      await closeAll();
    },
  };
}

export type RendezvousServer = Awaited<ReturnType<typeof startRendezvous>>;
