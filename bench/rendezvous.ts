/**
 * The ID/rendezvous server (issue: "registrations/s from a fleet of 10,000 simulated UDP devices
 * against a bare dgram echo server; punch requests/s over secure TCP; memory per online device
 * (target < 1 KB); 100,000 registered devices on one 2-core machine"). deskgate runs as `deskgate
 * serve` with DESKGATE_RENDEZVOUS=on, the baselines in another process (bench/rendezvous-target.ts),
 * and this process is the clients (bench/rendezvous-clients.ts). For each engine:
 *
 * 1. The fleet registers its keys (RegisterPk, then RegisterPeer), 64 devices at a time: 10,000,
 *    later 90,000 more. How long it took.
 * 2. Every device sends RegisterPeer once, so all are online; memory per online device (RSS and
 *    heap used after full collections, less what the server held before the fleet came).
 * 3. Steady RegisterPeer load rotating through the fleet, 4 sockets of 32 datagrams outstanding,
 *    taking turns in slices with the same datagrams at the bare dgram echo: answers/s and server
 *    CPU per answer. Steps 2–3 again with 100,000 devices.
 * 4. Punches: viewers (VIEWERS at once) each connect over TCP, answer the server's KeyExchange,
 *    send an encrypted PunchHoleRequest for one of 10 online devices with an administrator's
 *    token; the device answers the PunchHole with PunchHoleSent over a TCP connection of its
 *    own; done when the viewer has its PunchHoleResponse. In turns with a bare TCP server making
 *    the same round trips with frames of the same sizes, no crypto and no logic. Each punch
 *    writes a connection audit record.
 */
import { fork } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { punchDevices, punchLoad, registerFleet, registerPeers, REGISTER_PEER_OK, sweep, UdpLoad, type PunchServer, type SeenSizes } from './rendezvous-clients.js';
import type { RendezvousControl, RendezvousTargetMessage, RendezvousTargetSpec } from './rendezvous-target.js';

const COMPILED = new URL('../.bench/build/bench/rendezvous-target.js', import.meta.url);
/** The issue's target for memory per online device. */
const TARGET_BYTES_PER_DEVICE = 1024;
const PUNCH_DEVICES = 10;

type Stats = Extract<RendezvousTargetMessage, { type: 'stats' }>;
type Ready = Extract<RendezvousTargetMessage, { type: 'ready' }>;

interface Server {
  name: string;
  ready: Ready;
  stats(settle?: boolean): Promise<Stats>;
  send(message: RendezvousControl): void;
  stop(): Promise<void>;
}

/** `profile`: the child writes a CPU profile of its whole life into .bench/ when it exits. */
async function startServer(name: string, spec: RendezvousTargetSpec, profile = false): Promise<Server> {
  if (!existsSync(COMPILED)) throw new Error('bench/rendezvous-target.ts is not compiled: run `npm run bench`');
  const execArgv = ['--expose-gc', ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${fileURLToPath(new URL('../.bench/', import.meta.url))}`, `--cpu-prof-name=rendezvous-${name}.cpuprofile`] : [])];
  const child = fork(fileURLToPath(COMPILED), [JSON.stringify(spec)], { execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let stopping = false;
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`\n!!! rendezvous target ${name} exited unexpectedly (code ${code}, signal ${signal}) !!!`);
    process.exit(1);
  });
  const next = () => new Promise<RendezvousTargetMessage>((resolve) => child.once('message', resolve as never));
  const ready = await next();
  if (ready.type !== 'ready') {
    stopping = true;
    throw new Error(`rendezvous target ${name} failed to start:\n${ready.type === 'failed' ? ready.error : ready.type}`);
  }
  return {
    name,
    ready,
    async stats(settle = false) {
      const reply = next();
      child.send({ type: 'stats', settle } satisfies RendezvousControl);
      return (await reply) as Stats;
    },
    send: (message) => child.send(message),
    async stop() {
      stopping = true;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ type: 'stop' } satisfies RendezvousControl);
      await exited;
    },
  };
}

const cpuUs = (a: Stats, b: Stats) => b.cpu.user + b.cpu.system - (a.cpu.user + a.cpu.system);

/** One side of a comparison, summed over its slices. */
interface Side {
  count: number;
  ms: number;
  cpuUs: number;
  /** This process's: the clients'. */
  clientCpuUs: number;
}
const side = (): Side => ({ count: 0, ms: 0, cpuUs: 0, clientCpuUs: 0 });
const perS = (s: Side) => s.count / (s.ms / 1000);
const cpuPer = (s: Side) => s.cpuUs / Math.max(1, s.count);

/** Warm-up, then slices of `run` taking turns, bare first; the server's CPU read around each. */
async function alternate<T extends { count: number; ms: number }>(
  servers: { deskgate: Server; bare: Server },
  settings: Pick<RendezvousSettings, 'durationS' | 'sliceS' | 'warmupS'>,
  run: (kind: 'deskgate' | 'bare', ms: number) => Promise<T>,
): Promise<{ deskgate: Side; bare: Side; slices: { deskgate: T[]; bare: T[] } }> {
  const totals = { deskgate: side(), bare: side() };
  const slices = { deskgate: [] as T[], bare: [] as T[] };
  const warmupMs = Math.max(1, settings.warmupS) * 1000;
  for (const kind of ['bare', 'deskgate'] as const) await run(kind, warmupMs);
  for (let done = 0; done < settings.durationS; done += settings.sliceS) {
    for (const kind of ['bare', 'deskgate'] as const) {
      const before = await servers[kind].stats();
      const clientBefore = process.cpuUsage();
      const result = await run(kind, settings.sliceS * 1000);
      const client = process.cpuUsage(clientBefore);
      const after = await servers[kind].stats();
      totals[kind].clientCpuUs += client.user + client.system;
      totals[kind].count += result.count;
      totals[kind].ms += result.ms;
      totals[kind].cpuUs += cpuUs(before, after);
      slices[kind].push(result);
    }
  }
  return { ...totals, slices };
}

export interface RendezvousSettings {
  durationS: number;
  sliceS: number;
  warmupS: number;
  fleet: number;
  bigFleet: number;
  viewers: number;
  /** CPU-profile the deskgate children (BENCH_PROFILE=rendezvous). */
  profile?: boolean | undefined;
  databaseUrl?: string | undefined;
  secretKey?: string | undefined;
}

export interface RendezvousResult {
  engine: string;
  registrations: { from: number; to: number; seconds: number; perS: number; failures: number }[];
  /** Memory per online device, bytes; `met` against TARGET_BYTES_PER_DEVICE. */
  memory: { devices: number; online: number; inMemory: number; rssPerDevice: number; heapPerDevice: number; met: boolean }[];
  registerPeer: { online: number; deskgatePerS: number; barePerS: number; ratio: number; deskgateCpuUs: number; bareCpuUs: number; wrong: number }[];
  punch: {
    viewers: number;
    deskgatePerS: number;
    barePerS: number;
    ratio: number;
    deskgateMs: { p50: number; p99: number };
    bareMs: { p50: number; p99: number };
    deskgateCpuUs: number;
    bareCpuUs: number;
    /** The clients' CPU per punch (this process): if near the time per punch, the clients set the pace. */
    clientCpuUs: { deskgate: number; bare: number };
    failures: string[];
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function benchEngine(name: string, bare: Server, settings: RendezvousSettings): Promise<RendezvousResult> {
  // Ids of this run only (10 digits), so a shared PostgreSQL database can be cleaned up afterwards.
  const idPrefix = String(randomInt(100, 1000));
  const deskgate = await startServer(name, { kind: 'deskgate', idPrefix, databaseUrl: name === 'postgres' ? settings.databaseUrl : undefined, secretKey: settings.secretKey }, settings.profile);
  const udp = deskgate.ready.udp;
  const result: RendezvousResult = { engine: name, registrations: [], memory: [], registerPeer: [], punch: undefined as never };
  try {
    const before = await deskgate.stats(true);
    let registered = 0;
    for (const n of [settings.fleet, settings.bigFleet]) {
      console.log(`  rendezvous ${name}: devices ${registered}…${n - 1} register their keys …`);
      const { ms, failures } = await registerFleet(udp, idPrefix, registered, n);
      for (const failure of failures.slice(0, 5)) console.error(`  !!! ${failure}`);
      result.registrations.push({ from: registered, to: n, seconds: ms / 1000, perS: (n - registered) / (ms / 1000), failures: failures.length });
      registered = n;

      const notOnline = await sweep(udp, idPrefix, n);
      const held = await deskgate.stats(true);
      const rssPerDevice = (held.rss - before.rss) / n;
      const heapPerDevice = (held.heapUsed - before.heapUsed) / n;
      result.memory.push({ devices: n, online: n - notOnline, inMemory: held.registered, rssPerDevice, heapPerDevice, met: Math.max(rssPerDevice, heapPerDevice) < TARGET_BYTES_PER_DEVICE });

      const datagrams = registerPeers(idPrefix, n);
      const loads = { deskgate: await UdpLoad.open(udp, datagrams), bare: await UdpLoad.open(bare.ready.udp, datagrams) };
      let wrong = 0;
      const m = await alternate({ deskgate, bare }, settings, async (kind, ms) => {
        const r = await loads[kind].run(ms, REGISTER_PEER_OK);
        if (kind === 'deskgate') wrong += r.wrong;
        return { count: r.answers, ms: r.ms };
      });
      loads.deskgate.close();
      loads.bare.close();
      result.registerPeer.push({ online: n, deskgatePerS: perS(m.deskgate), barePerS: perS(m.bare), ratio: perS(m.deskgate) / perS(m.bare), deskgateCpuUs: cpuPer(m.deskgate), bareCpuUs: cpuPer(m.bare), wrong });
    }
    result.punch = await benchPunches(deskgate, bare, idPrefix, settings);
  } finally {
    await deskgate.stop();
  }
  return result;
}

async function benchPunches(deskgate: Server, bare: Server, idPrefix: string, settings: RendezvousSettings): Promise<RendezvousResult['punch']> {
  const servers: Record<'deskgate' | 'bare', PunchServer> = {
    deskgate: { kind: 'deskgate', tcp: deskgate.ready.tcp, udp: deskgate.ready.udp, publicKey: deskgate.ready.publicKey, token: deskgate.ready.token },
    bare: { kind: 'bare', tcp: bare.ready.tcp, udp: bare.ready.udp },
  };
  const sizes: SeenSizes = { offer: 0, punchHole: 0, response: 0, answer: 0, request: 0, sent: 0 };
  const devices = { deskgate: await punchDevices(servers.deskgate, idPrefix, PUNCH_DEVICES, sizes), bare: await punchDevices(servers.bare, idPrefix, PUNCH_DEVICES, sizes) };
  try {
    // One punch first: it must succeed, and it gives the sizes the bare server and clients copy.
    const first = await punchLoad(servers.deskgate, devices.deskgate.slice(0, 1), sizes, 1, 1);
    if (first.failures.length > 0) throw new Error(`a punch at deskgate failed: ${first.failures[0]}`);
    bare.send({ type: 'sizes', sizes: { offer: sizes.offer, punchHole: sizes.punchHole, response: sizes.response } });
    console.log(
      `  rendezvous ${deskgate.name}: punches, ${settings.viewers} viewers at once (payload bytes: offer ${sizes.offer}, answer ${sizes.answer}, ` +
        `request ${sizes.request}, PunchHole ${sizes.punchHole}, PunchHoleSent ${sizes.sent}, response ${sizes.response}) …`,
    );
    const failures: string[] = [];
    const m = await alternate({ deskgate, bare }, settings, async (kind, ms) => {
      const r = await punchLoad(servers[kind], devices[kind], sizes, settings.viewers, ms);
      failures.push(...r.failures.map((f) => `${kind}: ${f}`));
      return { count: r.punches, ms: r.ms, latencies: r.latencies };
    });
    const latency = (slices: { latencies: number[] }[]) => {
      const all = slices.flatMap((s) => s.latencies);
      return { p50: percentile(all, 50), p99: percentile(all, 99) };
    };
    return {
      viewers: settings.viewers,
      deskgatePerS: perS(m.deskgate),
      barePerS: perS(m.bare),
      ratio: perS(m.deskgate) / perS(m.bare),
      deskgateMs: latency(m.slices.deskgate),
      bareMs: latency(m.slices.bare),
      deskgateCpuUs: cpuPer(m.deskgate),
      bareCpuUs: cpuPer(m.bare),
      clientCpuUs: { deskgate: m.deskgate.clientCpuUs / Math.max(1, m.deskgate.count), bare: m.bare.clientCpuUs / Math.max(1, m.bare.count) },
      failures,
    };
  } finally {
    for (const device of [...devices.deskgate, ...devices.bare]) device.close();
  }
}

const n0 = (x: number) => Math.round(x).toLocaleString('en-US');

export function formatRendezvous(results: RendezvousResult[]): string {
  const lines = [
    '| Rendezvous | deskgate | bare baseline | ratio | server CPU per answer, deskgate / bare |',
    '|---|---|---|---|---|',
  ];
  for (const r of results) {
    for (const s of r.registerPeer) {
      lines.push(
        `| ${r.engine}: RegisterPeer, ${n0(s.online)} devices online | ${n0(s.deskgatePerS)}/s | ${n0(s.barePerS)}/s (dgram echo) | ${s.ratio.toFixed(2)}× | ` +
          `${s.deskgateCpuUs.toFixed(1)} µs / ${s.bareCpuUs.toFixed(1)} µs (${(s.deskgateCpuUs / s.bareCpuUs).toFixed(1)}×) |`,
      );
    }
    const p = r.punch;
    lines.push(
      `| ${r.engine}: punch over secure TCP, ${p.viewers} viewers | ${n0(p.deskgatePerS)}/s, p50 ${p.deskgateMs.p50.toFixed(1)} ms, p99 ${p.deskgateMs.p99.toFixed(1)} ms | ` +
        `${n0(p.barePerS)}/s, p50 ${p.bareMs.p50.toFixed(1)} ms, p99 ${p.bareMs.p99.toFixed(1)} ms (bare TCP) | ${p.ratio.toFixed(2)}× | ` +
        `${n0(p.deskgateCpuUs)} µs / ${n0(p.bareCpuUs)} µs (${(p.deskgateCpuUs / p.bareCpuUs).toFixed(1)}×) |`,
    );
  }
  lines.push('', '| Fleet | registering keys (RegisterPk + RegisterPeer, 64 at once) | in memory | per online device: RSS / heap used (target < 1 KB) |', '|---|---|---|---|');
  for (const r of results) {
    r.registrations.forEach((g, i) => {
      const mem = r.memory[i];
      const failed = g.failures > 0 ? `, ${g.failures} FAILED` : '';
      lines.push(
        `| ${r.engine}: ${n0(g.to)} devices | ${g.from > 0 ? `+${n0(g.to - g.from)}` : n0(g.to)} in ${g.seconds.toFixed(1)} s (${n0(g.perS)}/s${failed}) | ` +
          `${mem ? `${n0(mem.inMemory)}, ${n0(mem.online)} online` : ''} | ${mem ? `${n0(mem.rssPerDevice)} B / ${n0(mem.heapPerDevice)} B ${mem.met ? '' : '(ABOVE TARGET)'}` : ''} |`,
      );
    });
  }
  return lines.join('\n');
}

/** Whether every answer was the one a client expects. */
export function rendezvousClean(r: RendezvousResult): boolean {
  return r.punch.failures.length === 0 && r.registerPeer.every((s) => s.wrong === 0) && r.registrations.every((g) => g.failures === 0) && r.memory.every((m) => m.online === m.devices);
}

export async function benchRendezvous(settings: RendezvousSettings): Promise<RendezvousResult[]> {
  const bare = await startServer('bare', { kind: 'bare', reply: REGISTER_PEER_OK.toString('hex') });
  const results: RendezvousResult[] = [];
  try {
    for (const engine of ['sqlite', ...(settings.databaseUrl ? ['postgres'] : [])]) results.push(await benchEngine(engine, bare, settings));
  } finally {
    await bare.stop();
  }
  console.log(`\n${formatRendezvous(results)}\n`);
  for (const r of results) {
    for (const f of r.punch.failures.slice(0, 5)) console.error(`  !!! ${r.engine} punch failed: ${f}`);
    for (const s of r.registerPeer.filter((s) => s.wrong > 0)) console.error(`  !!! ${r.engine}: ${s.wrong} RegisterPeer answers were not "known, online" with ${s.online} devices`);
    for (const m of r.memory.filter((m) => m.online !== m.devices)) console.error(`  !!! ${r.engine}: ${m.devices - m.online} of ${m.devices} devices were asked for their key again`);
  }
  return results;
}
