import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface ScenarioResult {
  name: string;
  /** `bare`, `sqlite` or `postgres`. */
  target: string;
  method: string;
  path: string;
  /** Token checks rotate through this many different tokens (0: no token sent). */
  tokens: number;
  durationS: number;
  requests: number;
  rps: number;
  /** From every response's own timing (autocannon's histogram keeps whole milliseconds only). */
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  status: { '2xx': number; '3xx': number; '4xx': number; '5xx': number; errors: number; timeouts: number; codes: Record<string, number> };
  /** Requests/s divided by the bare route's, same method, same run. */
  vsBare: number | undefined;
  /**
   * The bare route's server CPU per request divided by this one's: the throughput ratio a server
   * with a core of its own would reach. Steadier than `vsBare` on a machine that is also busy
   * with other work.
   */
  cpuVsBare: number | undefined;
  server: {
    /** Server CPU time (user + system) per request, microseconds. */
    cpuUsPerRequest: number;
    /** The part of it spent in the kernel (socket reads and writes, mostly). */
    cpuSystemUsPerRequest: number;
    /** Share of wall time the server's event loop was busy: near 1 means the server is the bottleneck. */
    eventLoopUtilization: number;
    tokenLookups: number;
    tokenLookupsPerRequest: number;
    tokenTouches: number;
    rssMB: number;
    heapUsedMB: number;
  };
}

/** The RustDesk client's single sign-on under load (bench/sign-in.ts). */
export interface SignInResult {
  name: string;
  /** `sqlite` or `postgres`. */
  target: string;
  /**
   * New people (auto-registered on their first sign-in) or people who signed in before; `bare`:
   * the same requests against a bare Fastify (no provider, no work behind them).
   */
  users: 'new' | 'returning' | 'bare';
  /** Sign-in loops running at once. */
  concurrency: number;
  durationS: number;
  signIns: number;
  failures: number;
  /** The first few failures, as the bench saw them. */
  errors: string[];
  /** Completed sign-ins per second. */
  rate: number;
  /** One whole sign-in (POST /api/oidc/auth to the token), wall time. */
  wallMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Median wall time of each step: the five deskgate requests and all the provider's hops. */
  stepMsP50: Record<string, number>;
  server: {
    /** deskgate's own CPU time (user + system, its process only) per completed sign-in. */
    cpuMsPerSignIn: number;
    cpuSystemMsPerSignIn: number;
    eventLoopUtilization: number;
    /** Store calls (about one query each) per sign-in, and the same by store method. */
    storeCallsPerSignIn: number;
    storeCalls: Record<string, number>;
    rssMB: number;
    heapUsedMB: number;
  };
  /** The identity provider's CPU per sign-in (its own process: not part of deskgate's figure). */
  idpCpuMsPerSignIn: number;
  /** The bench's own CPU per sign-in (the client and the browser, with fetch). */
  driverCpuMsPerSignIn: number;
  /** The issue's target for deskgate's CPU per sign-in, and whether it was met. */
  targetCpuMs: number;
  met: boolean;
  /** The bare routes' server CPU per sign-in divided by this one's (as × bare (CPU) elsewhere). */
  cpuVsBare?: number | undefined;
}

export function isClean(result: ScenarioResult): boolean {
  const { status } = result;
  return status['3xx'] + status['4xx'] + status['5xx'] + status.errors + status.timeouts === 0;
}

const fixed = (value: number, digits: number) => value.toFixed(digits);

/** A compact fixed-width table of every scenario. */
export function formatTable(results: ScenarioResult[]): string {
  const header = ['scenario', 'target', 'req/s', 'p50 ms', 'p99 ms', '2xx', '4xx', '5xx', 'err', '× bare', 'CPU µs/req', 'CPU × bare', 'ELU', 'db/req', 'writes/req', 'RSS MB'];
  const rows = results.map((r) => [
    `${r.method} ${r.path}${r.tokens ? ` (${r.tokens} tokens)` : ''}`,
    r.target,
    fixed(r.rps, 0),
    fixed(r.latencyMs.p50, 2),
    fixed(r.latencyMs.p99, 2),
    String(r.status['2xx']),
    String(r.status['4xx']),
    String(r.status['5xx']),
    String(r.status.errors + r.status.timeouts),
    r.vsBare === undefined ? '—' : `${fixed(r.vsBare, 2)}×`,
    fixed(r.server.cpuUsPerRequest, 0),
    r.cpuVsBare === undefined ? '—' : `${fixed(r.cpuVsBare, 2)}×`,
    `${fixed(r.server.eventLoopUtilization * 100, 0)}%`,
    r.target === 'bare' ? '—' : fixed(r.server.tokenLookupsPerRequest, 3),
    r.target === 'bare' ? '—' : fixed(r.server.tokenTouches / Math.max(1, r.requests), 3),
    fixed(r.server.rssMB, 0),
  ]);
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

const SIGN_IN_COLUMNS = [
  'scenario', 'target', 'sign-ins', 'failed', 'sign-ins/s', 'p50 ms', 'p99 ms', 'server CPU ms/sign-in',
  '≤ 2 ms?', '× bare (CPU)', 'store calls/sign-in', 'server busy', 'IdP CPU ms/sign-in', 'bench CPU ms/sign-in', 'RSS MB',
];

function signInRow(r: SignInResult): string[] {
  const bare = r.users === 'bare';
  return [
    // The bare floor is measured alongside each engine: its name says which.
    bare ? r.name.replace(/ \[bare\]$/, '') : `sign-in, ${r.users} users`,
    r.target,
    String(r.signIns),
    String(r.failures),
    fixed(r.rate, 1),
    fixed(r.wallMs.p50, 1),
    fixed(r.wallMs.p99, 1),
    fixed(r.server.cpuMsPerSignIn, 2),
    bare ? '—' : r.met ? 'PASS' : 'MISS',
    r.cpuVsBare === undefined ? '—' : `${fixed(r.cpuVsBare, 2)}×`,
    bare ? '—' : fixed(r.server.storeCallsPerSignIn, 1),
    `${fixed(r.server.eventLoopUtilization * 100, 0)}%`,
    bare ? '—' : fixed(r.idpCpuMsPerSignIn, 2),
    fixed(r.driverCpuMsPerSignIn, 2),
    fixed(r.server.rssMB, 0),
  ];
}

/** The client sign-in figures as a fixed-width table. */
export function formatSignInTable(results: SignInResult[]): string {
  const rows = results.map(signInRow);
  const widths = SIGN_IN_COLUMNS.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [line(SIGN_IN_COLUMNS), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** The same as GitHub markdown, for BENCHMARKS.md. */
export function formatSignInMarkdown(results: SignInResult[]): string {
  const lines = [`| ${SIGN_IN_COLUMNS.join(' | ')} |`, `|---|---|${SIGN_IN_COLUMNS.slice(2).map(() => '---:').join('|')}|`];
  for (const r of results) lines.push(`| ${signInRow(r).join(' | ')} |`);
  return lines.join('\n');
}

/** The same table as GitHub markdown, for BENCHMARKS.md. */
export function formatMarkdown(results: ScenarioResult[]): string {
  const lines = [
    '| scenario | target | req/s | p50 ms | p99 ms | 2xx | non-2xx | × bare (req/s) | server CPU µs/req | × bare (CPU) | server busy | token lookups/req | last-used writes/req | RSS MB |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const non2xx = r.status['3xx'] + r.status['4xx'] + r.status['5xx'] + r.status.errors + r.status.timeouts;
    lines.push(
      `| \`${r.method} ${r.path}\`${r.tokens ? ` (${r.tokens} tokens)` : ''} | ${r.target} | ${fixed(r.rps, 0)} | ` +
        `${fixed(r.latencyMs.p50, 2)} | ${fixed(r.latencyMs.p99, 2)} | ${r.status['2xx']} | ${non2xx} | ` +
        `${r.vsBare === undefined ? '—' : `${fixed(r.vsBare, 2)}×`} | ${fixed(r.server.cpuUsPerRequest, 0)} | ` +
        `${r.cpuVsBare === undefined ? '—' : `${fixed(r.cpuVsBare, 2)}×`} | ` +
        `${fixed(r.server.eventLoopUtilization * 100, 0)}% | ${r.target === 'bare' ? '—' : fixed(r.server.tokenLookupsPerRequest, 3)} | ` +
        `${r.target === 'bare' ? '—' : fixed(r.server.tokenTouches / Math.max(1, r.requests), 3)} | ` +
        `${fixed(r.server.rssMB, 0)} |`,
    );
  }
  return lines.join('\n');
}

export function writeJson(file: string, data: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's code lives: deskgate's own file, an npm package, Node itself, or V8. */
function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (pkg) return pkg[1] ?? url;
  if (url.startsWith('node:internal/deps/undici')) return 'node fetch (undici)';
  if (url.startsWith('node:internal/webstreams')) return 'node web streams';
  if (url.startsWith('node:internal/crypto')) return 'node crypto';
  if (/^node:(_http_|net$|internal\/(stream_base_commons|streams\/))/.test(url)) return 'node http, net and streams';
  if (url.startsWith('node:')) return 'node internals';
  const own = /\/((?:src|bench)\/.*)$/.exec(url);
  return own?.[1] ?? url;
}

/**
 * Reads a .cpuprofile and returns a plain-text summary: self time by area (package, node
 * internals, deskgate file) and the functions with the most self and total time, as shares of
 * the busy time and as microseconds per request. Total time follows synchronous calls only:
 * what a function awaits is counted where the awaited work runs.
 */
export function summariseProfile(profile: CpuProfile, requests: number, top = 15, unit = 'req'): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const key = (id: number) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame) return '?';
    // Code that tsx compiled reports line 0; its function names are enough.
    const line = frame.lineNumber > 0 ? `:${frame.lineNumber + 1}` : '';
    const where = frame.url ? `${areaOf(frame.url, frame.functionName)}${line}` : '';
    return `${frame.functionName || '(anonymous)'} ${where}`.trim();
  };

  const selfByArea = new Map<string, number>();
  const selfByFn = new Map<string, number>();
  const totalByFn = new Map<string, number>();
  let busy = 0;
  profile.samples.forEach((id, i) => {
    const micros = profile.timeDeltas[i + 1] ?? profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') return;
    busy += micros;
    let area = areaOf(frame.url, frame.functionName);
    if (area === '(native)') {
      // Native code is counted with the JavaScript that called it: better-sqlite3's `run` and
      // `all` under kysely, `writev` under node's streams, a crypto job under node crypto.
      let caller = parent.get(id);
      while (caller !== undefined && !byId.get(caller)?.callFrame.url) caller = parent.get(caller);
      const callerFrame = caller === undefined ? undefined : byId.get(caller)?.callFrame;
      if (callerFrame) area = `${areaOf(callerFrame.url, callerFrame.functionName)} (native)`;
    }
    selfByArea.set(area, (selfByArea.get(area) ?? 0) + micros);
    selfByFn.set(key(id), (selfByFn.get(key(id)) ?? 0) + micros);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = key(at);
      if (!seen.has(k)) totalByFn.set(k, (totalByFn.get(k) ?? 0) + micros);
      seen.add(k);
    }
  });

  const pct = (micros: number) =>
    `${((micros / busy) * 100).toFixed(1).padStart(5)}% ${(micros / Math.max(1, requests)).toFixed(1).padStart(6)} µs/${unit}`;
  const list = (map: Map<string, number>, n: number, filter: (k: string) => boolean = () => true) =>
    [...map]
      .filter(([k]) => filter(k))
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, micros]) => `  ${pct(micros)}  ${k}`);
  return [
    `busy (non-idle) time: ${(busy / 1000).toFixed(0)} ms, ${(busy / Math.max(1, requests)).toFixed(1)} µs/${unit}`,
    'self time by area:',
    ...list(selfByArea, top),
    'self time by function:',
    ...list(selfByFn, top),
    'total time (self + callees) of deskgate functions:',
    ...list(totalByFn, top, (k) => / src\//.test(k)),
  ].join('\n');
}
