/**
 * One client connection to the rendezvous server, over TCP (framed, spec §1.2, with the secure
 * TCP handshake of §4.5 when the server offers it) or WebSocket (one binary message per
 * RendezvousMessage, §1.4). The signalling code sees only `Link`: send a message, beat, close.
 */
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { createOffer, FrameCipher, openReply, type SigningKey } from './secure-channel.js';
import { normalizeIp, type SocketAddress } from './wire/addr-mangle.js';
import { frame, FrameReader, FrameTooLarge } from './wire/frame.js';
import { decodeMessage, encodeMessage, type Outgoing, type RendezvousMessage } from './wire/messages.js';
import { ProtobufError } from './wire/protobuf.js';

const EMPTY_FRAME = Buffer.from([0]);

export interface Link {
  readonly kind: 'tcp' | 'ws';
  /** The client's address as this server saw it (IPv4-mapped addresses normalised). */
  readonly remote: SocketAddress;
  readonly closed: boolean;
  /** Whether its frames are encrypted (secure TCP, §4.5). */
  readonly secure: boolean;
  send(message: Outgoing): void;
  /** Sends an already encoded RendezvousMessage (one relayed from another instance). */
  sendEncoded(payload: Uint8Array): void;
  /** The keep-alive of registered links: an empty frame, never encrypted (spec §8 item 4). */
  beat(): void;
  close(): void;
  /** Set by the signalling code: the id registered over this link, if any. */
  registeredId?: string | undefined;
  /** Set by the signalling code: another message is awaited (a punch answer), keep it open. */
  waiting?: boolean | undefined;
  /** When a frame (an echoed keep-alive included) last arrived (Date.now()). */
  lastInbound: number;
}

export interface LinkHandlers {
  message(link: Link, message: RendezvousMessage): void;
  closed(link: Link): void;
}

export interface TcpLinkOptions {
  maxFrame: number;
  idleTimeoutMs: number;
  /** Offer secure TCP (spec §4.5): only on the rendezvous port, never on 21115, WS or the relay. */
  offer?: SigningKey | undefined;
  log: (reason: string, link: Link) => void;
}

/** A framed TCP connection; with `offer`, the server's KeyExchange goes out before anything is read (spec §8 item 1). */
export function tcpLink(socket: Socket, options: TcpLinkOptions, handlers: LinkHandlers): Link {
  const reader = new FrameReader(options.maxFrame);
  let cipher: FrameCipher | undefined;
  /** The box secret key of our offer, until the client's first frame decides (spec §8 item 3). */
  let boxSecretKey: Uint8Array | undefined;
  let closed = false;

  const link: Link = {
    kind: 'tcp',
    remote: { address: normalizeIp(socket.remoteAddress ?? ''), port: socket.remotePort ?? 0 },
    get closed() {
      return closed;
    },
    get secure() {
      return cipher !== undefined;
    },
    lastInbound: Date.now(),
    send(message) {
      link.sendEncoded(encodeMessage(message));
    },
    sendEncoded(payload) {
      if (!closed) socket.write(frame(cipher ? cipher.seal(payload) : payload));
    },
    beat() {
      if (!closed) socket.write(EMPTY_FRAME);
    },
    close() {
      if (closed) return;
      closed = true;
      socket.destroy();
      handlers.closed(link);
    },
  };

  function refuse(reason: string) {
    options.log(reason, link);
    link.close();
  }

  function onFrame(payload: Buffer) {
    link.lastInbound = Date.now();
    // An empty frame is the client's answer to our keep-alive: it only proves the link alive.
    if (payload.length === 0) return;
    let plain: Uint8Array = payload;
    if (cipher) {
      const opened = cipher.open(payload);
      if (!opened) return refuse('frame failed authentication');
      plain = opened;
    }
    const message = decodeMessage(plain);
    if (boxSecretKey) {
      const secret = boxSecretKey;
      boxSecretKey = undefined;
      if (message?.kind === 'key_exchange') {
        const key = openReply(message.body.keys, secret);
        if (!key) return refuse('bad key exchange');
        cipher = new FrameCipher(key);
        return;
      }
    } else if (message?.kind === 'key_exchange') {
      // A key exchange we did not offer, or a second one: no client does that.
      return refuse('unexpected key exchange');
    }
    if (message) handlers.message(link, message);
  }

  socket.setNoDelay(true);
  socket.setTimeout(options.idleTimeoutMs, () => refuse('idle'));
  socket.on('error', () => link.close());
  socket.on('close', () => link.close());
  socket.on('data', (chunk: Buffer) => {
    reader.push(chunk);
    try {
      for (let payload = reader.next(); payload && !closed; payload = reader.next()) onFrame(payload);
    } catch (error) {
      // Whatever a client sends ends at most its own connection, never the server.
      refuse(error instanceof FrameTooLarge || error instanceof ProtobufError ? error.message : `failed: ${String(error)}`);
    }
  });

  if (options.offer) {
    const offer = createOffer(options.offer);
    boxSecretKey = offer.boxSecretKey;
    // A device's PunchHoleSent connection may already be closed: its frame is still read (§8 item 8).
    socket.write(frame(encodeMessage({ key_exchange: { keys: offer.keys } })), () => undefined);
  }
  return link;
}

export interface WsLinkOptions {
  idleTimeoutMs: number;
  remote: SocketAddress;
  log: (reason: string, link: Link) => void;
}

/** A WebSocket connection: no handshake of ours, binary messages only (spec §1.4). */
export function wsLink(ws: WebSocket, options: WsLinkOptions, handlers: LinkHandlers): Link {
  let closed = false;
  let idle: NodeJS.Timeout;
  const link: Link = {
    kind: 'ws',
    remote: options.remote,
    get closed() {
      return closed;
    },
    secure: false,
    lastInbound: Date.now(),
    send(message) {
      link.sendEncoded(encodeMessage(message));
    },
    sendEncoded(payload) {
      if (!closed) ws.send(payload);
    },
    beat() {
      if (!closed) ws.send(Buffer.alloc(0));
    },
    close() {
      if (closed) return;
      closed = true;
      clearTimeout(idle);
      ws.terminate();
      handlers.closed(link);
    },
  };
  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      options.log('idle', link);
      link.close();
    }, options.idleTimeoutMs);
  };
  touch();
  ws.on('error', () => link.close());
  ws.on('close', () => link.close());
  ws.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    touch();
    link.lastInbound = Date.now();
    if (!isBinary || closed) return;
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    if (bytes.length === 0) return;
    try {
      const message = decodeMessage(bytes);
      if (message && message.kind !== 'key_exchange') handlers.message(link, message);
    } catch (error) {
      options.log(error instanceof ProtobufError ? error.message : `failed: ${String(error)}`, link);
      link.close();
    }
  });
  return link;
}
