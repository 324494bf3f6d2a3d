/**
 * The rendezvous benchmark's servers, each in a child process of its own (bench/rendezvous.ts
 * forks this file, compiled, with --expose-gc):
 *
 *   {"kind":"deskgate","idPrefix":"417"}  deskgate as `deskgate serve` runs it with
 *       DESKGATE_RENDEZVOUS=on, on a temp SQLite file, or with `databaseUrl` (and `secretKey`) on
 *       PostgreSQL; every listener on a free port, the registration limits raised for a fleet that
 *       all comes from 127.0.0.1, and one administrator's client token for the viewers.
 *   {"kind":"bare","reply":"<hex>"}  the baselines: a `dgram` server that answers every datagram
 *       with the bytes `reply`, and a framed TCP server that makes a punch's round trips with no crypto and
 *       no logic (sizes sent later, from deskgate's own punch: `sizes`).
 *
 * It answers `ready` with its ports, `stats` with its memory and CPU (`settle`: first what the
 * server's minute prune drops, then full collections), and exits on `stop`.
 */
import dgram from 'node:dgram';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { frame, FrameReader } from '../src/rendezvous/wire/frame.js';
import { freePort } from '../test/support/rendezvous-client.js';

export type RendezvousTargetSpec =
  | { kind: 'deskgate'; idPrefix: string; databaseUrl?: string | undefined; secretKey?: string | undefined }
  | { kind: 'bare'; reply: string };

/** Payload lengths of the bare punch server's own frames and datagram, as deskgate's were. */
export interface PunchSizes {
  offer: number;
  punchHole: number;
  response: number;
}

export type RendezvousTargetMessage =
  | { type: 'ready'; udp: number; tcp: number; publicKey?: string; token?: string; engine: string }
  | { type: 'stats'; rss: number; heapUsed: number; cpu: NodeJS.CpuUsage; registered: number }
  | { type: 'failed'; error: string };

export type RendezvousControl = { type: 'stats'; settle?: boolean } | { type: 'sizes'; sizes: PunchSizes } | { type: 'stop' };

/** The first byte of each bare punch frame from a client says what it is (deskgate decodes instead). */
export const BARE = { answer: 0, request: 1, sent: 2 } as const;

/** Device ids the bench uses are `idPrefix` and 7 digits: 10 characters, like RustDesk's. */
export const idOf = (prefix: string, i: number) => `${prefix}${String(i).padStart(7, '0')}`;

interface Running {
  ready: Extract<RendezvousTargetMessage, { type: 'ready' }>;
  registered(): number;
  prune(): void;
  sizes?(sizes: PunchSizes): void;
  close(): Promise<void>;
}

async function startDeskgate(spec: Extract<RendezvousTargetSpec, { kind: 'deskgate' }>): Promise<Running> {
  const { buildApp, startRendezvousFor } = await import('../src/app.js');
  const { loadConfig } = await import('../src/config.js');
  const { ListenerPortTaken } = await import('../src/rendezvous/rustdesk-server.js');
  const { systemActor } = await import('../src/services/audit.js');
  const { createPasswordHasher } = await import('../src/services/passwords.js');
  const { RENDEZVOUS_KEY_SETTING } = await import('../src/services/rendezvous-key.js');

  const dataDir = mkdtempSync(path.join(tmpdir(), 'deskgate-bench-rv-'));
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const env = {
    DESKGATE_DATA_DIR: dataDir,
    DESKGATE_LOG_LEVEL: 'silent',
    DESKGATE_HOST: '127.0.0.1',
    DESKGATE_RENDEZVOUS: 'on',
    DESKGATE_NAT_PORT: '0',
    DESKGATE_RELAY_PORT: '0',
    DESKGATE_RENDEZVOUS_WS_PORT: '0',
    DESKGATE_RELAY_WS_PORT: '0',
    // The whole fleet registers from 127.0.0.1: as many new keys as it has, at once.
    DESKGATE_REGISTRATION_BURST: '1000000',
    DESKGATE_REGISTRATIONS_PER_DAY: '10000000',
    ...(spec.databaseUrl ? { DATABASE_URL: spec.databaseUrl, DESKGATE_SECRET_KEY: spec.secretKey } : {}),
  };
  // The base port N cannot be 0 (UDP and TCP share it): a free one, again if taken meanwhile.
  const configWith = async () => loadConfig({ ...env, DESKGATE_RENDEZVOUS_PORT: String(await freePort()) });
  // Cheap argon2id for the one viewer account: a default hash would leave its 64 MB in the RSS measured.
  const built = await buildApp(await configWith(), { logger: false, passwords: createPasswordHasher({ memoryCost: 256, timeCost: 1 }) });
  const k = built.db.kysely;
  // A key this run makes on a shared PostgreSQL is sealed with this run's secret: removed at the end.
  const keyWasThere = (await k.selectFrom('settings').select('key').where('key', '=', RENDEZVOUS_KEY_SETTING).executeTakeFirst()) !== undefined;
  await built.app.listen({ port: 0, host: '127.0.0.1' });
  let rustdesk: Awaited<ReturnType<typeof startRendezvousFor>> | undefined;
  for (let attempt = 0; !rustdesk; attempt++) {
    try {
      rustdesk = await startRendezvousFor(attempt === 0 ? built : { ...built, config: await configWith() });
    } catch (error) {
      if (!(error instanceof ListenerPortTaken) || attempt >= 5) throw error;
    }
  }

  // The viewers' person: an administrator signed in to RustDesk (may reach every device).
  const prefix = `bench-rv-${Date.now().toString(36)}-`;
  const viewer = await built.services.users.create(systemActor, { name: `${prefix}viewer`, password: 'bench-password', is_admin: true });
  const token = await built.services.accessTokens.issue(viewer.id, {
    deviceId: idOf(spec.idPrefix, 9_999_999),
    uuid: Buffer.from('bench-rendezvous-viewer').toString('base64'),
    deviceInfo: { os: 'linux', type: 'client', name: `${prefix}viewer` },
    ip: '127.0.0.1',
  });
  const { rendezvous } = rustdesk;
  const started = rustdesk;
  return {
    ready: { type: 'ready', udp: rendezvous.ports.main, tcp: rendezvous.ports.main, publicKey: rustdesk.publicKey, token, engine: built.db.engine },
    registered: () => rendezvous.registry.size(),
    prune: () => rendezvous.signalling.prune(),
    async close() {
      await started.close();
      await built.services.devices.flush();
      if (built.db.engine === 'postgres') {
        const ours = `${spec.idPrefix}_______`;
        await k.deleteFrom('device_audit').where('device_id', 'like', ours).execute();
        await k.deleteFrom('devices').where('id', 'like', ours).execute();
        await k.deleteFrom('users').where('name', 'like', `${prefix}%`).execute();
        await k.deleteFrom('console_audit').where('target_name', 'like', `${prefix}%`).execute();
        if (!keyWasThere) await k.deleteFrom('settings').where('key', '=', RENDEZVOUS_KEY_SETTING).execute();
      }
      await built.close();
    },
  };
}

/**
 * The baselines. UDP: every datagram answered with the same few bytes. TCP: a punch's round trips as
 * deskgate makes them, same frame sizes: the "offer" on connect; the viewer's answer and request
 * (its port bytes name the device's UDP port), then a datagram to the device carrying the
 * viewer's number; the device's connection sends that number back, and the viewer gets the
 * "response" frame.
 */
async function startBare(spec: Extract<RendezvousTargetSpec, { kind: 'bare' }>): Promise<Running> {
  const reply = Buffer.from(spec.reply, 'hex');
  const echo = dgram.createSocket('udp4');
  echo.on('message', (_datagram, from) => echo.send(reply, from.port, from.address));
  await new Promise<void>((resolve) => echo.bind(0, '127.0.0.1', resolve));

  let sizes: PunchSizes = { offer: 1, punchHole: 4, response: 1 };
  const viewers = new Map<number, net.Socket>();
  let nextViewer = 0;
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    socket.write(frame(Buffer.alloc(sizes.offer)));
    const reader = new FrameReader(1 << 16);
    let number: number | undefined;
    socket.on('close', () => number !== undefined && viewers.delete(number));
    socket.on('data', (chunk: Buffer) => {
      reader.push(chunk);
      for (let payload = reader.next(); payload; payload = reader.next()) {
        if (payload[0] === BARE.request) {
          number = nextViewer = (nextViewer + 1) % 0x7fffffff;
          viewers.set(number, socket);
          const datagram = Buffer.alloc(sizes.punchHole);
          datagram.writeUInt32BE(number);
          echo.send(datagram, payload.readUInt16BE(1), '127.0.0.3');
        } else if (payload[0] === BARE.sent) {
          const viewer = viewers.get(payload.readUInt32BE(1));
          viewers.delete(payload.readUInt32BE(1));
          viewer?.write(frame(Buffer.alloc(sizes.response)));
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    ready: { type: 'ready', udp: (echo.address() as net.AddressInfo).port, tcp: (server.address() as net.AddressInfo).port, engine: 'none' },
    registered: () => 0,
    prune: () => undefined,
    sizes: (given) => (sizes = given),
    async close() {
      echo.close();
      server.close();
    },
  };
}

async function main(): Promise<void> {
  const send = (message: RendezvousTargetMessage) => process.send?.(message);
  const spec = JSON.parse(process.argv[2] ?? '{}') as RendezvousTargetSpec;
  let running: Running;
  try {
    running = spec.kind === 'bare' ? await startBare(spec) : await startDeskgate(spec);
  } catch (error) {
    send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  }
  process.on('message', async (message: RendezvousControl) => {
    if (message.type === 'stats') {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (message.settle) {
        running.prune();
        if (gc) for (let i = 0; i < 3; i++) gc();
      }
      const memory = process.memoryUsage();
      send({ type: 'stats', rss: memory.rss, heapUsed: memory.heapUsed, cpu: process.cpuUsage(), registered: running.registered() });
    } else if (message.type === 'sizes') {
      running.sizes?.(message.sizes);
    } else if (message.type === 'stop') {
      await running.close();
      process.exit(0);
    }
  });
  // The bench process gone (a crash, Ctrl-C): stop too, rather than linger with the ports open.
  process.once('disconnect', () => void running.close().finally(() => process.exit(0)));
  send(running.ready);
}

// Imported by bench/rendezvous.ts for its types and helpers: started only as a child.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
}
