/**
 * Relay throughput (issue: "relay throughput of one pair and of 50 pairs against a bare Node
 * socket-to-socket pipe"): deskgate's relay and a bare `a.pipe(b)` server, each in a child
 * process, carry bulk bytes from one end of each pair to the other. They take turns in slices of
 * the same seconds, and the ratio of bytes delivered is the figure (target ≥ 0.8×).
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { frame } from '../src/rendezvous/wire/frame.js';
import { encodeMessage } from '../src/rendezvous/wire/messages.js';

const COMPILED = new URL('../.bench/build/bench/relay-target.js', import.meta.url);
const CHUNK = Buffer.alloc(64 * 1024, 0x5a);

interface Server {
  port: number;
  stats(): Promise<{ rss: number; cpu: NodeJS.CpuUsage }>;
  stop(): void;
}

async function startServer(kind: 'relay' | 'pipe'): Promise<Server> {
  if (!existsSync(COMPILED)) throw new Error('bench/relay-target.ts is not compiled: run `npm run bench`');
  const child = fork(fileURLToPath(COMPILED), [JSON.stringify({ kind })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () => new Promise<{ type: string; port?: number; rss?: number; cpu?: NodeJS.CpuUsage }>((resolve) => child.once('message', resolve as never));
  const ready = await next();
  return {
    port: ready.port!,
    async stats() {
      const reply = next();
      child.send({ type: 'stats' });
      const message = await reply;
      return { rss: message.rss!, cpu: message.cpu! };
    },
    stop: () => child.send({ type: 'stop' }),
  };
}

/** One relayed session: `a` writes bulk bytes while `running`, `b` counts what arrives. */
interface Pair {
  a: net.Socket;
  b: net.Socket;
  received: number;
  running: boolean;
  start(): void;
}

async function connect(port: number, first: Buffer): Promise<net.Socket> {
  const socket = net.connect({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.write(first);
  return socket;
}

async function openPair(port: number): Promise<Pair> {
  const uuid = randomUUID();
  const request = frame(encodeMessage({ request_relay: { uuid, id: 'bench' } }));
  const a = await connect(port, request);
  const b = await connect(port, request);
  const pair: Pair = {
    a,
    b,
    received: 0,
    running: false,
    start() {
      pair.running = true;
      while (pair.running && a.write(CHUNK));
    },
  };
  a.on('drain', () => pair.running && pair.start());
  b.on('data', (chunk: Buffer) => (pair.received += chunk.length));
  return pair;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RelayResult {
  pairs: number;
  relayMBps: number;
  pipeMBps: number;
  ratio: number;
  /** Server CPU per MB carried, and deskgate's as a multiple of the bare pipe's: steadier than MB/s on a busy machine. */
  relayCpuUsPerMB: number;
  pipeCpuUsPerMB: number;
  cpuRatio: number;
  relayRssMB: number;
  met: boolean;
}

/** Bytes a second through each server for `pairs` pairs, in alternate slices. */
async function measure(servers: { relay: Server; pipe: Server }, pairs: number, seconds: number, sliceS: number, warmupS: number) {
  // One pair after another: the bare server joins connections in the order they come.
  const open = async (port: number) => {
    const set: Pair[] = [];
    for (let i = 0; i < pairs; i++) set.push(await openPair(port));
    return set;
  };
  const sets = { relay: await open(servers.relay.port), pipe: await open(servers.pipe.port) };
  const totals = { relay: { bytes: 0, ms: 0, carried: 0, cpuUs: 0 }, pipe: { bytes: 0, ms: 0, carried: 0, cpuUs: 0 } };
  const cpuOf = async (kind: 'relay' | 'pipe') => {
    const { cpu } = await servers[kind].stats();
    return cpu.user + cpu.system;
  };
  const slice = async (kind: 'relay' | 'pipe', ms: number, counted: boolean) => {
    const set = sets[kind];
    const before = set.reduce((n, p) => n + p.received, 0);
    const cpu0 = await cpuOf(kind);
    const t0 = performance.now();
    for (const p of set) p.start();
    await sleep(ms);
    for (const p of set) p.running = false;
    const t1 = performance.now();
    const bytes = set.reduce((n, p) => n + p.received, 0) - before;
    // Let what is in flight drain before the other server's turn.
    await sleep(200);
    if (counted) {
      totals[kind].bytes += bytes;
      totals[kind].ms += t1 - t0;
      // The CPU reading spans the drain too, so it is set against every byte carried.
      totals[kind].carried += set.reduce((n, p) => n + p.received, 0) - before;
      totals[kind].cpuUs += (await cpuOf(kind)) - cpu0;
    }
  };
  await slice('pipe', warmupS * 1000, false);
  await slice('relay', warmupS * 1000, false);
  for (let done = 0; done < seconds; done += sliceS) {
    await slice('pipe', sliceS * 1000, true);
    await slice('relay', sliceS * 1000, true);
  }
  for (const p of [...sets.relay, ...sets.pipe]) {
    p.a.destroy();
    p.b.destroy();
  }
  const mbps = (t: { bytes: number; ms: number }) => t.bytes / 2 ** 20 / (t.ms / 1000);
  const cpuPerMB = (t: { carried: number; cpuUs: number }) => t.cpuUs / (t.carried / 2 ** 20);
  return { relayMBps: mbps(totals.relay), pipeMBps: mbps(totals.pipe), relayCpuUsPerMB: cpuPerMB(totals.relay), pipeCpuUsPerMB: cpuPerMB(totals.pipe) };
}

export async function benchRelay(settings: { durationS: number; sliceS: number; warmupS: number }): Promise<RelayResult[]> {
  const relay = await startServer('relay');
  const pipe = await startServer('pipe');
  const results: RelayResult[] = [];
  try {
    for (const pairs of [1, 50]) {
      const m = await measure({ relay, pipe }, pairs, settings.durationS, settings.sliceS, Math.max(1, settings.warmupS));
      const rss = (await relay.stats()).rss / 2 ** 20;
      const ratio = m.relayMBps / m.pipeMBps;
      results.push({ pairs, ...m, ratio, cpuRatio: m.relayCpuUsPerMB / m.pipeCpuUsPerMB, relayRssMB: rss, met: ratio >= 0.8 });
    }
  } finally {
    relay.stop();
    pipe.stop();
  }
  console.log('\n| Relay | deskgate MB/s | bare pipe MB/s | ratio (target ≥ 0.8×) | server CPU µs/MB, deskgate / bare | × bare (CPU) | relay RSS |\n|---|---|---|---|---|---|---|');
  for (const r of results) {
    console.log(
      `| ${r.pairs} pair${r.pairs > 1 ? 's' : ''} | ${r.relayMBps.toFixed(0)} | ${r.pipeMBps.toFixed(0)} | ${r.ratio.toFixed(2)}× ${r.met ? '' : '(BELOW TARGET)'} | ` +
        `${r.relayCpuUsPerMB.toFixed(0)} / ${r.pipeCpuUsPerMB.toFixed(0)} | ${r.cpuRatio.toFixed(2)}× | ${r.relayRssMB.toFixed(0)} MB |`,
    );
  }
  return results;
}
