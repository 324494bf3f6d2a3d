/**
 * What the rendezvous server does with each message (spec/rustdesk-rendezvous.md §4): device
 * registration over UDP and over long-lived links, the punch-hole and relay handshakes between a
 * viewer (A) and a device (B), the NAT test, the online query and the ID change. Transport-free:
 * messages come with the Link or datagram address they arrived on.
 */
import type { RendezvousBroadcast, RendezvousBus, RendezvousDirectory, TunnelledRequest, TunnelledResponse } from '../domain/rendezvous.js';
import type { Link } from './links.js';
import { createRegistrationLimits, ONLINE_WINDOW_MS, type PeerEntry, type RegistrationLimits, type Registry } from './registry.js';
import { signIdPk, type SigningKey } from './secure-channel.js';
import { mangle, normalizeIp, unmangle, type SocketAddress } from './wire/addr-mangle.js';
import {
  NatType,
  PunchFailure,
  RegisterResult,
  type HttpProxyRequest,
  type LocalAddr,
  type OnlineRequest,
  type Outgoing,
  type PunchHoleRequest,
  type PunchHoleSent,
  type RegisterPeer,
  type RegisterPk,
  type RelayResponse,
  type RendezvousMessage,
  type RequestRelay,
  decodeMessage,
  encodeMessage,
} from './wire/messages.js';

export interface SignallingOptions {
  registry: Registry;
  directory: RendezvousDirectory;
  now: () => number;
  /** The key clients must send as `licence_key` (their "Key" setting), compared exactly (§2.3); undefined: not enforced. */
  licenceKey: string | undefined;
  /** Signs devices' keys for viewers (§2.4); without it sessions lose end-to-end encryption. */
  signingKey: SigningKey | undefined;
  /** `host:port` of the relay, told to both sides when they name none (§8 item 24). */
  relayServer: string;
  /** Between the server's keep-alives on registered links (§4.2); told to devices in whole seconds. */
  keepAliveMs: number;
  limits?: RegistrationLimits | undefined;
  /** Answers API requests tunnelled through secure TCP (the HTTP API, in process); undefined: refused. */
  httpProxy?: ((request: TunnelledRequest) => Promise<TunnelledResponse>) | undefined;
  /** Told every relay uuid handed between a viewer and a device, for the relay to admit. */
  onRelayUuid?: ((uuid: string) => void) | undefined;
  /** The other instances on the same PostgreSQL, if any. */
  bus?: RendezvousBus | undefined;
  udpSend(payload: Uint8Array, host: string, port: number): void;
  log(level: 'info' | 'warn', message: string, detail?: Record<string, unknown>): void;
}

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const keyOf = (addr: SocketAddress) => `${addr.address}|${addr.port}`;
const OFFLINE_TEXT = 'Remote desktop is offline';
const UNKNOWN_TEXT = 'ID does not exist';
/** The longest id stored (the devices table's limit); stock refuses only ids under 6 characters. */
const MAX_ID_LENGTH = 100;
/** The answers to RegisterPeer, encoded once: every online device sends one every ~12 s (§4.1). */
const REGISTER_PEER_KNOWN = encodeMessage({ register_peer_response: { request_pk: false } });
const REGISTER_PEER_ASK_PK = encodeMessage({ register_peer_response: { request_pk: true } });

/** A viewer's request waiting for the device's answer, by the address it was sent as (§3.2 `socket_addr`). */
interface Waiting {
  link: Link;
  targetId: string;
}

export function createSignalling(options: SignallingOptions) {
  const { registry, directory, now } = options;
  const limits = createRegistrationLimits(now, options.limits);
  const waiting = new Map<string, Waiting>();
  /** Links a device registered over, beaten every keepAliveMs (§4.2 item 3). */
  const registered = new Set<Link>();

  const { bus } = options;

  /** IdPk{id, pk} signed with the server key (§2.4); the key from memory, else from the database (a device of another instance). */
  async function signedPk(id: string): Promise<Uint8Array | undefined> {
    if (!options.signingKey || !id) return undefined;
    const pk = registry.get(id)?.pk || (await directory.find(id))?.pk;
    return pk ? signIdPk(options.signingKey, id, Buffer.from(pk, 'base64')) : undefined;
  }

  /** Sends to a device over its registration link if it has one, else to its last UDP address. */
  function pushEncoded(entry: PeerEntry, payload: Uint8Array) {
    if (entry.link && !entry.link.closed) entry.link.sendEncoded(payload);
    else options.udpSend(payload, entry.host, entry.port);
  }

  const reply = (message: Outgoing, host: string, port: number) => options.udpSend(encodeMessage(message), host, port);

  // ---------- registration (§4.1, §4.2) ----------

  function onRegisterPeer(body: RegisterPeer, host: string, port: number) {
    if (!body.id) return;
    const entry = registry.get(body.id);
    let requestPk = true;
    if (entry?.pk) {
      // A device seen from another address proves its key again before pushes go there.
      requestPk = entry.host !== host && normalizeIp(entry.host) !== normalizeIp(host);
      if (!requestPk) {
        entry.host = host;
        entry.port = port;
        entry.lastReg = now();
        directory.seen(body.id, entry.uuid);
      }
    }
    options.udpSend(requestPk ? REGISTER_PEER_ASK_PK : REGISTER_PEER_KNOWN, host, port);
  }

  async function onRegisterPk(body: RegisterPk, host: string, port: number, link?: Link) {
    const answer = (result: number) => {
      const message = { register_pk_response: { result, keep_alive: link ? Math.max(1, Math.round(options.keepAliveMs / 1000)) : 0 } };
      if (link) link.send(message);
      else reply(message, host, port);
    };
    if (body.old_id && body.pk.length === 0) {
      // An ID change (§4.8) arrives over TCP only; over UDP it is no registration either.
      if (link) answer(await changeId(body));
      return;
    }
    if (body.uuid.length === 0 || body.pk.length === 0) return;
    const { id } = body;
    if (id.length < 6) return answer(RegisterResult.UUID_MISMATCH);
    if (id.length > MAX_ID_LENGTH) return answer(RegisterResult.INVALID_ID_FORMAT);
    const ip = normalizeIp(host);
    if (limits.idTooFrequent(id)) return answer(RegisterResult.TOO_FREQUENT);
    const uuid = b64(body.uuid);
    const pk = b64(body.pk);
    const entry = registry.get(id);
    let stored: { uuid: string; pk: string } | undefined = entry;
    try {
      stored ??= await directory.find(id);
      if (stored?.uuid && stored.uuid !== uuid) return answer(RegisterResult.UUID_MISMATCH);
      // The same machine with a new key from a new address is more likely someone else (§4.1 step 4).
      if (entry && entry.pk && entry.pk !== pk && normalizeIp(entry.host) !== ip) return answer(RegisterResult.UUID_MISMATCH);
      if (!stored || stored.pk !== pk) {
        if (limits.addressTooFrequent(ip, id)) return answer(RegisterResult.TOO_FREQUENT);
        const outcome = await directory.register({ id, uuid, pk, ip, isNew: !stored });
        if (outcome === 'not_deployed') return answer(RegisterResult.NOT_DEPLOYED);
        if (outcome === 'uuid_mismatch') return answer(RegisterResult.UUID_MISMATCH);
        if (outcome === 'invalid') return;
      }
    } catch (error) {
      // Not online until stored: answering OK would leave a device that no one can reach (§4.1).
      options.log('warn', 'registration not stored', { id, err: error });
      return answer(RegisterResult.SERVER_ERROR);
    }
    const next: PeerEntry = { uuid, pk, host, port, lastReg: now(), link };
    if (link) {
      link.registeredId = id;
      registered.add(link);
    } else if (entry?.link && !entry.link.closed) {
      // Registered over a link and now over UDP too: pushes keep going over the live link.
      next.link = entry.link;
    }
    registry.set(id, next);
    directory.seen(id, uuid);
    answer(RegisterResult.OK);
  }

  async function changeId(body: RegisterPk): Promise<number> {
    try {
      const outcome = await directory.changeId({ oldId: body.old_id, newId: body.id, uuid: b64(body.uuid) });
      switch (outcome) {
        case 'ok':
          registry.delete(body.old_id);
          return RegisterResult.OK;
        case 'id_exists':
          return RegisterResult.ID_EXISTS;
        case 'uuid_mismatch':
          return RegisterResult.UUID_MISMATCH;
        case 'invalid':
          return RegisterResult.INVALID_ID_FORMAT;
        case 'too_frequent':
          return RegisterResult.TOO_FREQUENT;
      }
    } catch (error) {
      options.log('warn', 'id change failed', { err: error });
      return RegisterResult.SERVER_ERROR;
    }
  }

  // ---------- a viewer's requests (§4.3, §4.4) ----------

  /**
   * Finds an online device and how to send it a message, or says why not in the words the client
   * shows (§4.3). A device online on another instance (its last registration there is recent) is
   * reached through the bus: that instance sends the message from the address the device knows.
   */
  async function reachable(id: string): Promise<{ entry?: PeerEntry; send: (message: Outgoing) => void } | { failure: number; text: string }> {
    const entry = registry.get(id);
    if (entry && registry.isOnline(entry)) return { entry, send: (message) => pushEncoded(entry, encodeMessage(message)) };
    const stored = await directory.find(id);
    if (!entry && !stored) return { failure: PunchFailure.ID_NOT_EXIST, text: UNKNOWN_TEXT };
    if (bus && stored && now() - stored.lastSeen < ONLINE_WINDOW_MS) {
      return { send: (message) => bus.publish({ t: 'push', id, m: b64(encodeMessage(message)) }) };
    }
    return { failure: PunchFailure.OFFLINE, text: OFFLINE_TEXT };
  }

  function await_(link: Link, targetId: string) {
    link.waiting = true;
    waiting.set(keyOf(link.remote), { link, targetId });
  }

  /** The viewer waiting at `socketAddr` for an answer from `fromId` (empty: any device), taken off the list. */
  function takeWaiting(socketAddr: Uint8Array, fromId: string): Link | undefined {
    const addr = unmangle(socketAddr);
    if (!addr) return undefined;
    const key = keyOf(addr);
    const found = waiting.get(key);
    if (!found || found.link.closed || (fromId && fromId !== found.targetId)) return undefined;
    waiting.delete(key);
    found.link.waiting = false;
    return found.link;
  }

  async function onPunchHoleRequest(link: Link, body: PunchHoleRequest) {
    // The client repeats its request on the same connection after 3, 6 and 9 s: answer once (§8 item 19).
    if (link.waiting !== undefined) return;
    link.waiting = false;
    const fail = (failure: number, other = '') => link.send({ punch_hole_response: { failure, other_failure: other } });
    if (options.licenceKey !== undefined && body.licence_key !== options.licenceKey) return fail(PunchFailure.LICENSE_MISMATCH);
    const target = await reachable(body.id);
    if ('failure' in target) return fail(target.failure);
    const admitted = await directory.admit({ token: body.token, targetId: body.id, kind: 'punch', from: link.remote.address });
    if (!admitted.ok) return fail(PunchFailure.ID_NOT_EXIST, admitted.reason);
    if (link.closed) return;
    await_(link, body.id);
    const socket_addr = mangle(link.remote);
    const context = admitted.auditRef ? { controlled_context: { conn_audit_ref: admitted.auditRef } } : {};
    // Same public address: the device tells its LAN address instead (§4.3 step 6); not for WebSocket viewers.
    if (link.kind === 'tcp' && target.entry && normalizeIp(target.entry.host) === link.remote.address) {
      target.send({ fetch_local_addr: { socket_addr, relay_server: options.relayServer, socket_addr_v6: body.socket_addr_v6, ...context } });
      return;
    }
    target.send({
      punch_hole: {
        socket_addr,
        relay_server: options.relayServer,
        nat_type: body.force_relay ? NatType.SYMMETRIC : body.nat_type,
        udp_port: body.udp_port,
        force_relay: body.force_relay,
        upnp_port: body.upnp_port,
        socket_addr_v6: body.socket_addr_v6,
        ...context,
      },
    });
  }

  async function onRequestRelay(link: Link, body: RequestRelay) {
    if (link.waiting !== undefined) return;
    link.waiting = false;
    const refuse = (reason: string) => link.send({ relay_response: { uuid: body.uuid, refuse_reason: reason } });
    const target = await reachable(body.id);
    if ('failure' in target) return refuse(target.text);
    const admitted = await directory.admit({ token: body.token, targetId: body.id, kind: 'relay', from: link.remote.address });
    if (!admitted.ok) return refuse(admitted.reason);
    if (link.closed) return;
    await_(link, body.id);
    options.onRelayUuid?.(body.uuid);
    // The viewer's token, key and switch code stay here: stock forwards them to the device over plain UDP (§8 item 21).
    target.send({
      request_relay: {
        id: body.id,
        uuid: body.uuid,
        socket_addr: mangle(link.remote),
        relay_server: body.relay_server || options.relayServer,
        secure: body.secure,
        conn_type: body.conn_type,
        ...(admitted.auditRef ? { controlled_context: { conn_audit_ref: admitted.auditRef } } : {}),
      },
    });
  }

  /**
   * A device's answer to a viewer's request, from `observed` (the device's address as the
   * instance it reached saw it). No viewer waiting here: another instance may have it.
   */
  async function onAnswer(message: RendezvousMessage, observed: SocketAddress, fromBus: boolean, udp = false): Promise<void> {
    if (message.kind !== 'punch_hole_sent' && message.kind !== 'local_addr' && message.kind !== 'relay_response') return;
    // Flow 2 of the relay names the device (`id`), flow 1 does not (§4.4).
    const id = message.body.id ?? '';
    const viewer = takeWaiting(message.body.socket_addr, id);
    if (!viewer) {
      if (bus && !fromBus) bus.publish({ t: 'answer', m: b64(encodeMessage({ [message.kind]: message.body } as Outgoing)), o: b64(mangle(observed)), udp });
      return;
    }
    const pk = await signedPk(id);
    switch (message.kind) {
      case 'punch_hole_sent':
        return onPunchHoleSent(viewer, observed, message.body, pk, udp);
      case 'local_addr':
        return onLocalAddr(viewer, message.body, pk);
      case 'relay_response':
        return onRelayResponse(viewer, message.body, pk);
    }
  }

  /** `udp`: the device answered by datagram from the socket it will listen on (UDP punch, §4.9). */
  function onPunchHoleSent(viewer: Link, observed: SocketAddress, body: PunchHoleSent, pk: Uint8Array | undefined, udp: boolean) {
    viewer.send({
      punch_hole_response: {
        socket_addr: mangle(observed),
        is_udp: udp,
        pk,
        relay_server: body.relay_server || options.relayServer,
        nat_type: body.nat_type,
        upnp_port: body.upnp_port,
        socket_addr_v6: body.socket_addr_v6,
      },
    });
  }

  function onLocalAddr(viewer: Link, body: LocalAddr, pk: Uint8Array | undefined) {
    viewer.send({
      punch_hole_response: {
        socket_addr: body.local_addr,
        pk,
        relay_server: body.relay_server || options.relayServer,
        is_local: true,
        socket_addr_v6: body.socket_addr_v6,
      },
    });
  }

  function onRelayResponse(viewer: Link, body: RelayResponse, pk: Uint8Array | undefined) {
    options.onRelayUuid?.(body.uuid);
    viewer.send({
      relay_response: {
        uuid: body.uuid,
        relay_server: body.relay_server || options.relayServer,
        ...(pk ? { pk } : body.id ? { id: body.id } : {}),
        refuse_reason: body.refuse_reason,
        version: body.version,
        socket_addr_v6: body.socket_addr_v6,
        upnp_port: body.upnp_port,
      },
    });
  }

  /** A message from another instance. */
  function onBroadcast(message: RendezvousBroadcast): Promise<void> | void {
    if (message.t === 'push') {
      const entry = registry.get(message.id);
      if (entry && registry.isOnline(entry)) pushEncoded(entry, Buffer.from(message.m, 'base64'));
      return;
    }
    const observed = unmangle(Buffer.from(message.o, 'base64'));
    const answer = decodeMessage(Buffer.from(message.m, 'base64'));
    if (observed && answer) return onAnswer(answer, observed, true, message.udp === true);
  }

  /**
   * An API call the client could not make over HTTP (§4.10): answered by deskgate's own API, only
   * on an encrypted link, since it carries the person's access token.
   */
  async function onHttpProxy(link: Link, body: HttpProxyRequest) {
    const fail = (error: string) => link.send({ http_proxy_response: { status: 0, error } });
    if (!options.httpProxy) return fail('this server does not forward API requests');
    if (!link.secure) return fail('API requests are forwarded over secure TCP only');
    if (!body.path.startsWith('/api/')) return fail('only /api/ paths are forwarded');
    const answer = await options.httpProxy({ method: body.method || 'GET', path: body.path, headers: body.headers, body: body.body, ip: link.remote.address });
    link.send({ http_proxy_response: answer });
  }

  // ---------- queries (§4.6, §4.7) ----------

  /**
   * Exactly ceil(n/8) bytes, most significant bit first: a short answer crashes the client (§8
   * item 17). Devices registered with another instance count when it heard from them lately.
   */
  async function onlineStates(body: OnlineRequest): Promise<Uint8Array> {
    const states = new Uint8Array(Math.ceil(body.peers.length / 8));
    const elsewhere: number[] = [];
    body.peers.forEach((id, i) => {
      const entry = registry.get(id);
      if (entry && registry.isOnline(entry)) states[i >> 3]! |= 0x80 >> (i & 7);
      else if (bus) elsewhere.push(i);
    });
    if (elsewhere.length > 0) {
      const seen = await directory.seenSince(
        elsewhere.map((i) => body.peers[i]!),
        now() - ONLINE_WINDOW_MS,
      );
      for (const i of elsewhere) if (seen.has(body.peers[i]!)) states[i >> 3]! |= 0x80 >> (i & 7);
    }
    return states;
  }

  async function onOnlineRequest(link: Link, body: OnlineRequest) {
    link.send({ online_response: { states: await onlineStates(body) } });
  }

  function onLinkMessage(link: Link, message: RendezvousMessage): Promise<void> | void {
    switch (message.kind) {
      case 'punch_hole_request':
        return onPunchHoleRequest(link, message.body);
      case 'request_relay':
        return onRequestRelay(link, message.body);
      case 'punch_hole_sent':
      case 'local_addr':
      case 'relay_response':
        return onAnswer(message, link.remote, false);
      case 'register_pk':
        return onRegisterPk(message.body, link.remote.address, link.remote.port, link);
      case 'test_nat_request':
        return link.send({ test_nat_response: { port: link.remote.port } });
      case 'online_request':
        return onOnlineRequest(link, message.body);
      case 'http_proxy_request':
        return onHttpProxy(link, message.body);
      default:
      // RegisterPeer is UDP only; HealthCheck needs `feedback`, which this server never sets.
    }
  }

  bus?.subscribe((message) => {
    Promise.resolve()
      .then(() => onBroadcast(message))
      .catch((error: unknown) => options.log('warn', 'rendezvous broadcast failed', { err: error }));
  });

  return {
    /** A message on a TCP or WebSocket link. */
    onLinkMessage(link: Link, message: RendezvousMessage): void {
      void Promise.resolve()
        .then(() => onLinkMessage(link, message))
        .catch((error: unknown) => {
          options.log('warn', 'rendezvous message failed', { kind: message.kind, err: error });
          link.close();
        });
    },
    /** A message on the port-1 TCP listener: the NAT test's second leg and the online query only (§1.1). */
    onQueryMessage(link: Link, message: RendezvousMessage): void {
      if (message.kind === 'test_nat_request') link.send({ test_nat_response: { port: link.remote.port } });
      else if (message.kind === 'online_request') {
        onOnlineRequest(link, message.body).catch((error: unknown) => {
          options.log('warn', 'online query failed', { err: error });
          link.close();
        });
      }
    },
    /** A UDP datagram: registration, the UDP NAT test and a device's UDP punch answer. */
    onDatagram(message: RendezvousMessage, host: string, port: number): void {
      const fail = (error: unknown) => options.log('warn', 'datagram failed', { err: error });
      switch (message.kind) {
        case 'register_peer':
          return onRegisterPeer(message.body, host, port);
        case 'register_pk':
          return void onRegisterPk(message.body, host, port).catch(fail);
        case 'test_nat_request':
          // The viewer's UDP mapping for a UDP punch (§4.9): a reply no larger than the request's few bytes, so no amplifier.
          return reply({ test_nat_response: { port } }, host, port);
        case 'punch_hole_sent':
          // A device's UDP punch answer. Only ever answered on the waiting viewer's connection,
          // never to the datagram's source: a forged source reflects nothing.
          return void onAnswer(message, { address: normalizeIp(host), port }, false, true).catch(fail);
        default:
        // Punch and relay requests, LocalAddr and config pushes over UDP are ignored, as stock
        // does since 1.1.16: answering them would reflect traffic at forged addresses (§7.4).
      }
    },
    linkClosed(link: Link): void {
      if (link.waiting) {
        const key = keyOf(link.remote);
        if (waiting.get(key)?.link === link) waiting.delete(key);
      }
      if (link.registeredId !== undefined) {
        registered.delete(link);
        registry.unbind(link.registeredId, link);
      }
    },
    /** The server's keep-alive on every registered link; called every keepAliveMs. */
    beat(): void {
      // The client echoes every keep-alive; a link silent for three rounds is dead, whatever TCP says (§4.2).
      const deadline = Date.now() - 3 * options.keepAliveMs;
      for (const link of registered) {
        if (link.lastInbound < deadline) link.close();
        else link.beat();
      }
    },
    prune(): void {
      limits.prune();
      registry.prune();
    },
    waitingCount: () => waiting.size,
  };
}

export type Signalling = ReturnType<typeof createSignalling>;
