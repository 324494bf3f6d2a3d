/**
 * `npm run bench`: deskgate's client API against a bare Fastify route, same machine, same run
 * (DESIGN.md "Performance design"). Each server runs in a child process (bench/targets.ts);
 * this process only drives autocannon (bench/load.ts), so load generation and the server each
 * get a core. bench/report.ts prints the table and writes the JSON.
 *
 * Each deskgate route is compared with the bare route of its method. They are measured in
 * interleaved slices (bare, deskgate, bare, deskgate …) so that whatever else the machine is
 * doing weighs on both alike.
 *
 * Then the RustDesk client's single sign-on (bench/sign-in.ts): concurrent sign-in loops
 * through a real OpenID provider in a process of its own, for new and for returning users;
 * deskgate's CPU per sign-in against the issue's 2 ms.
 *
 * Settings (environment):
 *   BENCH_DURATION=10      measured seconds per scenario, in slices of BENCH_SLICE=2 seconds
 *   BENCH_WARMUP=2         seconds of unmeasured load per scenario first (0: none)
 *   BENCH_CONNECTIONS=50   concurrent keep-alive connections
 *   BENCH_PULL_CONNECTIONS=10  connections of the clients pulling lists page after page (/api/peers):
 *                          at 50 the bare route's own p99 is near the 20 ms asked of a page
 *   BENCH_USERS=200        users, and BENCH_TOKENS=10000 client access tokens spread over them
 *   BENCH_FLEET=10000      devices sending heartbeats; BENCH_BIG_FLEET=100000 the grown fleet,
 *                          which the administrator's /api/peers pages through
 *   BENCH_DATABASE_URL     also run deskgate on this PostgreSQL (DESKGATE_SECRET_KEY or a random key)
 *   BENCH_PROFILE=text     afterwards, CPU-profile the server for BENCH_DURATION seconds in each
 *                          scenario whose name contains `text` (.bench/*.cpuprofile, summary printed)
 *   BENCH_SIGN_IN_CONCURRENCY=8  client sign-ins under way at once
 *   BENCH_SIGN_IN_WARMUP=20      seconds of unmeasured sign-ins at each deskgate before the first
 *                                measured one (then BENCH_WARMUP per kind, new and returning users)
 *   BENCH_HEAP_SNAPSHOT=1  at the end, write each server's heap (.bench/<engine>.heapsnapshot, for Chrome's DevTools)
 *   BENCH_ONLY=text        run only the scenarios whose name contains `text` (and their bare routes),
 *                          e.g. BENCH_ONLY=sign-in; BENCH_ONLY=relay: only the relay's throughput (bench/relay.ts);
 *                          BENCH_ONLY=rendezvous: only the ID/rendezvous server (bench/rendezvous.ts)
 *   BENCH_RENDEZVOUS_VIEWERS=20  viewers asking for punches at once in the rendezvous bench
 *
 * The rendezvous bench (bench/rendezvous.ts) runs deskgate as `deskgate serve` with
 * DESKGATE_RENDEZVOUS=on, on each engine in turn, against a bare dgram echo and a bare TCP server:
 * the BENCH_FLEET devices register their keys over UDP, then steady RegisterPeer from them (answers/s,
 * server CPU per answer), the same with BENCH_BIG_FLEET devices, memory per online device (target
 * < 1 KB), and punches over secure TCP (punches/s, p50/p99). BENCH_DURATION, BENCH_SLICE and
 * BENCH_WARMUP apply to each of its comparisons; BENCH_PROFILE=rendezvous writes a CPU profile of
 * each deskgate child's whole life (.bench/rendezvous-<engine>.cpuprofile).
 *
 * Results: tables on stdout and .bench/latest.json. Any non-2xx answer or failed sign-in is a
 * bug: it is printed loudly and the exit code is 1.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  load,
  newTally,
  resultOf,
  heartbeatRequest,
  scenario,
  smokeTest,
  startTarget,
  uploadFleet,
  type RunningTarget,
  type Scenario,
  type Variant,
} from './load.js';
import { fleetDevice } from './fleet.js';
import { benchRelay } from './relay.js';
import { benchRendezvous, rendezvousClean } from './rendezvous.js';
import {
  formatMarkdown,
  formatSignInMarkdown,
  formatSignInTable,
  formatTable,
  isClean,
  summariseProfile,
  writeJson,
  type ScenarioResult,
  type SignInResult,
} from './report.js';
import {
  PENDING,
  SIGN_IN_TARGET_CPU_MS,
  configureSignIn,
  measureSignIns,
  pendingQueryPath,
  profileSignIns,
  signInName,
  smokeTestSignIn,
  type SignInContext,
  type Who,
} from './sign-in.js';
import { BOOK_PEERS, BOOK_TAGS, type ClientFixture, type IdpClientSpec, type TargetStats } from './targets.js';

/** The issue's target: POST /api/currentUser at no less than 0.4× the bare POST route. */
const TARGET_RATIO = 0.4;

/**
 * The targets of the client API's hot paths, as ratios to the bare route of the same method:
 * currentUser 0.4×; heartbeats 0.5×; pages of /api/peers 0.3× with p99 under 20 ms.
 */
function targetOf(r: ScenarioResult): { ratio: number; p99Ms?: number } | undefined {
  if (r.target === 'bare') return undefined;
  if (r.path === '/api/currentUser') return { ratio: TARGET_RATIO };
  if (r.path.startsWith('/api/heartbeat')) return { ratio: 0.5 };
  if (r.path.startsWith('/api/peers')) return { ratio: 0.3, p99Ms: 20 };
  return undefined;
}
const OUT_DIR = fileURLToPath(new URL('../.bench/', import.meta.url));

function numberSetting(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number ≥ ${min}`);
  return value;
}

const settings = {
  durationS: numberSetting('BENCH_DURATION', 10, 1),
  sliceS: numberSetting('BENCH_SLICE', 2, 1),
  warmupS: numberSetting('BENCH_WARMUP', 2, 0),
  connections: numberSetting('BENCH_CONNECTIONS', 50, 1),
  pullConnections: numberSetting('BENCH_PULL_CONNECTIONS', 10, 1),
  users: numberSetting('BENCH_USERS', 200, 1),
  tokens: numberSetting('BENCH_TOKENS', 10_000, 1),
  fleet: numberSetting('BENCH_FLEET', 10_000, 1),
  bigFleet: numberSetting('BENCH_BIG_FLEET', 100_000, 1),
  signInConcurrency: numberSetting('BENCH_SIGN_IN_CONCURRENCY', 8, 1),
  signInWarmupS: numberSetting('BENCH_SIGN_IN_WARMUP', 20, 0),
  rendezvousViewers: numberSetting('BENCH_RENDEZVOUS_VIEWERS', 20, 1),
  databaseUrl: process.env.BENCH_DATABASE_URL || undefined,
  profile: process.env.BENCH_PROFILE || undefined,
  only: process.env.BENCH_ONLY || undefined,
};

const selected = (name: string) => settings.only === undefined || name.includes(settings.only);

/** How many devices of the bench fleet have reported in at each deskgate. */
const reported = new Map<RunningTarget, number>();

/** Devices 0 … n − 1 of the fleet have reported in at `target` (each uploads its sysinfo once). */
async function fleetOf(target: RunningTarget, n: number): Promise<void> {
  const done = reported.get(target) ?? 0;
  if (done >= n) return;
  console.log(`  ${target.name}: devices ${done}…${n - 1} upload their sysinfo …`);
  await uploadFleet(target, done, n);
  reported.set(target, n);
}

/** The heartbeats of devices 0 … n − 1, as their sync loops send them. */
function fleetHeartbeats(n: number): Variant[] {
  return Array.from({ length: n }, (_, i) => heartbeatRequest({ ...fleetDevice(i), token: '', userName: '' }));
}

/** Every page of `GET /api/peers` over `devices` devices, as a signed-in client pulls them (spec §9, §10). */
function peerPages(client: ClientFixture, devices: number): Variant[] {
  const pages = Math.ceil(devices / 100);
  return Array.from({ length: pages }, (_, i) => ({
    path: `/api/peers?current=${i + 1}&pageSize=100&accessible=&status=1`,
    headers: { Authorization: `Bearer ${client.token}` },
  }));
}

/**
 * A signed-in client's pull of a shared address book (spec §8.2), as `AbModel` sends it: the
 * profiles, every page of the book's peers, its tags; each a POST with an empty JSON body.
 */
function bookPull(client: ClientFixture, guid: string): Variant[] {
  const headers = { Authorization: `Bearer ${client.token}`, 'Content-Type': 'application/json' };
  return [
    { path: '/api/ab/shared/profiles?current=1&pageSize=100', headers },
    ...Array.from({ length: Math.ceil(BOOK_PEERS / 100) }, (_, i) => ({ path: `/api/ab/peers?current=${i + 1}&pageSize=100&ab=${guid}`, headers })),
    { path: `/api/ab/tags/${guid}`, headers },
  ];
}

/** Warm-up, then `slices` rounds of every scenario in turn: the bare route first, then deskgate's. */
async function measureGroup(group: Scenario[]): Promise<ScenarioResult[]> {
  if (settings.warmupS > 0) for (const s of group) await load(s, settings.warmupS, s.connections ?? settings.connections);
  const tallies = group.map(() => newTally());
  const slices = Math.max(1, Math.round(settings.durationS / settings.sliceS));
  for (let slice = 0; slice < slices; slice++) {
    for (const [i, s] of group.entries()) await load(s, settings.durationS / slices, s.connections ?? settings.connections, tallies[i]);
  }
  const results: ScenarioResult[] = [];
  for (const [i, s] of group.entries()) {
    const result = resultOf(s, tallies[i] ?? newTally(), results[0]);
    results.push(result);
    printLine(result);
  }
  return results;
}

function printLine(r: ScenarioResult): void {
  const ratio = r.vsBare === undefined ? '' : `, ${r.vsBare.toFixed(2)}× bare (CPU: ${r.cpuVsBare?.toFixed(2)}×)`;
  console.log(
    `  ${r.name}: ${r.rps.toFixed(0)} req/s, p50 ${r.latencyMs.p50.toFixed(2)} ms, p99 ${r.latencyMs.p99.toFixed(2)} ms, ` +
      `${r.server.cpuUsPerRequest.toFixed(0)} µs CPU/req${ratio}`,
  );
  if (!isClean(r)) {
    const bar = '!'.repeat(100);
    console.error(`${bar}\n!!! BUG: ${r.name} should answer 2xx only, got ${JSON.stringify(r.status)}\n${bar}`);
  }
}

function printSignIn(r: SignInResult): void {
  const head = `  ${r.name}: ${r.signIns} sign-ins, ${r.rate.toFixed(1)}/s, p50 ${r.wallMs.p50.toFixed(1)} ms, p99 ${r.wallMs.p99.toFixed(1)} ms; `;
  if (r.users === 'bare') {
    console.log(`${head}server CPU ${r.server.cpuMsPerSignIn.toFixed(2)} ms/sign-in (the five requests alone)`);
  } else {
    const steps = Object.entries(r.stepMsP50)
      .map(([step, ms]) => `${step} ${ms.toFixed(1)}`)
      .join(', ');
    console.log(
      `${head}deskgate CPU ${r.server.cpuMsPerSignIn.toFixed(2)} ms/sign-in (target ≤ ${r.targetCpuMs} ms: ${r.met ? 'PASS' : 'MISS'}), ` +
        `${r.cpuVsBare === undefined ? '' : `${r.cpuVsBare.toFixed(2)}× bare CPU, `}` +
        `${r.server.storeCallsPerSignIn.toFixed(1)} store calls/sign-in; IdP CPU ${r.idpCpuMsPerSignIn.toFixed(2)} ms/sign-in\n` +
        `    median ms per step: ${steps}`,
    );
  }
  if (r.failures > 0 || r.signIns === 0) {
    const bar = '!'.repeat(100);
    console.error(`${bar}\n!!! BUG: ${r.name}: ${r.failures} sign-ins FAILED (${r.signIns} completed)\n${r.errors.map((e) => `!!!   ${e}`).join('\n')}\n${bar}`);
  }
}

const fileFor = (name: string) => `${OUT_DIR}${name.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}.cpuprofile`;

/** A diagnostic pass: the same load with the V8 profiler on in the server, and where its time went. */
async function profile(s: Scenario): Promise<string> {
  const file = fileFor(s.name);
  const tally = newTally();
  await s.target.profile('start');
  await load(s, settings.durationS, s.connections ?? settings.connections, tally);
  await s.target.profile('stop', file);
  const requests = tally.status['2xx'] + tally.status['4xx'] + tally.status['5xx'];
  const summary = summariseProfile(JSON.parse(readFileSync(file, 'utf8')) as Parameters<typeof summariseProfile>[0], requests);
  console.log(`\n  CPU profile of ${s.name} (${requests} requests): ${file}\n${summary.replace(/^/gm, '    ')}`);
  return file;
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

// ── the run ────────────────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const cpus = os.cpus();
  const machine = {
    node: process.version,
    cores: cpus.length,
    cpu: cpus[0]?.model ?? 'unknown',
    memoryGB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverageAtStart: os.loadavg()[0],
  };
  console.log(
    `deskgate bench: ${settings.durationS} s per scenario in ${settings.sliceS} s slices (+${settings.warmupS} s warm-up), ` +
      `${settings.connections} connections (${settings.pullConnections} for pulls of lists); ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, ` +
      `load average ${machine.loadAverageAtStart?.toFixed(2)}`,
  );

  // The relay first, on its own: two small servers, no database (bench/relay.ts).
  const relay = selected('relay') ? await benchRelay(settings) : [];
  // The ID/rendezvous server: deskgate on each engine against bare UDP and TCP servers (bench/rendezvous.ts).
  const secretKey = process.env.DESKGATE_SECRET_KEY || randomBytes(32).toString('base64url');
  const rendezvous = selected('rendezvous') ? await benchRendezvous({ ...settings, viewers: settings.rendezvousViewers, secretKey, profile: settings.profile !== undefined && 'rendezvous'.includes(settings.profile) }) : [];
  const shownSettings = { ...settings, databaseUrl: settings.databaseUrl ? '(set)' : undefined };
  if (settings.only?.startsWith('relay') || settings.only?.startsWith('rendezvous')) {
    writeJson(`${OUT_DIR}latest.json`, { date: new Date().toISOString(), commit: gitCommit(), machine, settings: shownSettings, relay, rendezvous });
    if (!rendezvous.every(rendezvousClean)) process.exitCode = 1;
    return;
  }

  const deskgateSpec = { kind: 'deskgate', users: settings.users, tokens: settings.tokens } as const;
  const targets: RunningTarget[] = [];
  try {
    const bare = await startTarget('bare', { kind: 'bare' });
    targets.push(bare);
    console.log(`  seeding ${settings.users} users and ${settings.tokens} access tokens …`);
    const deskgates = [await startTarget('sqlite', deskgateSpec)];
    if (settings.databaseUrl) {
      deskgates.push(await startTarget('postgres', { ...deskgateSpec, databaseUrl: settings.databaseUrl, secretKey }));
    }
    targets.push(...deskgates);
    for (const d of deskgates) console.log(`  ${d.name}: ready in ${(d.setupMs / 1000).toFixed(1)} s at ${d.url}`);

    // The identity provider in a process of its own, one client per deskgate; each deskgate
    // gets the provider through its admin API.
    const idpClients: IdpClientSpec[] = deskgates.map((d) => ({
      client_id: `deskgate-${d.name}`,
      client_secret: randomBytes(24).toString('base64url'),
      redirect_uris: [`${d.url}/api/oidc/callback`],
    }));
    const idp = await startTarget('idp', { kind: 'idp', clients: idpClients });
    targets.push(idp);
    const signInContexts: SignInContext[] = [];
    for (const [i, d] of deskgates.entries()) signInContexts.push(await configureSignIn(d, idp, idpClients[i] as IdpClientSpec));
    console.log(`  identity provider: ${idp.url}`);

    const checkUser = (body: unknown, client: ClientFixture | undefined) =>
      (body as { name?: unknown }).name === client?.userName ? undefined : `wrong user: ${JSON.stringify(body).slice(0, 200)}`;
    const checkPending = (body: unknown) =>
      (body as { error?: unknown }).error === PENDING ? undefined : `not pending: ${JSON.stringify(body).slice(0, 200)}`;
    const allGroups: Scenario[][] = [
      [
        scenario(bare, 'GET', '/bare'),
        ...deskgates.map((d) => scenario(d, 'GET', '/api/login-options')),
        // What a client waiting for the browser leg does every second (RustDesk polls once a
        // second for up to 3 minutes): a fresh pending sign-in before every slice.
        ...signInContexts.map((ctx) =>
          scenario(ctx.deskgate, 'GET', '/api/oidc/auth-query', {
            display: '/api/oidc/auth-query (pending)',
            check: checkPending,
            prepare: async (s) => {
              s.path = await pendingQueryPath(ctx);
            },
          }),
        ),
      ],
      [
        // The bare POST gets the very bytes currentUser gets (same headers, same bodies).
        scenario(bare, 'POST', '/bare', { clients: deskgates[0]?.clients ?? [] }),
        ...deskgates.flatMap((d) => [
          scenario(d, 'POST', '/api/currentUser', { clients: d.clients, check: checkUser }),
          // One token per user, all of them cached: what a cached check costs on its own.
          scenario(d, 'POST', '/api/currentUser', { clients: d.clients.slice(0, settings.users), check: checkUser }),
        ]),
      ],
      ...[settings.fleet, settings.bigFleet].map((n) => {
        // Every device's sync loop, once per 15 s each (every 3 s in a session): the bare POST
        // gets the very bytes of the heartbeats, which rotate through the whole fleet. The
        // fleet reports in first; the grown fleet after the smaller one has been measured.
        const beats = fleetHeartbeats(n);
        const display = `/api/heartbeat (${n} devices)`;
        return [
          scenario(bare, 'POST', '/bare', { variants: beats, display: `/bare (${n} heartbeats)` }),
          ...deskgates.map((d) =>
            scenario(d, 'POST', '/api/heartbeat', {
              variants: beats,
              display,
              prepare: () => fleetOf(d, n),
              check: (body) => ((body as { modified_at?: unknown }).modified_at === 0 && !('sysinfo' in (body as object)) ? undefined : `unexpected answer: ${JSON.stringify(body).slice(0, 200)}`),
            }),
          ),
        ];
      }),
      [
        // Administrators' clients pulling the device list of the grown fleet, page after page,
        // BENCH_PULL_CONNECTIONS at once; the bare route sends a page of the same peers.
        scenario(bare, 'GET', '/bare/peers', { display: '/bare/peers (a page of 100)', connections: settings.pullConnections }),
        ...deskgates.map((d) =>
          scenario(d, 'GET', '/api/peers', {
            variants: peerPages(d.adminClient as ClientFixture, settings.bigFleet),
            pulls: 2 * settings.pullConnections,
            connections: settings.pullConnections,
            display: `/api/peers (${settings.bigFleet} devices, pages of 100)`,
            prepare: () => fleetOf(d, settings.bigFleet),
            check: (body) => {
              const page = body as { total?: unknown; data?: unknown[] };
              return page.total === settings.bigFleet && page.data?.length === 100 ? undefined : `unexpected page: total ${String(page.total)}, ${page.data?.length} rows`;
            },
          }),
        ),
      ],
      [
        // Administrators' clients pulling a shared address book of 1,000 peers, BENCH_PULL_CONNECTIONS
        // at once; the bare POST answers each request with a page of 100 of the same peers.
        scenario(bare, 'POST', '/bare/ab/peers', {
          display: '/bare/ab/peers (a page of 100)',
          connections: settings.pullConnections,
          variants: [{ headers: { 'Content-Type': 'application/json' } }],
        }),
        ...deskgates.map((d) =>
          scenario(d, 'POST', '/api/ab/peers', {
            variants: bookPull(d.adminClient as ClientFixture, d.addressBook ?? ''),
            pulls: 2 * settings.pullConnections,
            connections: settings.pullConnections,
            display: `/api/ab (a pull of a book of ${BOOK_PEERS}: profiles, ${BOOK_PEERS / 100} pages, tags)`,
            check: (body) => {
              if (Array.isArray(body)) return body.length === BOOK_TAGS ? undefined : `${body.length} tags`;
              const page = body as { total?: unknown; data?: unknown[] };
              return typeof page.total === 'number' && Array.isArray(page.data) ? undefined : `unexpected answer: ${JSON.stringify(body).slice(0, 200)}`;
            },
          }),
        ),
      ],
    ];
    // BENCH_ONLY: the chosen scenarios, each with the bare route of its group.
    const groups = allGroups
      .map(([baseline, ...rest]) => [baseline, ...rest.filter((s) => selected(s.name))])
      .filter((group): group is Scenario[] => group.length > 1 && group[0] !== undefined);
    const signInRuns = signInContexts.flatMap((ctx) => (['new', 'returning'] as Who[]).map((who) => ({ ctx, who })));
    const chosenSignIns = signInRuns.filter(({ ctx, who }) => selected(signInName(ctx, who)));
    if (groups.length === 0 && chosenSignIns.length === 0) throw new Error(`BENCH_ONLY=${settings.only} matches no scenario`);
    const results: ScenarioResult[] = [];
    for (const ctx of new Set(chosenSignIns.map((run) => run.ctx))) await smokeTestSignIn(ctx);
    // Each group is tried just before it is measured: the grown fleet reports in only after
    // the smaller one has been measured.
    for (const group of groups) {
      for (const s of group) await smokeTest(s);
      results.push(...(await measureGroup(group)));
    }

    const signIns: SignInResult[] = [];
    if (chosenSignIns.length > 0) {
      console.log(
        `  client sign-ins: ${settings.signInConcurrency} at once; ${settings.signInWarmupS} s warm-up, then ${settings.warmupS} s per kind, ` +
          `then ${settings.durationS} s per kind in ${settings.sliceS} s slices, taking turns with the same requests on the bare routes`,
      );
    }
    for (const ctx of signInContexts) {
      const whos = chosenSignIns.filter((run) => run.ctx === ctx).map((run) => run.who);
      if (whos.length === 0) continue;
      // The HTTP floor, in the same minutes: the same five requests, same client, look-alike bare routes.
      const { floor, results: measured } = await measureSignIns(ctx, whos, bare, {
        seconds: settings.durationS,
        sliceS: settings.sliceS,
        warmupS: settings.warmupS,
        firstWarmupS: settings.signInWarmupS,
        concurrency: settings.signInConcurrency,
      });
      for (const result of [floor, ...measured]) printSignIn(result);
      signIns.push(floor, ...measured);
    }

    if (results.length > 0) console.log(`\n${formatTable(results)}\n`);
    if (signIns.length > 0) console.log(`${formatSignInTable(signIns)}\n`);
    for (const r of results) {
      if (r.target === 'bare' && r.server.eventLoopUtilization < 0.9) {
        console.log(
          `  note: the bare server was busy only ${(r.server.eventLoopUtilization * 100).toFixed(0)}% of the time in ${r.name}: ` +
            'the load generator or other processes held it back, so trust the CPU ratio more than the req/s ratio',
        );
      }
    }
    // What a cache miss adds: all tokens minus cached ones, per extra lookup.
    for (const d of deskgates) {
      const [all, cached] = results.filter((r) => r.target === d.name && r.path === '/api/currentUser');
      if (!all || !cached) continue;
      const extraLookups = all.server.tokenLookupsPerRequest - cached.server.tokenLookupsPerRequest;
      if (extraLookups < 0.2) continue; // too few misses for a steady estimate
      const perLookup = (all.server.cpuUsPerRequest - cached.server.cpuUsPerRequest) / extraLookups;
      const writes = all.server.tokenTouches / Math.max(1, all.server.tokenLookups);
      console.log(
        `  ${d.name}: a token check that misses the cache costs about ${perLookup.toFixed(0)} µs more server CPU ` +
          `(the lookup, and for ${(writes * 100).toFixed(0)}% of misses the last-used write)`,
      );
    }
    const memory: Record<string, { idle: TargetStats; after: TargetStats; settled: TargetStats }> = {};
    for (const target of targets) {
      const after = await target.stats();
      const settled = await target.stats(true);
      memory[target.name] = { idle: target.idle, after, settled };
      const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(0);
      console.log(
        `  ${target.name} process: RSS ${mb(target.idle.rss)} MB idle → ${mb(after.rss)} MB after the run, ` +
          `heap used ${mb(after.heapUsed)} of ${mb(after.heapTotal)} MB, CPU ${((after.cpu.user + after.cpu.system) / 1e6).toFixed(1)} s; ` +
          `after full collections RSS ${mb(settled.rss)} MB, heap used ${mb(settled.heapUsed)} MB`,
      );
    }

    for (const r of results) {
      const target = targetOf(r);
      if (!target) continue;
      const met = (r.vsBare ?? 0) >= target.ratio && (target.p99Ms === undefined || r.latencyMs.p99 < target.p99Ms);
      const latency = target.p99Ms === undefined ? '' : `, p99 ${r.latencyMs.p99.toFixed(1)} ms (target < ${target.p99Ms} ms)`;
      console.log(
        `  ${met ? 'target met   ' : 'BELOW TARGET '} ${r.name}: ${r.vsBare?.toFixed(2)}× bare req/s, ` +
          `${r.cpuVsBare?.toFixed(2)}× bare CPU (target ${target.ratio}×)${latency}, RSS ${r.server.rssMB.toFixed(0)} MB`,
      );
    }

    for (const r of signIns.filter((r) => r.users !== 'bare')) {
      const top = Object.entries(r.server.storeCalls)
        .filter(([, n]) => n >= 0.01)
        .sort((a, b) => b[1] - a[1])
        .map(([key, n]) => `${key} ${n.toFixed(2)}`)
        .join(', ');
      console.log(`  ${r.met ? 'target met   ' : 'BELOW TARGET '} ${r.name}: ${r.server.cpuMsPerSignIn.toFixed(2)} ms deskgate CPU per sign-in (target ≤ ${SIGN_IN_TARGET_CPU_MS} ms)`);
      console.log(`    store calls per sign-in: ${top}`);
    }

    const profiles: string[] = [];
    if (settings.profile) {
      for (const s of groups.flat()) if (s.name.includes(settings.profile)) profiles.push(await profile(s));
      for (const { ctx, who } of chosenSignIns) {
        const name = signInName(ctx, who);
        if (!name.includes(settings.profile)) continue;
        const file = fileFor(name);
        const { signIns: count, failures, summary } = await profileSignIns(ctx, who, { seconds: settings.durationS, concurrency: settings.signInConcurrency, file });
        const failed = failures > 0 ? `, ${failures} FAILED` : '';
        console.log(`\n  CPU profile of ${name} (${count} sign-ins${failed}): ${file}\n${summary.replace(/^/gm, '    ')}`);
        profiles.push(file);
      }
    }

    const file = `${OUT_DIR}latest.json`;
    writeJson(file, {
      date: new Date().toISOString(),
      commit: gitCommit(),
      machine,
      settings: shownSettings,
      targetRatio: TARGET_RATIO,
      setupMs: Object.fromEntries(deskgates.map((d) => [d.name, d.setupMs])),
      results,
      signInTargetCpuMs: SIGN_IN_TARGET_CPU_MS,
      signIns,
      relay,
      rendezvous,
      memory,
      profiles,
      markdown: formatMarkdown(results),
      signInMarkdown: formatSignInMarkdown(signIns),
    });
    console.log(`  results: ${file}`);

    const failed = [
      ...results.filter((r) => !isClean(r)).map((r) => r.name),
      ...rendezvous.filter((r) => !rendezvousClean(r)).map((r) => `rendezvous (${r.engine})`),
      ...signIns.filter((r) => r.failures > 0 || r.signIns === 0).map((r) => `${r.name} (${r.failures} failed)`),
    ];
    if (failed.length > 0) {
      console.error(`\n!!! ${failed.length} scenario(s) answered non-2xx or failed: ${failed.join('; ')} !!!`);
      process.exitCode = 1;
    }
  } finally {
    for (const target of targets) await target.stop();
  }
}

await main();
