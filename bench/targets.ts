/**
 * The servers under load, each in a child process of its own (bench/load.ts forks this file), so
 * that autocannon and the server it measures do not share an event loop and can use a core each:
 *
 *   node --import tsx bench/targets.ts '{"kind":"bare"}'
 *   node --import tsx bench/targets.ts '{"kind":"deskgate","users":200,"tokens":10000}'
 *   node --import tsx bench/targets.ts '{"kind":"idp","clients":[…]}'
 *
 * The child answers on the IPC channel: `ready` once listening (with the token population, and
 * for deskgate an admin API token), `stats` (memory, CPU, event-loop use, store calls) when
 * asked, and exits on `stop`.
 *
 * The `idp` target is test/support/idp.ts (panva's oidc-provider) in a process of its own, so
 * that its work (RS256 signatures, its own HTTP) is never charged to deskgate's CPU.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { writeHeapSnapshot } from 'node:v8';
import Fastify, { type FastifyInstance } from 'fastify';
import { fleetDevice } from './fleet.js';

/** A client registered at the bench identity provider. */
export interface IdpClientSpec {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
}

export type TargetSpec =
  | { kind: 'bare' }
  | { kind: 'deskgate'; users: number; tokens: number; databaseUrl?: string; secretKey?: string }
  | { kind: 'idp'; clients: IdpClientSpec[] };

/**
 * Sent by the bench browser to the identity provider only: the account its automatic sign-in
 * completes as. test/support/idp.ts signs everyone in as one account chosen beforehand
 * (`signInAs`), which concurrent sign-ins as different people cannot share.
 */
export const ACCOUNT_HEADER = 'x-bench-account';

/** One RustDesk client: its access token and the device the token is bound to. */
export interface ClientFixture {
  token: string;
  id: string;
  uuid: string;
  userName: string;
}

export interface TargetStats {
  rss: number;
  heapUsed: number;
  heapTotal: number;
  external: number;
  cpu: NodeJS.CpuUsage;
  elu: EventLoopUtilization;
  /** `store.accessTokens.findWithUser` calls: token checks the cache did not answer. */
  tokenLookups: number;
  /** Tokens passed to `store.accessTokens.touchMany`: last-used writes. */
  tokenTouches: number;
  /** Calls of every store method (`area.method`), since the start: about one query each. */
  storeCalls: Record<string, number>;
}

export type TargetMessage =
  | {
      type: 'ready';
      url: string;
      engine: string;
      setupMs: number;
      clients: ClientFixture[];
      /** deskgate: an API token with the `admin` scope, for the admin API. */
      apiToken?: string;
      /** deskgate: what the names of everything the bench makes begin with (cleaned up afterwards). */
      prefix?: string;
      /** deskgate: a RustDesk client signed in as an administrator. */
      adminClient?: ClientFixture;
      /** deskgate: the guid of the administrator's shared address book of BOOK_PEERS peers. */
      addressBook?: string;
    }
  | { type: 'stats'; stats: TargetStats }
  | { type: 'profiled'; file: string }
  | { type: 'failed'; error: string };

export type ControlMessage =
  | { type: 'stats'; settle?: boolean }
  | { type: 'profile-start' }
  | { type: 'profile-stop'; file: string }
  | { type: 'stop' };

interface Target {
  url: string;
  engine: string;
  clients: ClientFixture[];
  storeCalls: Record<string, number>;
  /** Tokens whose last-used time was written (`touchMany` writes several at once). */
  counters?: { tokenTouches: number };
  apiToken?: string;
  prefix?: string;
  adminClient?: ClientFixture;
  addressBook?: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.1';

/** The baseline: Fastify with its defaults and one route per method, nothing else. */
async function startBare(): Promise<Target> {
  const app = Fastify({ logger: false });
  const reply = { name: 'bare', status: 1, is_admin: false };
  app.get('/bare', async () => reply);
  app.post('/bare', async () => reply);
  bareSignInRoutes(app);
  // A page of /api/peers as deskgate answers it for the bench fleet (spec §9): the same 100
  // objects, sizes and fields, built once; what sending such a page costs any Fastify route.
  const peers = {
    total: 100_000,
    data: Array.from({ length: 100 }, (_, i) => ({
      id: fleetDevice(i).id,
      info: { username: 'bench', os: 'linux / Ubuntu 22.04.4 LTS', device_name: `bench-${Date.now().toString(36)}-host-${i}` },
      status: 1,
      user: '',
      user_name: '',
      device_group_name: '',
      note: '',
    })),
  };
  app.get('/bare/peers', async () => peers);
  // A page of a shared address book's peers as deskgate answers it (spec §8.1), to the client's
  // POST with an empty JSON body, which Fastify's own parser refuses (§12 item 8): this route's
  // parser takes it, in a scope of its own so that the other routes keep the default.
  const bookPage = {
    total: BOOK_PEERS,
    data: Array.from({ length: 100 }, (_, i) => bookPeer(i)),
  };
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
      try {
        done(null, body === '' ? undefined : JSON.parse(body as string));
      } catch (error) {
        done(error as Error, undefined);
      }
    });
    scope.post('/bare/ab/peers', async () => bookPage);
  });
  const url = await app.listen({ port: 0, host: HOST });
  return { url, engine: 'none', clients: [], storeCalls: {}, close: () => app.close() };
}

/** The shared address book every deskgate target holds, which the administrator's client pulls. */
export const BOOK_PEERS = 1_000;
export const BOOK_TAGS = 20;
const bookTag = (i: number) => ({ name: `tag-${i}`, color: 0xff000000 + i * 0x0a0b0c });

/** Peer `i` of the bench's shared address book, as the client receives it (spec §8.1). */
function bookPeer(i: number) {
  return {
    id: String(200_000_000 + i),
    password: i % 3 === 0 ? '' : `secret-${i}`,
    username: `user-${i}`,
    hostname: `book-host-${i}`,
    platform: i % 2 === 0 ? 'Windows' : 'Linux',
    alias: `Peer number ${i}`,
    tags: [bookTag(i % BOOK_TAGS).name, bookTag((i + 7) % BOOK_TAGS).name],
    forceAlwaysRelay: 'false',
    rdpPort: '',
    rdpUsername: '',
    loginName: '',
    device_group_name: '',
    note: `note of peer ${i}`,
    same_server: null,
  };
}

/**
 * The five requests of a client sign-in (bench/sign-in.ts) as a bare Fastify answers them: the
 * same methods, cookies and sizes (answers of 137, 0 + a 346-byte Location, 1975, 944 and 408
 * bytes, as deskgate's), no work behind them. What those requests cost any Fastify server.
 */
function bareSignInRoutes(app: FastifyInstance): void {
  const html = (size: number) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bare</title></head><body>${'x'.repeat(size - 98)}</body></html>`;
  const form = '<form method="post" action="/bare/oidc/confirm"><input type="hidden" name="id" value="1"><input type="hidden" name="token" value="2"><input type="hidden" name="decision" value="confirm"></form>';
  const confirmPage = html(1975 - form.length).replace('</body>', `${form}</body>`);
  const donePage = html(944);
  const token = { access_token: 'a'.repeat(43), type: 'access_token', user: { name: 'bare', display_name: 'Bare', email: 'bare@corp.example', note: '', status: 1, is_admin: false, third_auth_type: 'bare', info: { email_verification: false, email_alarm_notification: false, login_device_whitelist: [], other: {} }, avatar: '', verifier: 'v'.repeat(120) } };
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))));
  app.post('/bare/oidc/auth', async (request) => ({ code: 'c'.repeat(43), url: `http://${request.headers.host}/bare/oidc/start/${randomUUID()}` }));
  app.get('/bare/oidc/start/:id', async (_request, response) =>
    response
      .header('set-cookie', `deskgate_oidc=${'b'.repeat(43)}; Path=/bare/oidc; HttpOnly; Max-Age=600; SameSite=Lax`)
      .redirect(`http://127.0.0.1:9/auth?${'q'.repeat(346 - 27)}`, 302),
  );
  app.get('/bare/oidc/callback', async (_request, response) => response.type('text/html; charset=utf-8').send(confirmPage));
  app.post('/bare/oidc/confirm', async (_request, response) => response.type('text/html; charset=utf-8').send(donePage));
  app.get('/bare/oidc/auth-query', async () => token);
}

/**
 * test/support/idp.ts as it is, plus two things a load needs: the account each sign-in
 * completes as comes from the ACCOUNT_HEADER of the interaction request (people unknown so far
 * are added to its `idpUsers`), and oidc-provider's in-memory store keeps 200,000 entries
 * instead of 1,000, so that under load no interaction or code is dropped half-way.
 */
async function startIdpTarget(spec: Extract<TargetSpec, { kind: 'idp' }>): Promise<Target> {
  const { startIdp, idpUsers } = await import('../test/support/idp.js');
  const { setStorage } = await import('oidc-provider/lib/adapters/memory_adapter.js');
  const { default: LRU } = await import('oidc-provider/lib/helpers/lru.js');
  setStorage(new LRU({ maxSize: 200_000 }));
  const idp = await startIdp(spec.clients);
  const { provider } = idp;
  const finish = provider.interactionFinished.bind(provider);
  provider.interactionFinished = async (req, res, result, options) => {
    const account = req.headers[ACCOUNT_HEADER];
    if (result.login && typeof account === 'string') {
      idpUsers[account] ??= {
        email: `${account}@corp.example`,
        email_verified: true,
        name: `Bench ${account}`,
        preferred_username: account,
      };
      result = { ...result, login: { ...result.login, accountId: account } };
    }
    return finish(req, res, result, options);
  };
  return { url: idp.issuer, engine: 'none', clients: [], storeCalls: {}, close: () => idp.close() };
}

async function inBatches<T>(count: number, size: number, make: (index: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let start = 0; start < count; start += size) {
    const batch = [];
    for (let i = start; i < Math.min(count, start + size); i++) batch.push(make(i));
    out.push(...(await Promise.all(batch)));
  }
  return out;
}

/**
 * How long ago the population was made. Real tokens were issued and last used a while ago, so
 * the first check of each one also writes its last-used time (deskgate writes it at most once a
 * minute per token). Seeded "now", no check would write during the run's first minute, and the
 * share of writes would depend on how long the run had been going.
 */
const SEED_AGE_MS = 10 * 60_000;

/** deskgate as `deskgate serve` builds it (logger off), on a temp SQLite file or on PostgreSQL. */
async function startDeskgate(spec: Extract<TargetSpec, { kind: 'deskgate' }>): Promise<Target> {
  // Loaded here, not at the top: the bare target's memory must not include deskgate's modules.
  const { buildApp } = await import('../src/app.js');
  const { loadConfig } = await import('../src/config.js');
  const { systemActor } = await import('../src/services/audit.js');
  const { createPasswordHasher } = await import('../src/services/passwords.js');

  const dataDir = mkdtempSync(path.join(tmpdir(), 'deskgate-bench-'));
  // On every way out, a failed start included.
  process.on('exit', () => rmSync(dataDir, { recursive: true, force: true }));
  const config = loadConfig({
    DESKGATE_DATA_DIR: dataDir,
    DESKGATE_LOG_LEVEL: 'silent',
    ...(spec.databaseUrl ? { DATABASE_URL: spec.databaseUrl, DESKGATE_SECRET_KEY: spec.secretKey } : {}),
  });
  let clockOffset = -SEED_AGE_MS;
  const clock = { now: () => Date.now() + clockOffset };
  // Cheap argon2id for the 200 users: the benchmark measures token checks, not hashing.
  const passwords = createPasswordHasher({ memoryCost: 256, timeCost: 1 });
  // Every simulated client and browser comes from 127.0.0.1: the per-address limits on starting
  // a sign-in are lifted (their cost, the pending count, is still paid and measured).
  const ssoLimits = { requests: Number.MAX_SAFE_INTEGER, windowMs: 60_000, pendingPerAddress: Number.MAX_SAFE_INTEGER };
  const built = await buildApp(config, { clock, passwords, logger: false, ssoLimits });

  // Count store calls (about one query each), among them what the token cache does not answer
  // and the tokens whose last-used time is written. Services reach the store through this
  // object at call time, so wrapping its methods here observes every call without touching src/.
  const storeCalls: Record<string, number> = {};
  for (const [area, methods] of Object.entries(built.store)) {
    if (area === 'db') continue;
    const table = methods as Record<string, unknown>;
    for (const [name, method] of Object.entries(table)) {
      // `…Query` methods only build a query for another call to run: not a store call.
      if (typeof method !== 'function' || name.endsWith('Query')) continue;
      const key = `${area}.${name}`;
      const call = method as (...args: unknown[]) => unknown;
      storeCalls[key] = 0;
      table[name] = (...args: unknown[]) => {
        storeCalls[key] = (storeCalls[key] ?? 0) + 1;
        return call(...args);
      };
    }
  }
  const counters = { tokenTouches: 0 };
  const tokenStore = built.store.accessTokens;
  const { touchMany } = tokenStore;
  tokenStore.touchMany = (ids, at) => {
    counters.tokenTouches += ids.length;
    return touchMany(ids, at);
  };

  // A unique prefix, so a shared PostgreSQL database can be cleaned up (and reused) afterwards.
  const prefix = `bench-${Date.now().toString(36)}-`;
  const { users: userService, groups, accessTokens, apiTokens } = built.services;
  // Made first: concurrent first creations would race to insert the Default group.
  await groups.defaultGroupId();
  const users = await inBatches(spec.users, 10, (i) =>
    userService.create(systemActor, {
      name: `${prefix}${i}`,
      password: 'bench-password',
      display_name: `Bench User ${i}`,
      email: `user${i}@bench.example`,
    }),
  );
  const clients = await inBatches(spec.tokens, 20, async (i): Promise<ClientFixture> => {
    const user = users[i % users.length];
    if (!user) throw new Error('no users to issue tokens to');
    const { id, uuid } = fleetDevice(i);
    const token = await accessTokens.issue(user.id, {
      deviceId: id,
      uuid,
      deviceInfo: { os: 'linux', type: 'client', name: `bench-host-${i}` },
      ip: '192.0.2.1',
    });
    return { token, id, uuid, userName: user.name };
  });

  clockOffset = 0;
  // For the admin API (the sign-in bench configures its identity provider through it).
  const { token: apiToken } = await apiTokens.create(systemActor, { name: `${prefix}admin`, scopes: ['admin'] });
  // An administrator's RustDesk client, which sees every device (/api/peers).
  const admin = await userService.create(systemActor, { name: `${prefix}admin`, password: 'bench-password', is_admin: true });
  const adminDevice = { id: '99999999', uuid: Buffer.from('bench-admin-machine').toString('base64') };
  const adminToken = await accessTokens.issue(admin.id, { deviceId: adminDevice.id, uuid: adminDevice.uuid, deviceInfo: { os: 'linux', type: 'client', name: 'bench-admin' }, ip: '192.0.2.1' });
  const adminClient: ClientFixture = { token: adminToken, ...adminDevice, userName: admin.name };
  // A shared address book of BOOK_PEERS peers and BOOK_TAGS tags, the administrator's (§8).
  const { addressBooks } = built.services;
  const viewer = { user_id: admin.id, is_admin: true };
  const book = await addressBooks.createShared(systemActor, viewer, { name: `${prefix}book`, password: 'book-default-password' });
  for (let i = 0; i < BOOK_TAGS; i++) await addressBooks.addTag(viewer, book.guid, bookTag(i));
  await inBatches(BOOK_PEERS, 20, async (i) => {
    const { id, forceAlwaysRelay, rdpPort, rdpUsername, loginName, ...fields } = bookPeer(i);
    await addressBooks.addPeer(viewer, book.guid, {
      id,
      fields: { ...fields, force_always_relay: forceAlwaysRelay === 'true', rdp_port: rdpPort, rdp_username: rdpUsername, login_name: loginName },
    });
  });

  const url = await built.app.listen({ port: 0, host: HOST });
  return {
    url,
    engine: built.db.engine,
    clients,
    storeCalls,
    counters,
    apiToken,
    prefix,
    adminClient,
    addressBook: book.guid,
    async close() {
      await built.app.close();
      if (built.db.engine === 'postgres') {
        const k = built.db.kysely;
        // Tokens, group memberships and SSO identities go with their users (ON DELETE CASCADE);
        // the bench's providers (named with the prefix) take their sign-ins with them.
        const providers = k.selectFrom('auth_providers').select('id').where('name', 'like', `${prefix}%`);
        await k.deleteFrom('client_sign_ins').where('provider_id', 'in', providers).execute();
        await k.deleteFrom('sign_in_transactions').where('provider_id', 'in', providers).execute();
        await k.deleteFrom('auth_providers').where('name', 'like', `${prefix}%`).execute();
        await k.deleteFrom('api_tokens').where('name', 'like', `${prefix}%`).execute();
        await k.deleteFrom('users').where('name', 'like', `${prefix}%`).execute();
        await k.deleteFrom('devices').where('hostname', 'like', `${prefix}%`).execute();
        await k.deleteFrom('console_audit').where('target_name', 'like', `${prefix}%`).execute();
      }
      await built.db.close();
    },
  };
}

async function main(): Promise<void> {
  const send = (message: TargetMessage) => process.send?.(message);
  const spec = JSON.parse(process.argv[2] ?? '{"kind":"bare"}') as TargetSpec;
  const started = performance.now();
  let target: Target;
  try {
    target = spec.kind === 'bare' ? await startBare() : spec.kind === 'idp' ? await startIdpTarget(spec) : await startDeskgate(spec);
  } catch (error) {
    send({ type: 'failed', error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    process.exit(1);
  }
  const setupMs = Math.round(performance.now() - started);
  const profiler = new Session();

  process.on('message', async (message: ControlMessage) => {
    if (message.type === 'stats') {
      // Settled: after full collections (bench/load.ts starts servers with --expose-gc), what is
      // still held, without the garbage a busy process carries until its next collection.
      const gc = (globalThis as { gc?: () => void }).gc;
      if (message.settle && gc) for (let i = 0; i < 3; i++) gc();
      const memory = process.memoryUsage();
      // After the figures: writing a snapshot takes a lot of memory itself.
      if (message.settle && process.env.BENCH_HEAP_SNAPSHOT) {
        mkdirSync('.bench', { recursive: true });
        console.log(`  ${target.engine}: heap snapshot ${writeHeapSnapshot(`.bench/${target.engine}.heapsnapshot`)}`);
      }
      send({
        type: 'stats',
        stats: {
          rss: memory.rss,
          heapUsed: memory.heapUsed,
          heapTotal: memory.heapTotal,
          external: memory.external,
          cpu: process.cpuUsage(),
          elu: performance.eventLoopUtilization(),
          tokenLookups: target.storeCalls['accessTokens.findWithUser'] ?? 0,
          tokenTouches: target.counters?.tokenTouches ?? 0,
          storeCalls: { ...target.storeCalls },
        },
      });
    } else if (message.type === 'profile-start') {
      profiler.connect();
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    } else if (message.type === 'profile-stop') {
      const { profile } = await profiler.post('Profiler.stop');
      profiler.disconnect();
      mkdirSync(path.dirname(message.file), { recursive: true });
      writeFileSync(message.file, JSON.stringify(profile));
      send({ type: 'profiled', file: message.file });
    } else if (message.type === 'stop') {
      await target.close();
      process.exit(0);
    }
  });
  // The bench process gone (a crash, Ctrl-C): stop too, rather than linger with the port open.
  process.once('disconnect', () => {
    void target.close().finally(() => process.exit(0));
  });
  send({
    type: 'ready',
    url: target.url,
    engine: target.engine,
    setupMs,
    clients: target.clients,
    ...(target.apiToken ? { apiToken: target.apiToken, prefix: target.prefix, adminClient: target.adminClient, addressBook: target.addressBook } : {}),
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await main();
}
