/**
 * A scripted RustDesk client for the rendezvous server's tests, written from
 * spec/rustdesk-rendezvous.md: UDP registration datagrams, framed TCP with the client's half of
 * secure TCP (§4.5), and WebSocket. Each socket queues what it receives; `next()` waits for the
 * next message (optionally of one kind) and fails the test after a while.
 */
import dgram from 'node:dgram';
import net from 'node:net';
import { WebSocket } from 'ws';
import { FrameCipher } from '../../src/rendezvous/secure-channel.js';
import { frame, FrameReader } from '../../src/rendezvous/wire/frame.js';
import { decodeMessage, encodeMessage, type MessageKind, type Outgoing, type RendezvousMessage } from '../../src/rendezvous/wire/messages.js';
import { clientAnswer } from './rendezvous-client-crypto.js';

type Of<K extends MessageKind> = Extract<RendezvousMessage, { kind: K }>['body'];

/** A queue of received items that `next` waits on. */
class Inbox<T> {
  private items: T[] = [];
  private waiters: ((item: T) => void)[] = [];
  ended = false;
  private endWaiters: (() => void)[] = [];

  put(item: T) {
    const waiter = this.waiters.shift();
    if (waiter) waiter(item);
    else this.items.push(item);
  }

  end() {
    this.ended = true;
    for (const w of this.endWaiters.splice(0)) w();
  }

  take(what: string, timeoutMs: number): Promise<T> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve(item);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== got);
        reject(new Error(`no ${what} within ${timeoutMs} ms`));
      }, timeoutMs);
      const got = (value: T) => {
        clearTimeout(timer);
        resolve(value);
      };
      this.waiters.push(got);
    });
  }

  /** Resolves once the other side has closed. */
  closed(timeoutMs: number): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`still open after ${timeoutMs} ms`)), timeoutMs);
      this.endWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  get size() {
    return this.items.length;
  }
}

async function nextOf<K extends MessageKind>(inbox: Inbox<RendezvousMessage>, kind: K, timeoutMs: number): Promise<Of<K>> {
  for (;;) {
    const message = await inbox.take(kind, timeoutMs);
    if (message.kind === kind) return message.body as Of<K>;
  }
}

export class UdpClient {
  readonly inbox = new Inbox<RendezvousMessage>();
  private constructor(
    readonly socket: dgram.Socket,
    private readonly server: { host: string; port: number },
  ) {
    socket.on('message', (data) => {
      const message = decodeMessage(data);
      if (message) this.inbox.put(message);
    });
  }

  static async open(server: { host: string; port: number }, localAddress = '127.0.0.1'): Promise<UdpClient> {
    const socket = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind({ address: localAddress, port: 0 }, resolve));
    return new UdpClient(socket, server);
  }

  get port(): number {
    return this.socket.address().port;
  }

  send(message: Outgoing | Uint8Array): void {
    const bytes = message instanceof Uint8Array ? message : encodeMessage(message);
    this.socket.send(bytes, this.server.port, this.server.host);
  }

  next<K extends MessageKind>(kind: K, timeoutMs = 3000): Promise<Of<K>> {
    return nextOf(this.inbox, kind, timeoutMs);
  }

  /** Asserts that nothing arrives for `ms` (used sparingly: a negative can only be shown by waiting). */
  async silentFor(ms: number): Promise<boolean> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.inbox.size === 0;
  }

  close() {
    this.socket.close();
  }
}

export interface TcpOptions {
  host?: string;
  localAddress?: string;
  localPort?: number;
  /** Run secure TCP against this server public key (the client's "Key"), as a signed-in client does. */
  secureWith?: Uint8Array;
}

export class TcpClient {
  readonly inbox = new Inbox<RendezvousMessage>();
  /** Empty frames received (the server's keep-alives). */
  beats = 0;
  /** Whether keep-alives are echoed, as the client does (false: a client that hung). */
  echo = true;
  /** The KeyExchange offer, if the server sent one first. */
  offer: Uint8Array[] | undefined;
  private cipher: FrameCipher | undefined;
  private readonly reader = new FrameReader(1 << 20);
  private firstFrame: ((payload: Buffer) => void) | undefined;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.reader.push(chunk);
      for (let payload = this.reader.next(); payload; payload = this.reader.next()) this.onFrame(payload);
    });
    socket.on('close', () => this.inbox.end());
    socket.on('error', () => undefined);
  }

  private onFrame(payload: Buffer) {
    if (this.firstFrame) {
      const first = this.firstFrame;
      this.firstFrame = undefined;
      first(payload);
      return;
    }
    if (payload.length === 0) {
      this.beats++;
      if (this.echo) this.socket.write(Buffer.from([0]));
      return;
    }
    const plain = this.cipher ? this.cipher.open(payload) : payload;
    if (!plain) throw new Error('server frame failed authentication');
    const message = decodeMessage(plain);
    if (message?.kind === 'key_exchange') {
      this.offer = message.body.keys;
      return;
    }
    if (message) this.inbox.put(message);
  }

  static async connect(port: number, options: TcpOptions = {}): Promise<TcpClient> {
    const socket = net.connect({ host: options.host ?? '127.0.0.1', port, localAddress: options.localAddress, localPort: options.localPort });
    const client = new TcpClient(socket);
    let first: Promise<Buffer> | undefined;
    if (options.secureWith) first = new Promise((resolve) => (client.firstFrame = resolve));
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    if (options.secureWith && first) {
      const offerPayload = await Promise.race([first, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no KeyExchange offer')), 3000))]);
      const offer = decodeMessage(offerPayload);
      if (offer?.kind !== 'key_exchange') throw new Error(`first frame is ${offer?.kind ?? 'nothing'}, not a KeyExchange`);
      client.offer = offer.body.keys;
      const answer = clientAnswer(offer.body.keys, options.secureWith);
      if (!answer) throw new Error('the offer does not verify with the server key');
      socket.write(frame(encodeMessage({ key_exchange: { keys: answer.keys } })));
      client.cipher = new FrameCipher(answer.key);
    }
    return client;
  }

  get localPort(): number {
    return this.socket.localPort!;
  }

  send(message: Outgoing): void {
    const payload = encodeMessage(message);
    this.socket.write(frame(this.cipher ? this.cipher.seal(payload) : payload));
  }

  sendRaw(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  next<K extends MessageKind>(kind: K, timeoutMs = 3000): Promise<Of<K>> {
    return nextOf(this.inbox, kind, timeoutMs);
  }

  closed(timeoutMs = 3000): Promise<void> {
    return this.inbox.closed(timeoutMs);
  }

  close() {
    this.socket.destroy();
  }
}

export class WsClient {
  readonly inbox = new Inbox<RendezvousMessage>();
  beats = 0;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return;
      if (data.length === 0) {
        this.beats++;
        return;
      }
      const message = decodeMessage(data);
      if (message) this.inbox.put(message);
    });
    ws.on('close', () => this.inbox.end());
    ws.on('error', () => undefined);
  }

  static async connect(port: number, headers: Record<string, string> = {}): Promise<WsClient> {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws/id`, { headers });
    const client = new WsClient(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return client;
  }

  send(message: Outgoing): void {
    this.ws.send(encodeMessage(message));
  }

  next<K extends MessageKind>(kind: K, timeoutMs = 3000): Promise<Of<K>> {
    return nextOf(this.inbox, kind, timeoutMs);
  }

  closed(timeoutMs = 3000): Promise<void> {
    return this.inbox.closed(timeoutMs);
  }

  close() {
    this.ws.terminate();
  }
}

/** A port free for TCP now: deskgate's rendezvous port N takes UDP and TCP on one number, so tests pick one. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
