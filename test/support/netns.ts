/**
 * A device behind a real NAT, for the rendezvous tests: two network namespaces made with
 * iproute2 and nftables (needs root; `.ci/run` installs both). The device's namespace reaches
 * this one only through a router namespace that masquerades, as a home router does: the server
 * sees the router's outside address, and the router lets in only what answers a mapping the
 * device opened (Linux conntrack filters by the remote address and port).
 *
 *   device ns 10.P.1.2 ── 10.P.1.1 router ns 10.P.2.2 ── 10.P.2.1 (+ `serverAddresses`) this ns
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface NatNetwork {
  /** Addresses in this namespace on the link to the router, one per server to bind. */
  serverAddresses: string[];
  /** This namespace's own address on that link (e.g. for viewers). */
  localAddress: string;
  /** The router's outside address: what servers see of the device. */
  outsideAddress: string;
  /** Runs `node --import tsx <script> …args` inside the device's namespace. */
  run(script: string, args: string[]): ChildProcess;
  remove(): void;
}

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
const inNs = (ns: string, ...args: string[]) => execFileSync('ip', ['netns', 'exec', ns, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });

/** A 10.P.0.0/16 that no interface here uses yet. */
function freeSubnet(): number {
  const used = execFileSync('ip', ['-o', '-4', 'addr'], { encoding: 'utf8' });
  for (let p = 100 + (process.pid % 100), tries = 0; tries < 150; p = p >= 249 ? 100 : p + 1, tries++) {
    if (!used.includes(` 10.${p}.`)) return p;
  }
  throw new Error('no free 10.P.0.0/16 for the test network');
}

export function createNatNetwork(servers: number): NatNetwork {
  const tag = `dg${process.pid}`;
  const dev = `${tag}-dev`;
  const router = `${tag}-nat`;
  const p = freeSubnet();
  const net = (n: number, host: number) => `10.${p}.${n}.${host}`;
  const serverAddresses = Array.from({ length: servers }, (_, i) => net(2, 11 + i));
  const remove = () => {
    for (const ns of [dev, router]) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // not made, or already gone
      }
    }
  };
  try {
    ip('netns', 'add', dev);
    ip('netns', 'add', router);
    // device ⇄ router
    ip('link', 'add', `${tag}a`, 'type', 'veth', 'peer', 'name', `${tag}b`);
    ip('link', 'set', `${tag}a`, 'netns', dev);
    ip('link', 'set', `${tag}b`, 'netns', router);
    // router ⇄ this namespace (the veth's end here goes when the router's namespace does)
    ip('link', 'add', `${tag}c`, 'type', 'veth', 'peer', 'name', `${tag}d`);
    ip('link', 'set', `${tag}c`, 'netns', router);
    for (const ns of [dev, router]) inNs(ns, 'ip', 'link', 'set', 'lo', 'up');
    inNs(dev, 'ip', 'addr', 'add', `${net(1, 2)}/24`, 'dev', `${tag}a`);
    inNs(dev, 'ip', 'link', 'set', `${tag}a`, 'up');
    inNs(dev, 'ip', 'route', 'add', 'default', 'via', net(1, 1));
    inNs(router, 'ip', 'addr', 'add', `${net(1, 1)}/24`, 'dev', `${tag}b`);
    inNs(router, 'ip', 'addr', 'add', `${net(2, 2)}/24`, 'dev', `${tag}c`);
    inNs(router, 'ip', 'link', 'set', `${tag}b`, 'up');
    inNs(router, 'ip', 'link', 'set', `${tag}c`, 'up');
    inNs(router, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
    inNs(router, 'nft', `add table ip nat; add chain ip nat post { type nat hook postrouting priority 100; }; add rule ip nat post oifname "${tag}c" masquerade`);
    for (const address of [net(2, 1), ...serverAddresses]) ip('addr', 'add', `${address}/24`, 'dev', `${tag}d`);
    ip('link', 'set', `${tag}d`, 'up');
  } catch (error) {
    remove();
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new Error(`could not make the test network (needs root, iproute2 and nftables): ${stderr || String(error)}`);
  }
  return {
    serverAddresses,
    localAddress: net(2, 1),
    outsideAddress: net(2, 2),
    run: (script, args) => spawn('ip', ['netns', 'exec', dev, process.execPath, '--import', 'tsx', script, ...args], { stdio: ['pipe', 'pipe', 'inherit'] }),
    remove,
  };
}

/** The JSON lines a child prints, one at a time, with a deadline each. */
export function jsonLines(child: ChildProcess) {
  const queue: Record<string, unknown>[] = [];
  const waiters: ((line: Record<string, unknown>) => void)[] = [];
  createInterface({ input: child.stdout! }).on('line', (text) => {
    const line = JSON.parse(text) as Record<string, unknown>;
    const waiter = waiters.shift();
    if (waiter) waiter(line);
    else queue.push(line);
  });
  return {
    next(timeoutMs = 10_000): Promise<Record<string, unknown>> {
      const line = queue.shift();
      if (line) return Promise.resolve(line);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`the device said nothing within ${timeoutMs} ms`)), timeoutMs);
        waiters.push((value) => {
          clearTimeout(timer);
          resolve(value);
        });
      });
    },
  };
}
