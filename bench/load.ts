/**
 * The parent's side of a benchmark: forks the servers (bench/targets.ts) and talks to them,
 * drives autocannon against a scenario, and adds up what each slice of load cost the server.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { ScenarioResult } from './report.js';
import { fleetDevice } from './fleet.js';
import type { ClientFixture, ControlMessage, TargetMessage, TargetSpec, TargetStats } from './targets.js';

// ── the servers ────────────────────────────────────────────────────────────────────────────

export interface RunningTarget {
  name: string;
  url: string;
  setupMs: number;
  clients: ClientFixture[];
  /** deskgate: an admin API token, and the prefix of every name the bench makes. */
  apiToken: string | undefined;
  prefix: string;
  /** deskgate: a RustDesk client signed in as an administrator. */
  adminClient: ClientFixture | undefined;
  /** deskgate: the guid of the administrator's shared address book. */
  addressBook: string | undefined;
  idle: TargetStats;
  /** `settle`: after full garbage collections, what the process still holds. */
  stats(settle?: boolean): Promise<TargetStats>;
  profile(command: 'start' | 'stop', file?: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * bench/targets.ts and what it imports, compiled to JavaScript by `npm run bench`
 * (tsconfig.bench.json). A server runs as `npm start` runs it, as plain JavaScript: under tsx,
 * its loader thread alone adds some 45 MB to the process's memory, which deskgate does not have.
 */
const COMPILED_TARGETS = new URL('../.bench/build/bench/targets.js', import.meta.url);

/** Forks the compiled bench/targets.ts and waits until its server listens. */
export async function startTarget(name: string, spec: TargetSpec): Promise<RunningTarget> {
  if (!existsSync(COMPILED_TARGETS)) throw new Error('bench/targets.ts is not compiled: run `npm run bench`, or `npx tsc -p tsconfig.bench.json` first');
  const child = fork(fileURLToPath(COMPILED_TARGETS), [JSON.stringify(spec)], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let stopping = false;
  const waiters = new Map<string, (message: TargetMessage) => void>();
  const next = (type: TargetMessage['type']) => new Promise<TargetMessage>((resolve) => waiters.set(type, resolve));
  child.on('message', (message: TargetMessage) => {
    const waiter = waiters.get(message.type) ?? (message.type === 'failed' ? waiters.get('ready') : undefined);
    waiters.delete(message.type);
    waiter?.(message);
  });
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`\n!!! target ${name} exited unexpectedly (code ${code}, signal ${signal}) !!!`);
    process.exit(1);
  });
  const send = (message: ControlMessage) => child.send(message);
  const stats = async (settle = false) => {
    const reply = next('stats');
    send({ type: 'stats', settle });
    const message = await reply;
    if (message.type !== 'stats') throw new Error('expected stats');
    return message.stats;
  };

  const ready = await next('ready');
  if (ready.type === 'failed') {
    stopping = true;
    throw new Error(`target ${name} failed to start:\n${ready.error}`);
  }
  if (ready.type !== 'ready') throw new Error(`target ${name}: unexpected ${ready.type}`);
  return {
    name,
    url: ready.url,
    setupMs: ready.setupMs,
    clients: ready.clients,
    apiToken: ready.apiToken,
    prefix: ready.prefix ?? 'bench-',
    adminClient: ready.adminClient,
    addressBook: ready.addressBook,
    idle: await stats(),
    stats,
    async profile(command, file) {
      if (command === 'start') return void send({ type: 'profile-start' });
      const reply = next('profiled');
      send({ type: 'profile-stop', file: file ?? '' });
      await reply;
    },
    async stop() {
      stopping = true;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      send({ type: 'stop' });
      await exited;
    },
  };
}

// ── the load ───────────────────────────────────────────────────────────────────────────────

export interface Scenario {
  name: string;
  target: RunningTarget;
  method: 'GET' | 'POST';
  path: string;
  /** Rotate `Authorization` and body through these clients, one per request. */
  clients?: ClientFixture[];
  /** Where the rotation stands, kept across slices. */
  cursor: number;
  /** Checks one answer before the load (the status is checked for every scenario). */
  check?: (body: unknown, client: ClientFixture | undefined) => string | undefined;
  /** The path as tables show it, when `path` carries a query that changes. */
  display?: string;
  /** Runs before every load and smoke test, outside what is measured (may change `path`). */
  prepare?: (s: Scenario) => Promise<void>;
  /** What each client sends, when not `clientRequest` (POST /api/currentUser's request). */
  requestOf?: (client: ClientFixture) => Variant;
  /** Requests to rotate through instead of one per client (e.g. the pages of a list). */
  variants?: Variant[];
  /**
   * The variants are the pages of one list, which this many clients pull at once from page 1,
   * each page after page: request `i` is client `i mod pulls`'s next page. With more pulls than
   * connections, a client asks for its next page once its previous one has been answered.
   */
  pulls?: number;
  /** Concurrent connections, when not the run's BENCH_CONNECTIONS. */
  connections?: number;
}

/** One request of a rotation: its headers and body, and its path when not the scenario's. */
export interface Variant {
  path?: string;
  headers: Record<string, string>;
  body?: string;
}

export function scenario(target: RunningTarget, method: 'GET' | 'POST', path: string, extra: Partial<Scenario> = {}): Scenario {
  const tokens = extra.clients ? ` (${extra.clients.length} tokens)` : '';
  return { name: `${method} ${extra.display ?? path}${tokens} [${target.name}]`, target, method, path, cursor: 0, ...extra };
}

/** Exactly what a RustDesk device's sync loop sends every 15 s (spec §5.2): no credentials, JSON. */
export function heartbeatRequest(client: ClientFixture) {
  return {
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ id: client.id, uuid: client.uuid, ver: 1004090, modified_at: 0 }),
  };
}

/** Exactly what RustDesk's Rust `post_request` sends for POST /api/currentUser (spec §2.2). */
export function clientRequest(client: ClientFixture) {
  return {
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${client.token}` },
    body: JSON.stringify({ id: client.id, uuid: client.uuid }),
  };
}

/** The rotation of a scenario: its variants, or one request per client. */
function variantsOf(s: Scenario): Variant[] | undefined {
  return s.variants ?? s.clients?.map(s.requestOf ?? clientRequest);
}

function rotation(method: string, path: string, variants: Variant[], next: () => number): autocannon.Request[] {
  return [
    {
      method,
      path,
      // Fresh objects each time: autocannon builds the bytes from what comes back and adds
      // Content-Length to the headers object it gets.
      setupRequest: (request) => {
        const variant = variants[next() % variants.length] as Variant;
        return { ...request, path: variant.path ?? path, headers: { ...variant.headers }, ...(variant.body === undefined ? {} : { body: variant.body }) };
      },
    },
  ];
}

function requestsOf(s: Scenario): autocannon.Request[] {
  const { method, path } = s;
  // Built once: the load generator shares the machine, so it should do as little as it can.
  const variants = variantsOf(s);
  if (!variants) return [{ method, path }];
  const { pulls } = s;
  if (!pulls) return rotation(method, path, variants, () => s.cursor++);
  return rotation(method, path, variants, () => Math.floor(s.cursor++ / pulls));
}

/**
 * Devices `from` … `to − 1` of the bench fleet report in as RustDesk 1.4.9 does when it first
 * meets a server: one `POST /api/sysinfo` each (spec §5.3), 50 at a time. Each must answer
 * `SYSINFO_UPDATED`; the first upload creates the device.
 */
export async function uploadFleet(target: RunningTarget, from: number, to: number): Promise<void> {
  if (to <= from) return;
  const variants: Variant[] = [];
  for (let i = from; i < to; i++) {
    const { id, uuid } = fleetDevice(i);
    variants.push({
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        cpu: 'Intel(R) Core(TM) i5-8250U CPU, 1.60GHz, 8/4 cores', memory: '7.70GB', os: 'linux / Ubuntu 22.04.4 LTS',
        hostname: `${target.prefix}host-${i}`, username: 'bench', version: '1.4.9', id, uuid,
      }),
    });
  }
  let cursor = 0;
  const result = await autocannon({
    url: target.url,
    connections: 50,
    amount: variants.length,
    requests: rotation('POST', '/api/sysinfo', variants, () => cursor++),
  });
  if (result['2xx'] !== variants.length || result.errors > 0) {
    throw new Error(`fleet upload to ${target.name}: ${result['2xx']} of ${variants.length} answered 2xx, ${result.errors} errors`);
  }
}

/** One request by hand before the load: a scenario that answers 4xx would measure nothing. */
export async function smokeTest(s: Scenario): Promise<void> {
  await s.prepare?.(s);
  const client = s.clients?.[0];
  const variant = variantsOf(s)?.[0];
  const init = variant ? { method: s.method, headers: variant.headers, ...(variant.body === undefined ? {} : { body: variant.body }) } : { method: s.method };
  const response = await fetch(new URL(variant?.path ?? s.path, s.target.url), init);
  const text = await response.text();
  let problem = response.ok ? undefined : `status ${response.status}: ${text.slice(0, 200)}`;
  if (!problem && s.check) problem = s.check(JSON.parse(text), client);
  if (problem) throw new Error(`smoke test of ${s.name} failed: ${problem}`);
}

/** What the slices of one scenario add up to. */
export interface Tally {
  durationS: number;
  times: number[];
  status: ScenarioResult['status'];
  cpuMicros: number;
  cpuSystemMicros: number;
  eluActive: number;
  eluIdle: number;
  tokenLookups: number;
  tokenTouches: number;
  last?: TargetStats;
}

export function newTally(): Tally {
  const status = { '2xx': 0, '3xx': 0, '4xx': 0, '5xx': 0, errors: 0, timeouts: 0, codes: {} };
  return { durationS: 0, times: [], status, cpuMicros: 0, cpuSystemMicros: 0, eluActive: 0, eluIdle: 0, tokenLookups: 0, tokenTouches: 0 };
}

/** Loads one scenario for `seconds`; with a tally, adds the answers and the server's costs to it. */
export async function load(s: Scenario, seconds: number, connections: number, tally?: Tally): Promise<void> {
  await s.prepare?.(s);
  const before = tally ? await s.target.stats() : undefined;
  const instance = autocannon({
    url: s.target.url,
    connections,
    duration: seconds,
    requests: requestsOf(s),
  });
  if (tally) instance.on('response', (_c: unknown, _s: number, _b: number, ms: number) => tally.times.push(ms));
  const result = await instance;
  if (!tally || !before) return;

  const after = await s.target.stats();
  tally.durationS += result.duration;
  for (const key of ['2xx', '3xx', '4xx', '5xx'] as const) tally.status[key] += result[key];
  tally.status['3xx'] += result['1xx']; // nothing here should answer 1xx either
  tally.status.errors += result.errors;
  tally.status.timeouts += result.timeouts;
  for (const [code, { count }] of Object.entries(result.statusCodeStats)) {
    tally.status.codes[code] = (tally.status.codes[code] ?? 0) + count;
  }
  tally.cpuMicros += after.cpu.user - before.cpu.user + (after.cpu.system - before.cpu.system);
  tally.cpuSystemMicros += after.cpu.system - before.cpu.system;
  tally.eluActive += after.elu.active - before.elu.active;
  tally.eluIdle += after.elu.idle - before.elu.idle;
  tally.tokenLookups += after.tokenLookups - before.tokenLookups;
  tally.tokenTouches += after.tokenTouches - before.tokenTouches;
  tally.last = after;
}

export function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export function resultOf(s: Scenario, tally: Tally, baseline: ScenarioResult | undefined): ScenarioResult {
  const { status } = tally;
  const requests = status['2xx'] + status['3xx'] + status['4xx'] + status['5xx'];
  const sorted = Float64Array.from(tally.times).sort();
  const cpuUsPerRequest = tally.cpuMicros / Math.max(1, requests);
  const rps = requests / Math.max(0.001, tally.durationS);
  const memory = tally.last ?? s.target.idle;
  return {
    name: s.name,
    target: s.target.name,
    method: s.method,
    path: s.display ?? s.path,
    tokens: s.clients?.length ?? 0,
    durationS: tally.durationS,
    requests,
    rps,
    latencyMs: {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1] ?? 0,
      mean: tally.times.reduce((sum, t) => sum + t, 0) / Math.max(1, tally.times.length),
    },
    status,
    vsBare: baseline ? rps / baseline.rps : undefined,
    cpuVsBare: baseline ? baseline.server.cpuUsPerRequest / cpuUsPerRequest : undefined,
    server: {
      cpuUsPerRequest,
      cpuSystemUsPerRequest: tally.cpuSystemMicros / Math.max(1, requests),
      eventLoopUtilization: tally.eluActive / Math.max(1, tally.eluActive + tally.eluIdle),
      tokenLookups: tally.tokenLookups,
      tokenLookupsPerRequest: tally.tokenLookups / Math.max(1, requests),
      tokenTouches: tally.tokenTouches,
      rssMB: memory.rss / 2 ** 20,
      heapUsedMB: memory.heapUsed / 2 ** 20,
    },
  };
}
