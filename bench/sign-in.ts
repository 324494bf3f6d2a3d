/**
 * The RustDesk client's single sign-on under load: what a client and the browser it opens do,
 * step by step, against deskgate and a real OpenID provider (test/support/idp.ts in a process
 * of its own, bench/targets.ts), with plain fetch:
 *
 *   1. the client   POST /api/oidc/auth {op, id, uuid, deviceInfo}        → {code, url}
 *   2. the browser  GET  url (/api/oidc/start/:id)                         → 302 to the provider, deskgate_oidc cookie
 *   3. the browser  the provider's redirects (sign-in, consent)            → 3xx back to /api/oidc/callback?code&state&iss
 *   4. the browser  GET  /api/oidc/callback                                → the confirmation page (deskgate redeems the code)
 *   5. the browser  POST /api/oidc/confirm (the page's form)               → "RustDesk is now signed in"
 *   6. the client   GET  /api/oidc/auth-query?code&id&uuid                 → AuthBody with the access token
 *
 * Every sign-in is a new device (its own id and uuid) with a new browser (no cookies, so the
 * provider asks for sign-in and consent each time). "New users" are people the provider has
 * never sent before: deskgate registers them on the way. "Returning users" are people who
 * signed in before (linked identities), signing in on another device.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { formOf } from '../test/support/browser.js';
import { authBodyProblems } from '../test/support/rustdesk-shapes.js';
import { percentile, type RunningTarget } from './load.js';
import { summariseProfile, type SignInResult } from './report.js';
import { ACCOUNT_HEADER, type IdpClientSpec, type TargetStats } from './targets.js';

/** The target: deskgate's own CPU time per client sign-in. */
export const SIGN_IN_TARGET_CPU_MS = 2;
/** What auth-query answers while the browser leg is under way (spec §12 item 4). */
export const PENDING = 'No authed oidc is found';

export const STEPS = ['auth', 'start', 'idp', 'callback', 'confirm', 'authQuery'] as const;
export type Step = (typeof STEPS)[number];

/** One deskgate with its provider configured for the bench. */
export interface SignInContext {
  deskgate: RunningTarget;
  idp: RunningTarget;
  /** The provider's name: the `op` clients send. */
  op: string;
  /** People who completed a sign-in (and so have a deskgate account), in order. */
  registered: string[];
  /** Counters for the next new person, and for the next returning one (an index into `registered`). */
  nextNew: number;
  nextReturning: number;
}

let nextDevice = 0;

/** A RustDesk id (nine digits) and uuid (base64 of the machine UID) for a device never seen. */
function newDevice(): { id: string; uuid: string } {
  nextDevice += 1;
  return { id: String(300_000_000 + nextDevice), uuid: Buffer.from(randomUUID()).toString('base64') };
}

class SignInError extends Error {}

function fail(step: Step, status: number, detail: string): never {
  throw new SignInError(`${step}: status ${status}: ${detail.replace(/\s+/g, ' ').slice(0, 300)}`);
}

/**
 * Registers deskgate at the provider's side (done when the provider process started) and the
 * provider at deskgate's: POST /api/admin/oidc/providers with deskgate's admin API token, as an
 * administrator would.
 */
export async function configureSignIn(deskgate: RunningTarget, idp: RunningTarget, client: IdpClientSpec): Promise<SignInContext> {
  if (!deskgate.apiToken) throw new Error(`${deskgate.name} has no API token`);
  const op = `${deskgate.prefix}sso`;
  const response = await fetch(`${deskgate.url}/api/admin/oidc/providers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${deskgate.apiToken}` },
    body: JSON.stringify({
      type: 'oidc',
      name: op,
      display_name: 'Bench IdP',
      issuer: idp.url,
      client_id: client.client_id,
      client_secret: client.client_secret,
      // Through the API a new provider starts disabled unless asked otherwise.
      enabled: true,
    }),
  });
  if (response.status !== 201) throw new Error(`configuring the provider at ${deskgate.name}: ${response.status} ${await response.text()}`);
  return { deskgate, idp, op, registered: [], nextNew: 0, nextReturning: 0 };
}

/** A browser without a screen, as test/support/browser.ts, plus the provider's account header. */
function newBrowser(idpHost: string, account: string) {
  const jars = new Map<string, Map<string, string>>();
  return async function request(url: string, form?: URLSearchParams) {
    const target = new URL(url);
    const jar = jars.get(target.host) ?? new Map<string, string>();
    jars.set(target.host, jar);
    const headers: Record<string, string> = { 'user-agent': 'deskgate-bench-browser' };
    if (jar.size > 0) headers.cookie = [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    if (target.host === idpHost) headers[ACCOUNT_HEADER] = account;
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(target, { method: form ? 'POST' : 'GET', headers, redirect: 'manual', ...(form ? { body: form.toString() } : {}) });
    const set: string[] = [];
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))) jar.delete(name);
      else jar.set(name, value);
      set.push(name);
    }
    const location = response.headers.get('location');
    return { status: response.status, location: location ? new URL(location, target).href : undefined, body: await response.text(), set };
  };
}

/** The wall time of each step: `lap(step)` ends one and starts the next. */
function stopwatch() {
  const times = {} as Record<Step, number>;
  let mark = performance.now();
  const lap = (step: Step) => {
    const now = performance.now();
    times[step] = now - mark;
    mark = now;
  };
  return { times, lap };
}

/** One whole client sign-in as `account` on a new device; the wall time of each step. */
export async function signInOnce(ctx: SignInContext, account: string): Promise<Record<Step, number>> {
  const base = ctx.deskgate.url;
  const callback = `${base}/api/oidc/callback?`;
  const device = newDevice();
  const { times, lap } = stopwatch();

  // 1. The client, exactly as Rust's post_request sends it.
  const started = await fetch(`${base}/api/oidc/auth`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ op: ctx.op, id: device.id, uuid: device.uuid, deviceInfo: { os: 'linux', type: 'client', name: `bench-${device.id}` } }),
  });
  const startedText = await started.text();
  if (started.status !== 200) fail('auth', started.status, startedText);
  const { code, url } = JSON.parse(startedText) as { code?: unknown; url?: unknown };
  if (typeof code !== 'string' || typeof url !== 'string' || !url.startsWith(`${base}/api/oidc/start/`)) fail('auth', 200, startedText);
  lap('auth');

  // 2. The browser the client opened: deskgate sends it on to the provider.
  const browser = newBrowser(new URL(ctx.idp.url).host, account);
  let step = await browser(url);
  if (step.status !== 302 || !step.location?.startsWith(`${ctx.idp.url}/`)) fail('start', step.status, step.location ?? step.body);
  if (!step.set.includes('deskgate_oidc')) fail('start', step.status, 'no deskgate_oidc cookie');
  lap('start');

  // 3. The provider signs the person in, asks for consent, and sends the browser back.
  let next = step.location;
  for (let hops = 0; !next.startsWith(callback); hops++) {
    if (hops >= 10) fail('idp', step.status, `too many redirects, at ${next}`);
    step = await browser(next);
    if (step.status < 300 || step.status >= 400 || !step.location) fail('idp', step.status, step.body);
    next = step.location;
  }
  lap('idp');

  // 4. The callback: deskgate redeems the code at the provider and asks to confirm the device.
  step = await browser(next);
  const form = step.status === 200 ? formOf(step.body) : undefined;
  if (!form || form.fields.get('decision') !== 'confirm' || form.fields.get('id') === null) fail('callback', step.status, step.body);
  lap('callback');

  // 5. Confirm.
  step = await browser(new URL(form.action, base).href, form.fields);
  if (step.status !== 200 || !step.body.includes('RustDesk is now signed in')) fail('confirm', step.status, step.body);
  lap('confirm');

  // 6. The client's next poll collects the token.
  const polled = await fetch(`${base}/api/oidc/auth-query?${new URLSearchParams({ code, id: device.id, uuid: device.uuid })}`);
  const polledText = await polled.text();
  if (polled.status !== 200) fail('authQuery', polled.status, polledText);
  const body = JSON.parse(polledText) as { user?: { name?: unknown } };
  const problems = authBodyProblems(body);
  if (problems.length > 0) fail('authQuery', 200, `${problems.join('; ')}: ${polledText}`);
  if (body.user?.name !== account) fail('authQuery', 200, `signed in as ${String(body.user?.name)}, not ${account}`);
  lap('authQuery');
  return times;
}

/**
 * The same five requests against the bare target's look-alike routes (bench/targets.ts), with the
 * same client and browser: what those requests cost a server that does nothing else.
 */
export async function bareSignInOnce(bare: RunningTarget): Promise<Record<Step, number>> {
  const base = bare.url;
  const { times, lap } = stopwatch();
  const device = newDevice();
  const started = await fetch(`${base}/bare/oidc/auth`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ op: 'bare', id: device.id, uuid: device.uuid, deviceInfo: { os: 'linux', type: 'client', name: `bench-${device.id}` } }),
  });
  const { url, code } = (await started.json()) as { url: string; code: string };
  if (started.status !== 200) fail('auth', started.status, '');
  lap('auth');
  const browser = newBrowser('', '');
  let step = await browser(url);
  if (step.status !== 302) fail('start', step.status, step.body);
  lap('start');
  times.idp = 0;
  step = await browser(`${base}/bare/oidc/callback?${new URLSearchParams({ code: 'c'.repeat(43), state: 's'.repeat(43), iss: 'http://127.0.0.1:9' })}`);
  const form = step.status === 200 ? formOf(step.body) : undefined;
  if (!form) fail('callback', step.status, step.body);
  lap('callback');
  step = await browser(new URL(form.action, base).href, form.fields);
  if (step.status !== 200) fail('confirm', step.status, step.body);
  lap('confirm');
  const polled = await fetch(`${base}/bare/oidc/auth-query?${new URLSearchParams({ code, id: device.id, uuid: device.uuid })}`);
  const body = (await polled.json()) as { access_token?: unknown };
  if (polled.status !== 200 || typeof body.access_token !== 'string') fail('authQuery', polled.status, JSON.stringify(body));
  lap('authQuery');
  return times;
}

/** A pending sign-in to poll: the auth-query path a client calls every second meanwhile. */
export async function pendingQueryPath(ctx: SignInContext): Promise<string> {
  const device = newDevice();
  const response = await fetch(`${ctx.deskgate.url}/api/oidc/auth`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ op: ctx.op, id: device.id, uuid: device.uuid, deviceInfo: { os: 'linux', type: 'client', name: 'bench-pending' } }),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`POST /api/oidc/auth: ${response.status} ${text}`);
  const { code } = JSON.parse(text) as { code: string };
  return `/api/oidc/auth-query?${new URLSearchParams({ code, id: device.id, uuid: device.uuid })}`;
}

export type Who = 'new' | 'returning';

/** One sign-in of a kind at a deskgate, minding who signs in. */
function attemptFor(ctx: SignInContext, who: Who) {
  return async () => {
    const account = personFor(ctx, who);
    const times = await signInOnce(ctx, account);
    if (who === 'new') ctx.registered.push(account);
    return times;
  };
}

/** Who signs in next: someone never seen, or the next of those who signed in before. */
function personFor(ctx: SignInContext, who: Who): string {
  if (who === 'returning' && ctx.registered.length > 0) {
    return ctx.registered[ctx.nextReturning++ % ctx.registered.length] as string;
  }
  return `${ctx.deskgate.prefix}sso-${ctx.nextNew++}`;
}

interface Tally {
  signIns: number;
  failures: number;
  errors: string[];
  wallMs: number[];
  steps: Record<Step, number[]>;
  elapsedMs: number;
  cpuMicros: number;
  cpuSystemMicros: number;
  eluActive: number;
  eluIdle: number;
  storeCalls: Record<string, number>;
  idpCpuMicros: number;
  ownCpuMicros: number;
  last?: TargetStats;
}

function newTally(): Tally {
  return {
    signIns: 0,
    failures: 0,
    errors: [],
    wallMs: [],
    steps: Object.fromEntries(STEPS.map((s) => [s, []])) as unknown as Record<Step, number[]>,
    elapsedMs: 0,
    cpuMicros: 0,
    cpuSystemMicros: 0,
    eluActive: 0,
    eluIdle: 0,
    storeCalls: {},
    idpCpuMicros: 0,
    ownCpuMicros: 0,
  };
}

/**
 * `concurrency` loops of sign-ins, each starting a new one until `seconds` have passed; the
 * sign-ins under way then finish. Adds the sign-ins and the wall time to `tally`.
 */
async function drive(attempt: () => Promise<Record<Step, number>>, seconds: number, concurrency: number, tally: Tally): Promise<void> {
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const loop = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const times = await attempt();
        tally.wallMs.push(performance.now() - t0);
        for (const s of STEPS) tally.steps[s].push(times[s]);
        tally.signIns++;
      } catch (error) {
        tally.failures++;
        if (tally.errors.length < 5) tally.errors.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  tally.elapsedMs += performance.now() - started;
}

/** `drive`, and what it cost the server's process, the provider's and this one, added to `tally`. */
async function measuredDrive(
  servers: { server: RunningTarget; idp?: RunningTarget },
  attempt: () => Promise<Record<Step, number>>,
  seconds: number,
  concurrency: number,
  tally: Tally,
): Promise<void> {
  const zero = { user: 0, system: 0 };
  const [before, idpBefore] = await Promise.all([servers.server.stats(), servers.idp?.stats()]);
  const ownBefore = process.cpuUsage();
  await drive(attempt, seconds, concurrency, tally);
  const own = process.cpuUsage(ownBefore);
  const [after, idpAfter] = await Promise.all([servers.server.stats(), servers.idp?.stats()]);
  tally.cpuMicros += after.cpu.user - before.cpu.user + (after.cpu.system - before.cpu.system);
  tally.cpuSystemMicros += after.cpu.system - before.cpu.system;
  tally.eluActive += after.elu.active - before.elu.active;
  tally.eluIdle += after.elu.idle - before.elu.idle;
  for (const [key, count] of Object.entries(after.storeCalls)) {
    const delta = count - (before.storeCalls[key] ?? 0);
    if (delta > 0) tally.storeCalls[key] = (tally.storeCalls[key] ?? 0) + delta;
  }
  const idpCpu = { after: idpAfter?.cpu ?? zero, before: idpBefore?.cpu ?? zero };
  tally.idpCpuMicros += idpCpu.after.user - idpCpu.before.user + (idpCpu.after.system - idpCpu.before.system);
  tally.ownCpuMicros += own.user + own.system;
  tally.last = after;
}

/** One sign-in by hand before the load: a flow that fails would measure nothing. */
export async function smokeTestSignIn(ctx: SignInContext): Promise<void> {
  const account = personFor(ctx, 'new');
  try {
    await signInOnce(ctx, account);
  } catch (error) {
    throw new Error(`smoke test of the client sign-in at ${ctx.deskgate.name} failed: ${(error as Error).message}`);
  }
  ctx.registered.push(account);
}

export function signInName(ctx: SignInContext, who: Who): string {
  return `sign-in, ${who} users [${ctx.deskgate.name}]`;
}

function resultOf(server: RunningTarget, name: string, who: Who | 'bare', tally: Tally, concurrency: number): SignInResult {
  const n = Math.max(1, tally.signIns);
  const cpuMsPerSignIn = tally.cpuMicros / 1000 / n;
  const sorted = Float64Array.from(tally.wallMs).sort();
  const median = (values: number[]) => percentile(Float64Array.from(values).sort(), 50);
  const storeCalls = Object.fromEntries(Object.entries(tally.storeCalls).map(([key, count]) => [key, count / n]));
  const memory = tally.last ?? server.idle;
  return {
    name,
    target: server.name,
    users: who,
    concurrency,
    durationS: tally.elapsedMs / 1000,
    signIns: tally.signIns,
    failures: tally.failures,
    errors: tally.errors,
    rate: tally.signIns / Math.max(0.001, tally.elapsedMs / 1000),
    wallMs: {
      p50: percentile(sorted, 50),
      p90: percentile(sorted, 90),
      p99: percentile(sorted, 99),
      max: sorted[sorted.length - 1] ?? 0,
      mean: tally.wallMs.reduce((sum, t) => sum + t, 0) / n,
    },
    stepMsP50: Object.fromEntries(STEPS.map((s) => [s, median(tally.steps[s])])),
    server: {
      cpuMsPerSignIn,
      cpuSystemMsPerSignIn: tally.cpuSystemMicros / 1000 / n,
      eventLoopUtilization: tally.eluActive / Math.max(1, tally.eluActive + tally.eluIdle),
      storeCallsPerSignIn: Object.values(tally.storeCalls).reduce((sum, c) => sum + c, 0) / n,
      storeCalls,
      rssMB: memory.rss / 2 ** 20,
      heapUsedMB: memory.heapUsed / 2 ** 20,
    },
    idpCpuMsPerSignIn: tally.idpCpuMicros / 1000 / n,
    driverCpuMsPerSignIn: tally.ownCpuMicros / 1000 / n,
    targetCpuMs: SIGN_IN_TARGET_CPU_MS,
    met: tally.failures === 0 && tally.signIns > 0 && cpuMsPerSignIn <= SIGN_IN_TARGET_CPU_MS,
  };
}

/**
 * Measures sign-ins of each kind in `whos` at one deskgate, and the same five requests against
 * the bare routes. First `firstWarmupS` of new-user sign-ins (the three processes run
 * tsx-compiled code that takes some 20 s of this load to settle, and the people registered then
 * are the returning users later), then per kind `warmupS`, then `seconds` of measurement in
 * slices of `sliceS` that take turns (bare, new, returning, bare, new …), so that whatever else
 * the machine does weighs on all alike: the machine's speed swings by a factor of two within
 * minutes, and only figures from the same minutes compare. CPU comes from deskgate's, the bare
 * server's and the provider's own processes (process.cpuUsage() there), so none is charged for
 * another.
 */
export async function measureSignIns(
  ctx: SignInContext,
  whos: Who[],
  bare: RunningTarget,
  options: { seconds: number; sliceS: number; warmupS: number; firstWarmupS: number; concurrency: number },
): Promise<{ floor: SignInResult; results: SignInResult[] }> {
  const { concurrency } = options;
  const bareAttempt = () => bareSignInOnce(bare);
  if (options.firstWarmupS > 0) await drive(attemptFor(ctx, 'new'), options.firstWarmupS, concurrency, newTally());
  await drive(bareAttempt, Math.max(options.warmupS, 5), concurrency, newTally());
  if (options.warmupS > 0) for (const who of whos) await drive(attemptFor(ctx, who), options.warmupS, concurrency, newTally());
  const tallies = whos.map(() => newTally());
  const bareTally = newTally();
  const slices = Math.max(1, Math.round(options.seconds / options.sliceS));
  const servers = { server: ctx.deskgate, idp: ctx.idp };
  for (let slice = 0; slice < slices; slice++) {
    await measuredDrive({ server: bare }, bareAttempt, options.seconds / slices, concurrency, bareTally);
    for (const [i, who] of whos.entries()) {
      await measuredDrive(servers, attemptFor(ctx, who), options.seconds / slices, concurrency, tallies[i] ?? newTally());
    }
  }
  const floor = resultOf(bare, `sign-in, bare routes (with ${ctx.deskgate.name}) [bare]`, 'bare', bareTally, concurrency);
  const results = whos.map((who, i) => {
    const result = resultOf(ctx.deskgate, signInName(ctx, who), who, tallies[i] ?? newTally(), concurrency);
    result.cpuVsBare = floor.server.cpuMsPerSignIn / Math.max(0.001, result.server.cpuMsPerSignIn);
    return result;
  });
  return { floor, results };
}

/** The same load with the V8 profiler on in deskgate's process, and where its time went. */
export async function profileSignIns(
  ctx: SignInContext,
  who: Who,
  options: { seconds: number; concurrency: number; file: string },
): Promise<{ signIns: number; failures: number; summary: string }> {
  const tally = newTally();
  await ctx.deskgate.profile('start');
  await drive(attemptFor(ctx, who), options.seconds, options.concurrency, tally);
  await ctx.deskgate.profile('stop', options.file);
  const profile = JSON.parse(readFileSync(options.file, 'utf8')) as Parameters<typeof summariseProfile>[0];
  return { signIns: tally.signIns, failures: tally.failures, summary: summariseProfile(profile, tally.signIns, 20, 'sign-in') };
}
