/**
 * The relay benchmark's servers, each in a child process of its own (bench/relay.ts forks this
 * file, compiled): `{"kind":"relay"}` is deskgate's relay as `deskgate serve` runs it;
 * `{"kind":"pipe"}` the bare baseline, consecutive connections joined by `a.pipe(b)`.
 * It answers `ready` with its port once listening, `stats` with its memory and CPU, and exits on `stop`.
 */
import net from 'node:net';
import { startRelay } from '../src/rendezvous/relay/relay-server.js';

const spec = JSON.parse(process.argv[2] ?? '{}') as { kind: 'relay' | 'pipe' };

async function listenPipe(): Promise<number> {
  let pending: net.Socket | undefined;
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    if (!pending) {
      pending = socket;
      return;
    }
    const a = pending;
    pending = undefined;
    a.pipe(socket);
    socket.pipe(a);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as net.AddressInfo).port;
}

const port =
  spec.kind === 'pipe'
    ? await listenPipe()
    : (await startRelay({ host: '127.0.0.1', port: 0, idleTimeoutMs: 600_000, log: { info: () => undefined, warn: () => undefined } })).port;

process.on('message', (message: { type: string }) => {
  if (message.type === 'stats') process.send?.({ type: 'stats', rss: process.memoryUsage().rss, cpu: process.cpuUsage() });
  if (message.type === 'stop') process.exit(0);
});
process.send?.({ type: 'ready', port });
