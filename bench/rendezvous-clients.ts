/**
 * The simulated RustDesk clients of the rendezvous benchmark (bench/rendezvous.ts), written from
 * spec/rustdesk-rendezvous.md: devices registering over UDP (§4.1), viewers asking for a punch
 * over secure TCP (§4.3, §4.5), and devices answering the server's PunchHole as the client does.
 * The same code drives the bare baselines, with the same datagrams and frame sizes.
 *
 * The viewer's half of secure TCP runs in Node's crypto (OpenSSL) like the server's, not in
 * tweetnacl as the tests' client does: tweetnacl's signature check alone takes some 8 ms, and
 * the load generator would measure itself.
 */
import { createPublicKey, diffieHellman, generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto';
import dgram from 'node:dgram';
import net from 'node:net';
import nacl from 'tweetnacl';
import { boxKeyOf, FrameCipher } from '../src/rendezvous/secure-channel.js';
import { frame, FrameReader } from '../src/rendezvous/wire/frame.js';
import { decodeMessage, encodeMessage, NatType, RegisterResult, type MessageKind, type RendezvousMessage } from '../src/rendezvous/wire/messages.js';
import { BARE, idOf, type PunchSizes } from './rendezvous-target.js';

const HOST = '127.0.0.1';
/**
 * Punch devices register from an address of their own: a viewer at the device's address would
 * get the LAN-address exchange instead (§4.3 step 6). TCP connections are not bound to one: a
 * bind to an address with any port searches the ports still in TIME_WAIT, and the load
 * generator would measure that search.
 */
const DEVICE_IP = '127.0.0.3';
const VERSION = '1.4.9';

/** What deskgate answers a known device's RegisterPeer; the bare echo answers the same number of bytes. */
export const REGISTER_PEER_OK = Buffer.from(encodeMessage({ register_peer_response: { request_pk: false } }));

const uuidOf = (prefix: string, i: number) => Buffer.from(`bench-rv-${idOf(prefix, i)}`);

async function udpSocket(port: number, address = HOST): Promise<dgram.Socket> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, address, resolve));
  // Connected: no address to resolve per datagram, and only the server's answers come in.
  await new Promise<void>((resolve) => socket.connect(port, HOST, resolve));
  return socket;
}

// ── registration ───────────────────────────────────────────────────────────────────────────

type Of<K extends MessageKind> = Extract<RendezvousMessage, { kind: K }>['body'];

/** One device's request at a time on a socket: its answer (of `kind`), the request resent after a silent second. */
function ask<K extends MessageKind>(socket: dgram.Socket, request: Uint8Array, kind: K): Promise<Of<K>> {
  return new Promise((resolve, reject) => {
    let tries = 0;
    const timer = setInterval(() => {
      if (++tries > 5) {
        finish();
        reject(new Error(`no ${kind} after ${tries} tries`));
      } else socket.send(request);
    }, 1000);
    const onMessage = (data: Buffer) => {
      const message = decodeMessage(data);
      if (message?.kind !== kind) return; // a late answer to an earlier, resent request
      finish();
      (resolve as (body: unknown) => void)(message.body);
    };
    const finish = () => {
      clearInterval(timer);
      socket.off('message', onMessage);
    };
    socket.on('message', onMessage);
    socket.send(request);
  });
}

/**
 * Devices `from` … `to − 1` each register as a new client does: RegisterPk with its uuid and a
 * fresh key, then RegisterPeer, which must find it online. `lanes` devices at a time.
 */
export async function registerFleet(port: number, prefix: string, from: number, to: number, lanes = 64): Promise<{ ms: number; failures: string[] }> {
  const sockets = await Promise.all(Array.from({ length: lanes }, () => udpSocket(port)));
  const failures: string[] = [];
  let next = from;
  const t0 = performance.now();
  await Promise.all(
    sockets.map(async (socket) => {
      while (next < to) {
        const id = idOf(prefix, next++);
        const pk = await ask(socket, encodeMessage({ register_pk: { id, uuid: uuidOf(prefix, Number(id.slice(3))), pk: randomBytes(32) } }), 'register_pk_response');
        if (pk.result !== RegisterResult.OK) failures.push(`${id}: RegisterPk result ${pk.result}`);
        const peer = await ask(socket, encodeMessage({ register_peer: { id } }), 'register_peer_response');
        if (peer.request_pk) failures.push(`${id}: asked for its key again`);
      }
    }),
  );
  const ms = performance.now() - t0;
  for (const socket of sockets) socket.close();
  return { ms, failures };
}

/** Every device of `ids` sends RegisterPeer once (the fleet comes online); the answers that are not "known, online". */
export async function sweep(port: number, prefix: string, n: number, lanes = 64): Promise<number> {
  const sockets = await Promise.all(Array.from({ length: lanes }, () => udpSocket(port)));
  let next = 0;
  let wrong = 0;
  await Promise.all(
    sockets.map(async (socket) => {
      while (next < n) if ((await ask(socket, encodeMessage({ register_peer: { id: idOf(prefix, next++) } }), 'register_peer_response')).request_pk) wrong++;
    }),
  );
  for (const socket of sockets) socket.close();
  return wrong;
}

// ── steady RegisterPeer load ───────────────────────────────────────────────────────────────

/** RegisterPeer of devices 0 … n − 1, encoded once: what each online device sends every ~12 s. */
export function registerPeers(prefix: string, n: number): Buffer[] {
  return Array.from({ length: n }, (_, i) => Buffer.from(encodeMessage({ register_peer: { id: idOf(prefix, i) } })));
}

/**
 * A few sockets, each keeping `window` datagrams outstanding, rotating through `datagrams`; a
 * socket that hears nothing for 100 ms refills its window (datagrams may be dropped).
 */
export class UdpLoad {
  private cursor = 0;
  private constructor(
    private readonly sockets: dgram.Socket[],
    private readonly datagrams: Buffer[],
    private readonly window: number,
  ) {}

  static async open(port: number, datagrams: Buffer[], sockets = 4, window = 32): Promise<UdpLoad> {
    return new UdpLoad(await Promise.all(Array.from({ length: sockets }, () => udpSocket(port))), datagrams, window);
  }

  /** Answers counted for `ms`: those equal to `expected`, and the others. */
  async run(ms: number, expected: Buffer): Promise<{ answers: number; wrong: number; ms: number }> {
    let answers = 0;
    let wrong = 0;
    let running = true;
    const lanes = this.sockets.map((socket) => ({ socket, outstanding: 0, heard: 0 }));
    const sendOne = (lane: (typeof lanes)[number]) => {
      lane.outstanding++;
      lane.socket.send(this.datagrams[this.cursor]!);
      this.cursor = (this.cursor + 1) % this.datagrams.length;
    };
    const fill = (lane: (typeof lanes)[number]) => {
      while (running && lane.outstanding < this.window) sendOne(lane);
    };
    const listeners = lanes.map((lane) => {
      const listener = (data: Buffer) => {
        if (!running) return;
        lane.outstanding = Math.max(0, lane.outstanding - 1);
        lane.heard++;
        if (data.equals(expected)) answers++;
        else wrong++;
        sendOne(lane);
      };
      lane.socket.on('message', listener);
      return listener;
    });
    const refill = setInterval(() => {
      for (const lane of lanes) {
        if (lane.heard === 0) lane.outstanding = 0;
        lane.heard = 0;
        fill(lane);
      }
    }, 100);
    const t0 = performance.now();
    for (const lane of lanes) fill(lane);
    await new Promise((resolve) => setTimeout(resolve, ms));
    running = false;
    const elapsed = performance.now() - t0;
    clearInterval(refill);
    // What is still in flight lands before the other server's turn.
    await new Promise((resolve) => setTimeout(resolve, 100));
    lanes.forEach((lane, i) => lane.socket.off('message', listeners[i]!));
    return { answers, wrong, ms: elapsed };
  }

  close(): void {
    for (const socket of this.sockets) socket.close();
  }
}

// ── punches over secure TCP ────────────────────────────────────────────────────────────────

export interface PunchServer {
  kind: 'deskgate' | 'bare';
  tcp: number;
  udp: number;
  /** deskgate: its public key (the client's Key) and the viewer's access token. */
  publicKey?: string | undefined;
  token?: string | undefined;
}

/** The frames of deskgate's punch, in bytes of payload, as last seen: the bare server's and bare clients' are made as long. */
export interface SeenSizes extends PunchSizes {
  answer: number;
  request: number;
  sent: number;
}

/** A device that answers the server's PunchHole as the RustDesk client does (§4.3 step 3). */
interface PunchDevice {
  id: string;
  port: number;
  close(): void;
}

/**
 * `count` devices on DEVICE_IP. At deskgate each registers and keeps registering every 10 s;
 * on PunchHole it opens a TCP connection to the server, sends PunchHoleSent and closes at once.
 */
export async function punchDevices(server: PunchServer, prefix: string, count: number, sizes: SeenSizes): Promise<PunchDevice[]> {
  const devices: PunchDevice[] = [];
  for (let k = 0; k < count; k++) {
    const i = 9_000_000 + k;
    const id = idOf(prefix, i);
    const socket = await udpSocket(server.udp, DEVICE_IP);
    const answer = (payload: Uint8Array) => {
      const tcp = net.connect({ host: HOST, port: server.tcp });
      tcp.on('error', () => undefined);
      tcp.resume();
      tcp.end(frame(payload));
    };
    let keepAlive: NodeJS.Timeout | undefined;
    if (server.kind === 'deskgate') {
      const registered = await ask(socket, encodeMessage({ register_pk: { id, uuid: uuidOf(prefix, i), pk: randomBytes(32) } }), 'register_pk_response');
      if (registered.result !== RegisterResult.OK) throw new Error(`punch device ${id}: RegisterPk result ${registered.result}`);
      const peer = encodeMessage({ register_peer: { id } });
      socket.send(peer);
      keepAlive = setInterval(() => socket.send(peer), 10_000);
    }
    socket.on('message', (data: Buffer) => {
      if (server.kind === 'bare') {
        const payload = Buffer.alloc(sizes.sent);
        payload[0] = BARE.sent;
        payload.writeUInt32BE(data.readUInt32BE(0), 1);
        return answer(payload);
      }
      const message = decodeMessage(data);
      if (message?.kind !== 'punch_hole') return;
      sizes.punchHole = data.length;
      const sent = encodeMessage({ punch_hole_sent: { socket_addr: message.body.socket_addr, id, nat_type: NatType.ASYMMETRIC, version: VERSION } });
      sizes.sent = sent.length;
      answer(sent);
    });
    devices.push({
      id,
      port: socket.address().port,
      close() {
        clearInterval(keepAlive);
        socket.close();
      },
    });
  }
  return devices;
}

const ZERO_NONCE = new Uint8Array(24);

/** The viewer's side of §4.5 steps 2–3: the signed box key checked, K sealed to it. */
function keyAnswer(offer: Uint8Array, serverKey: KeyObject): { keys: Uint8Array[]; key: Uint8Array } {
  const decoded = decodeMessage(offer);
  const signed = decoded?.kind === 'key_exchange' ? decoded.body.keys[0] : undefined;
  if (!signed || signed.length !== 96) throw new Error(`expected a KeyExchange offer, got ${decoded?.kind ?? 'nothing'}`);
  const boxKey = signed.subarray(64);
  if (!verify(null, boxKey, serverKey, signed.subarray(0, 64))) throw new Error('the offer is not signed with the server key');
  const ours = generateKeyPairSync('x25519');
  const theirs = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(boxKey).toString('base64url') }, format: 'jwk' });
  const key = randomBytes(32);
  const sealed = nacl.secretbox(key, ZERO_NONCE, boxKeyOf(diffieHellman({ privateKey: ours.privateKey, publicKey: theirs })));
  return { keys: [Buffer.from(ours.publicKey.export({ format: 'jwk' }).x!, 'base64url'), sealed], key };
}

/**
 * One viewer's punch: connect, the key exchange, PunchHoleRequest, and PunchHoleResponse with
 * the device's address. Its latency in ms. Against the bare server: frames of the same sizes.
 */
function punchOnce(server: PunchServer, device: PunchDevice, sizes: SeenSizes, serverKey: KeyObject | undefined): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const socket = net.connect({ host: HOST, port: server.tcp });
    socket.setNoDelay(true);
    const reader = new FrameReader(1 << 16);
    let cipher: FrameCipher | undefined;
    let offered = false;
    const done = (error?: Error) => {
      clearTimeout(timer);
      socket.destroy();
      if (error) reject(error);
      else resolve(performance.now() - t0);
    };
    const timer = setTimeout(() => done(new Error('no PunchHoleResponse within 5 s')), 5000);
    socket.on('error', done);
    const onFrame = (payload: Buffer) => {
      if (!offered) {
        offered = true;
        if (server.kind === 'bare') {
          const answer = Buffer.alloc(sizes.answer);
          answer[0] = BARE.answer;
          const request = Buffer.alloc(sizes.request);
          request[0] = BARE.request;
          request.writeUInt16BE(device.port, 1);
          socket.write(Buffer.concat([frame(answer), frame(request)]));
          return;
        }
        sizes.offer = payload.length;
        const { keys, key } = keyAnswer(payload, serverKey!);
        const answer = encodeMessage({ key_exchange: { keys } });
        cipher = new FrameCipher(key);
        const request = cipher.seal(
          encodeMessage({ punch_hole_request: { id: device.id, licence_key: server.publicKey ?? '', token: server.token ?? '', nat_type: NatType.ASYMMETRIC, version: VERSION } }),
        );
        sizes.answer = answer.length;
        sizes.request = request.length;
        socket.write(Buffer.concat([frame(answer), frame(request)]));
        return;
      }
      if (server.kind === 'bare') return done();
      sizes.response = payload.length;
      const plain = cipher!.open(payload);
      const message = plain && decodeMessage(plain);
      if (message?.kind !== 'punch_hole_response') return done(new Error(`expected PunchHoleResponse, got ${message ? message.kind : 'a frame that does not open'}`));
      if (message.body.socket_addr.length === 0) return done(new Error(`punch refused: ${message.body.other_failure || `failure ${message.body.failure}`}`));
      done();
    };
    socket.on('data', (chunk: Buffer) => {
      reader.push(chunk);
      try {
        for (let payload = reader.next(); payload; payload = reader.next()) onFrame(payload);
      } catch (error) {
        done(error as Error);
      }
    });
  });
}

/** The server's public key (the client's Key) as Node's crypto takes it. */
export function serverKeyOf(publicKey: string): KeyObject {
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey, 'base64').toString('base64url') }, format: 'jwk' });
}

/** `viewers` viewers punching one after another for `ms`, each time to the next device. */
export async function punchLoad(
  server: PunchServer,
  devices: PunchDevice[],
  sizes: SeenSizes,
  viewers: number,
  ms: number,
): Promise<{ punches: number; latencies: number[]; failures: string[]; ms: number }> {
  const serverKey = server.publicKey ? serverKeyOf(server.publicKey) : undefined;
  const latencies: number[] = [];
  const failures: string[] = [];
  let next = 0;
  const t0 = performance.now();
  const end = t0 + ms;
  await Promise.all(
    Array.from({ length: viewers }, async () => {
      while (performance.now() < end) {
        const device = devices[next++ % devices.length]!;
        try {
          latencies.push(await punchOnce(server, device, sizes, serverKey));
        } catch (error) {
          failures.push(`${device.id}: ${(error as Error).message}`);
        }
      }
    }),
  );
  return { punches: latencies.length, latencies, failures, ms: performance.now() - t0 };
}
