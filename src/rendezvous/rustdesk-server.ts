/**
 * deskgate as the whole RustDesk server (DESKGATE_RENDEZVOUS=on): the ID/rendezvous listeners
 * and the relay, on the ports derived from DESKGATE_RENDEZVOUS_PORT, with the one key of
 * `deskgate key show`. Started by `deskgate serve` beside the HTTP API.
 */
import type { Config } from '../config.js';
import type { RendezvousBus, RendezvousDirectory, TunnelledRequest, TunnelledResponse } from '../domain/rendezvous.js';
import { createRelayTickets } from './relay-tickets.js';
import { startRelay } from './relay/relay-server.js';
import { PortInUse } from './listen.js';
import { startRendezvous } from './rendezvous-server.js';
import { signingKeyFromSeed } from './secure-channel.js';
import { trustedProxies } from './trusted-proxy.js';

export interface RustdeskServerLog {
  info(detail: Record<string, unknown>, message: string): void;
  warn(detail: Record<string, unknown>, message: string): void;
}

/** Each listener's port, and the setting that moves it (named when the port is taken). */
export function listenerPorts(config: Config) {
  const n = config.rendezvousPort;
  return {
    main: { port: n, setting: 'DESKGATE_RENDEZVOUS_PORT' },
    query: { port: config.natPort ?? n - 1, setting: 'DESKGATE_NAT_PORT' },
    relay: { port: config.relayPort ?? n + 1, setting: 'DESKGATE_RELAY_PORT' },
    ws: { port: config.rendezvousWsPort ?? n + 2, setting: 'DESKGATE_RENDEZVOUS_WS_PORT' },
    relayWs: { port: config.relayWsPort ?? n + 3, setting: 'DESKGATE_RELAY_WS_PORT' },
  };
}

/** What clients are told to use as the relay: empty lets them take their ID server's host on N+1 (spec §8 item 24). */
export function relayServerFor(config: Config, relayPort: number): string {
  if (config.relayHost) return config.relayHost;
  if (relayPort === config.rendezvousPort + 1) return '';
  const host = config.publicUrl ? new URL(config.publicUrl).host.replace(/:\d+$/, '') : '';
  return host ? `${host}:${relayPort}` : '';
}

export class ListenerPortTaken extends Error {}

export async function startRustdeskServer(deps: {
  config: Config;
  directory: RendezvousDirectory;
  seed: Uint8Array;
  bus?: RendezvousBus | undefined;
  httpProxy?: (request: TunnelledRequest) => Promise<TunnelledResponse>;
  log: RustdeskServerLog;
  now?: () => number;
}) {
  const { config, log } = deps;
  const ports = listenerPorts(config);
  const signingKey = signingKeyFromSeed(deps.seed);
  const licenceKey = Buffer.from(signingKey.publicKey).toString('base64');
  const mbit = (n: number) => (n > 0 ? (n * 1_048_576) / 8 : 0);
  const taken = (error: unknown, which: keyof typeof ports): never => {
    if (error instanceof PortInUse) {
      throw new ListenerPortTaken(`port ${error.port} (${error.listener}) is already in use: stop what uses it, or set ${ports[which].setting}`);
    }
    throw error;
  };

  const tickets = createRelayTickets(deps.now);
  const relay = await startRelay({
    known: tickets.known,
    host: config.host,
    port: ports.relay.port,
    wsPort: ports.relayWs.port,
    licenceKey,
    singleBandwidth: mbit(config.relayBandwidth),
    totalBandwidth: mbit(config.relayTotalBandwidth),
    log: { info: (message: string) => log.info({}, message), warn: (message: string) => log.warn({}, message) },
  }).catch((error: unknown) => taken(error, error instanceof PortInUse && error.listener.includes('WebSocket') ? 'relayWs' : 'relay'));

  const listenerOf = (error: PortInUse): keyof typeof ports =>
    error.listener.includes('WebSocket') ? 'ws' : error.listener.includes('NAT') ? 'query' : 'main';
  const rendezvous = await startRendezvous({
    host: config.host,
    ports: { main: ports.main.port, query: ports.query.port, ws: ports.ws.port },
    directory: deps.directory,
    signingKey,
    licenceKey,
    relayServer: relayServerFor(config, relay.port),
    limits: { perAddressBurst: config.registrationBurst, idsPerAddressPerDay: config.registrationsPerDay },
    trustedProxy: trustedProxies(config.trustProxy),
    bus: deps.bus,
    httpProxy: deps.httpProxy,
    onRelayUuid: tickets.note,
    ...(deps.now ? { now: deps.now } : {}),
    log: (level, message, detail = {}) => log[level](detail, message),
  }).catch(async (error: unknown) => {
    await relay.close();
    return taken(error, error instanceof PortInUse ? listenerOf(error) : 'main');
  });

  return {
    ports: { ...rendezvous.ports, relay: relay.port, relayWs: relay.wsPort },
    rendezvous,
    relay,
    publicKey: licenceKey,
    async close() {
      await rendezvous.close();
      await relay.close();
    },
  };
}

export type RustdeskServer = Awaited<ReturnType<typeof startRustdeskServer>>;
