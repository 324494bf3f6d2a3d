/**
 * The rendezvous server's flows end to end on loopback, driven by the scripted client
 * (spec/rustdesk-rendezvous.md §7.3). Viewer A and device B talk from different loopback
 * addresses (127.0.0.2 and 127.0.0.3), so that the server sees two public addresses.
 * Deskgate's devices and rules are stood in for by a small in-memory directory here; the
 * wiring to the real ones is tested in rendezvous-wiring.test.ts.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startRendezvous, type RendezvousServer } from '../../src/rendezvous/rendezvous-server.js';
import { signingKeyFromSeed, verifyCombined } from '../../src/rendezvous/secure-channel.js';
import type { RendezvousDirectory } from '../../src/domain/rendezvous.js';
import { mangle, unmangle } from '../../src/rendezvous/wire/addr-mangle.js';
import { frame } from '../../src/rendezvous/wire/frame.js';
import { PunchFailure, RegisterResult, decodeMessage, encodeMessage } from '../../src/rendezvous/wire/messages.js';
import { TcpClient, UdpClient, WsClient } from '../support/rendezvous-client.js';

const A_IP = '127.0.0.2';
const B_IP = '127.0.0.3';
const serverKey = signingKeyFromSeed(new Uint8Array(32).fill(1));
const KEY = Buffer.from(serverKey.publicKey).toString('base64');

function memoryDirectory() {
  const devices = new Map<string, { uuid: string; pk: string; lastSeen: number }>();
  const admits: { token: string; targetId: string; kind: string }[] = [];
  const state = { failWrites: false, refuse: undefined as string | undefined, deployedOnly: false };
  const directory: RendezvousDirectory = {
    find: async (id) => devices.get(id),
    seenSince: async (ids, since) => new Set(ids.filter((id) => (devices.get(id)?.lastSeen ?? 0) >= since)),
    async register({ id, uuid, pk, isNew }) {
      if (state.failWrites) throw new Error('database away');
      if (isNew && state.deployedOnly) return 'not_deployed';
      devices.set(id, { uuid, pk, lastSeen: clock });
      return 'ok';
    },
    seen: () => undefined,
    async admit(request) {
      admits.push(request);
      return state.refuse ? { ok: false, reason: state.refuse } : { ok: true, auditRef: 'audit-1' };
    },
    async changeId({ oldId, newId, uuid }) {
      if (!/^[a-zA-Z][\w-]{5,15}$/.test(newId)) return 'invalid';
      const old = devices.get(oldId);
      if (!old || old.uuid !== uuid) return 'uuid_mismatch';
      if (devices.has(newId)) return 'id_exists';
      devices.delete(oldId);
      devices.set(newId, old);
      return 'ok';
    },
  };
  return { devices, admits, state, directory };
}

/** Waits for `condition`, failing with `what` after 5 s. */
async function until(condition: () => boolean, what: string) {
  for (let i = 0; i < 100 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.ok(condition(), what);
}

let clock = 1_000_000;
let dir = memoryDirectory();
let server: RendezvousServer;
const sockets: { close(): void }[] = [];
const track = <T extends { close(): void }>(s: T) => (sockets.push(s), s);

async function start() {
  dir = memoryDirectory();
  server = await startRendezvous({
    host: '127.0.0.1',
    ports: { main: 0, query: 0, ws: 0 },
    directory: {
      find: (id) => dir.directory.find(id),
      seenSince: (ids, since) => dir.directory.seenSince(ids, since),
      register: (r) => dir.directory.register(r),
      seen: (id, uuid) => dir.directory.seen(id, uuid),
      admit: (r) => dir.directory.admit(r),
      changeId: (r) => dir.directory.changeId(r),
    },
    signingKey: serverKey,
    licenceKey: KEY,
    relayServer: 'relay.example:21117',
    keepAliveMs: 200,
    httpProxy: async (request) => ({ status: 200, headers: [{ name: 'content-type', value: 'application/json' }], body: Buffer.from(JSON.stringify({ path: request.path, ip: request.ip })) }),
    now: () => clock,
    log: () => undefined,
  });
}

// All on 127.0.0.1 (the server binds there); A and B differ by source address.
const udpTo = () => ({ host: '127.0.0.1', port: server.ports.main });

/** A device registered over UDP from `ip`: RegisterPeer, RegisterPk, RegisterPeer. */
async function device(id: string, ip = B_IP, uuid = randomBytes(16), pk = randomBytes(32)) {
  const udp = track(await UdpClient.open(udpTo(), ip));
  udp.send({ register_pk: { id, uuid, pk } });
  assert.equal((await udp.next('register_pk_response')).result, RegisterResult.OK);
  return { udp, uuid, pk, id };
}

const viewer = (options: { secure?: boolean; ip?: string } = {}) =>
  TcpClient.connect(server.ports.main, { localAddress: options.ip ?? A_IP, ...(options.secure === false ? {} : { secureWith: serverKey.publicKey }) }).then(track);

describe('rendezvous server', () => {
  before(start);
  after(async () => {
    for (const s of sockets) s.close();
    await server.close();
  });
  beforeEach(() => {
    dir.state.refuse = undefined;
    dir.state.failWrites = false;
    dir.state.deployedOnly = false;
    clock += 120_000;
  });

  describe('UDP registration (§4.1)', () => {
    it('asks an unknown device for its key, accepts it, and shows it online until 30 s of silence', async () => {
      const udp = track(await UdpClient.open(udpTo(), B_IP));
      udp.send({ register_peer: { id: 'dev100001' } });
      assert.equal((await udp.next('register_peer_response')).request_pk, true);
      udp.send({ register_pk: { id: 'dev100001', uuid: randomBytes(16), pk: randomBytes(32) } });
      const ok = await udp.next('register_pk_response');
      assert.equal(ok.result, RegisterResult.OK);
      udp.send({ register_peer: { id: 'dev100001' } });
      assert.equal((await udp.next('register_peer_response')).request_pk, false);

      const query = track(await TcpClient.connect(server.ports.query));
      query.send({ online_request: { id: 'me', peers: ['nobody', 'dev100001'] } });
      assert.equal(Buffer.from((await query.next('online_response')).states).toString('hex'), '40');

      clock += 31_000;
      const again = track(await TcpClient.connect(server.ports.query));
      again.send({ online_request: { id: 'me', peers: ['dev100001'] } });
      assert.equal(Buffer.from((await again.next('online_response')).states).toString('hex'), '00');
      const a = await viewer();
      a.send({ punch_hole_request: { id: 'dev100001', licence_key: KEY, version: '1.4.9' } });
      assert.equal((await a.next('punch_hole_response')).failure, PunchFailure.OFFLINE);
    });

    it('sends the encoding of an all-default answer as the tag and 00 (§8 item 10)', async () => {
      const udp = track(await UdpClient.open(udpTo(), B_IP));
      const raw: Buffer[] = [];
      udp.socket.on('message', (d) => raw.push(d));
      udp.send({ register_pk: { id: 'dev100002', uuid: randomBytes(16), pk: randomBytes(32) } });
      await udp.next('register_pk_response');
      assert.equal(raw[0]!.toString('hex'), '820100');
    });

    it('refuses another uuid for a registered id, and a new key from another address, with UUID_MISMATCH', async () => {
      const b = await device('dev100003');
      b.udp.send({ register_pk: { id: 'dev100003', uuid: randomBytes(16), pk: b.pk } });
      assert.equal((await b.udp.next('register_pk_response')).result, RegisterResult.UUID_MISMATCH);
      const elsewhere = track(await UdpClient.open(udpTo(), '127.0.0.9'));
      elsewhere.send({ register_pk: { id: 'dev100003', uuid: b.uuid, pk: randomBytes(32) } });
      assert.equal((await elsewhere.next('register_pk_response')).result, RegisterResult.UUID_MISMATCH);
      clock += 7_000;
      // A re-keyed device at its usual address recovers (§8 item 15).
      b.udp.send({ register_pk: { id: 'dev100003', uuid: b.uuid, pk: randomBytes(32) } });
      assert.equal((await b.udp.next('register_pk_response')).result, RegisterResult.OK);
    });

    it('refuses ids under six characters, a fourth RegisterPk within 6 s, and ignores an empty uuid or key', async () => {
      const udp = track(await UdpClient.open(udpTo(), '127.0.0.4'));
      udp.send({ register_pk: { id: 'abc', uuid: randomBytes(16), pk: randomBytes(32) } });
      assert.equal((await udp.next('register_pk_response')).result, RegisterResult.UUID_MISMATCH);
      const uuid = randomBytes(16);
      const pk = randomBytes(32);
      const results: number[] = [];
      for (let i = 0; i < 4; i++) {
        udp.send({ register_pk: { id: 'dev100004', uuid, pk } });
        results.push((await udp.next('register_pk_response')).result);
      }
      assert.deepEqual(results, [0, 0, 0, RegisterResult.TOO_FREQUENT]);
      udp.send({ register_pk: { id: 'dev100005', uuid: new Uint8Array(0), pk } });
      udp.send({ register_pk: { id: 'dev100005', uuid, pk: new Uint8Array(0) } });
      udp.send({ register_peer: { id: '' } });
      assert.equal(await udp.silentFor(200), true);
    });

    it('refuses a flood of new devices from one address, but not devices proving keys it already has', async () => {
      const udp = track(await UdpClient.open(udpTo(), '127.0.0.6'));
      const devices = Array.from({ length: 31 }, (_, i) => ({ id: `flood${String(i).padStart(4, '0')}`, uuid: randomBytes(16), pk: randomBytes(32) }));
      const results: number[] = [];
      for (const d of devices) {
        udp.send({ register_pk: d });
        results.push((await udp.next('register_pk_response')).result);
      }
      assert.deepEqual(results.slice(0, 30), Array<number>(30).fill(RegisterResult.OK));
      assert.equal(results[30], RegisterResult.TOO_FREQUENT);
      // After a restart every device proves its known key at once: that is no flood.
      clock += 7_000;
      udp.send({ register_pk: devices[0]! });
      assert.equal((await udp.next('register_pk_response')).result, RegisterResult.OK);
    });

    it('answers SERVER_ERROR and keeps the device offline when its registration cannot be stored', async () => {
      dir.state.failWrites = true;
      const udp = track(await UdpClient.open(udpTo(), B_IP));
      udp.send({ register_pk: { id: 'dev100006', uuid: randomBytes(16), pk: randomBytes(32) } });
      assert.equal((await udp.next('register_pk_response')).result, RegisterResult.SERVER_ERROR);
      const query = track(await TcpClient.connect(server.ports.query));
      query.send({ online_request: { peers: ['dev100006'] } });
      assert.equal(Buffer.from((await query.next('online_response')).states).toString('hex'), '00');
    });

    it('answers NOT_DEPLOYED to a new device when the directory requires deployment', async () => {
      dir.state.deployedOnly = true;
      const udp = track(await UdpClient.open(udpTo(), B_IP));
      udp.send({ register_pk: { id: 'dev100007', uuid: randomBytes(16), pk: randomBytes(32) } });
      assert.equal((await udp.next('register_pk_response')).result, RegisterResult.NOT_DEPLOYED);
    });

    it('ignores punch requests, answers and config pushes over UDP (no reflection, §7.4)', async () => {
      await device('dev100008');
      const udp = track(await UdpClient.open(udpTo(), '127.0.0.5'));
      udp.send({ punch_hole_request: { id: 'dev100008', licence_key: KEY } });
      udp.send({ punch_hole_sent: { id: 'dev100008' } });
      udp.send({ local_addr: { id: 'dev100008' } });
      udp.send({ configure_update: { serial: 9, rendezvous_servers: ['evil'] } });
      udp.send({ request_relay: { id: 'dev100008', uuid: 'u' } });
      assert.equal(await udp.silentFor(200), true);
    });

    it('tells a viewer its UDP port (the UDP punch\'s NAT test, §4.9)', async () => {
      const udp = track(await UdpClient.open(udpTo(), A_IP));
      udp.send({ test_nat_request: {} });
      assert.equal((await udp.next('test_nat_response')).port, udp.port);
    });
  });

  describe('secure TCP (§4.5, §8 items 1–5)', () => {
    it('speaks first with a KeyExchange signed by the server key, then talks encrypted both ways', async () => {
      const a = await viewer();
      assert.equal(a.offer?.length, 1);
      assert.equal(a.offer![0]!.length, 96);
      assert.equal(verifyCombined(a.offer![0]!, serverKey.publicKey)?.length, 32);
      a.send({ punch_hole_request: { id: 'nosuch001', licence_key: KEY } });
      assert.equal((await a.next('punch_hole_response')).failure, PunchFailure.ID_NOT_EXIST);
    });

    it('answers a client that sends first without reading the offer in plaintext', async () => {
      const a = await viewer({ secure: false });
      a.send({ punch_hole_request: { id: 'nosuch002', licence_key: KEY } });
      const answer = await a.next('punch_hole_response');
      assert.equal(answer.failure, PunchFailure.ID_NOT_EXIST);
      assert.equal(a.offer?.length, 1, 'the offer came first and the client skipped it');
    });

    it('offers nothing on the query port or on WebSocket (§8 item 2)', async () => {
      const q = track(await TcpClient.connect(server.ports.query));
      const ws = track(await WsClient.connect(server.ports.ws));
      q.send({ test_nat_request: {} });
      ws.send({ test_nat_request: {} });
      assert.equal((await q.next('test_nat_response')).port, q.localPort);
      await ws.next('test_nat_response');
      assert.equal(q.offer, undefined);
    });

    it('closes a connection whose key exchange is malformed or whose frame fails authentication (§7.4)', async () => {
      const bad = track(await TcpClient.connect(server.ports.main, { localAddress: A_IP }));
      bad.sendRaw(frame(encodeMessage({ key_exchange: { keys: [randomBytes(32)] } })));
      await bad.closed();
      const unopenable = track(await TcpClient.connect(server.ports.main, { localAddress: A_IP }));
      unopenable.sendRaw(frame(encodeMessage({ key_exchange: { keys: [randomBytes(32), randomBytes(48)] } })));
      await unopenable.closed();
      const tampered = await viewer();
      tampered.sendRaw(frame(randomBytes(40)));
      await tampered.closed();
    });

    it('keeps serving after garbage, truncated frames, oversized headers and non-protobuf payloads', async () => {
      const junk = [Buffer.from([0xff, 0xff, 0xff, 0xff]), frame(Buffer.from('not protobuf at all \xff')), frame(Buffer.concat([Buffer.alloc(300, 0x0b)]))];
      for (const bytes of junk) {
        const c = track(await TcpClient.connect(server.ports.main, { localAddress: A_IP }));
        c.sendRaw(bytes);
        await c.closed();
      }
      const truncated = track(await TcpClient.connect(server.ports.main, { localAddress: A_IP }));
      truncated.sendRaw(Buffer.from([0x91, 0x01, 0x42]));
      const udp = track(await UdpClient.open(udpTo(), B_IP));
      for (const d of [Buffer.alloc(0), randomBytes(1200), Buffer.from('0b0b0b0c0c0c', 'hex'), Buffer.from('32ff', 'hex')]) udp.send(d);
      const b = await device('dev100009');
      assert.equal(b.id, 'dev100009');
      const a = await viewer();
      a.send({ punch_hole_request: { id: 'nosuch003', licence_key: KEY } });
      assert.equal((await a.next('punch_hole_response')).failure, PunchFailure.ID_NOT_EXIST);
    });
  });

  describe('punch hole (§4.3)', () => {
    it('pushes PunchHole to the device with the viewer\'s address, and answers the viewer with the device\'s address and signed key', async () => {
      const b = await device('dev200001');
      const a = await viewer();
      a.send({ punch_hole_request: { id: 'dev200001', licence_key: KEY, version: '1.4.9', nat_type: 1, token: 'secret-token' } });
      const hole = await b.udp.next('punch_hole');
      assert.deepEqual(unmangle(hole.socket_addr), { address: A_IP, port: a.localPort });
      assert.equal(hole.relay_server, 'relay.example:21117');
      assert.equal(hole.nat_type, 1);
      assert.equal(hole.controlled_context?.conn_audit_ref, 'audit-1');
      assert.deepEqual(dir.admits.at(-1), { token: 'secret-token', targetId: 'dev200001', kind: 'punch', from: A_IP });

      // B answers from a fresh TCP connection, without reading, and closes at once (§8 item 8).
      const sent = track(await TcpClient.connect(server.ports.main, { localAddress: B_IP }));
      sent.send({ punch_hole_sent: { socket_addr: hole.socket_addr, id: 'dev200001', version: '1.4.9', nat_type: 1 } });
      const bPort = sent.localPort;
      sent.socket.end();

      const answer = await a.next('punch_hole_response');
      assert.deepEqual(unmangle(answer.socket_addr), { address: B_IP, port: bPort });
      const idPk = verifyCombined(answer.pk, serverKey.publicKey);
      assert.ok(idPk, 'the device key is signed with the server key');
      assert.equal(Buffer.from(idPk).toString('hex'), '0a09' + Buffer.from('dev200001').toString('hex') + '1220' + b.pk.toString('hex'));
    });

    it('asks a device on the viewer\'s own address for its LAN address, and answers is_local (§4.3 step 6)', async () => {
      const b = await device('dev200002', A_IP);
      const a = await viewer();
      a.send({ punch_hole_request: { id: 'dev200002', licence_key: KEY } });
      const fetch = await b.udp.next('fetch_local_addr');
      const lan = mangle({ address: '192.168.1.20', port: 40000 });
      const local = track(await TcpClient.connect(server.ports.main, { localAddress: A_IP }));
      local.send({ local_addr: { socket_addr: fetch.socket_addr, local_addr: lan, id: 'dev200002', version: '1.4.9' } });
      const answer = await a.next('punch_hole_response');
      assert.equal(answer.is_local, true);
      assert.deepEqual(unmangle(answer.socket_addr), { address: '192.168.1.20', port: 40000 });
      assert.ok(verifyCombined(answer.pk, serverKey.publicKey));
    });

    it('answers a wrong key with LICENSE_MISMATCH, an unknown id with 5a00, and a repeated request once', async () => {
      await device('dev200003');
      const wrong = await viewer();
      wrong.send({ punch_hole_request: { id: 'dev200003', licence_key: 'OeVuKk5nlHiXp+APNn0Y3pC1Iwpwn44JGqrQCsWqmBw=' } });
      const mismatch = await wrong.next('punch_hole_response');
      assert.equal(mismatch.failure, PunchFailure.LICENSE_MISMATCH);
      assert.equal(mismatch.socket_addr.length, 0);

      const plain = await viewer({ secure: false });
      const raw: Buffer[] = [];
      plain.socket.on('data', (d: Buffer) => raw.push(d));
      plain.send({ punch_hole_request: { id: 'nosuch004', licence_key: KEY } });
      await plain.next('punch_hole_response');
      assert.ok(Buffer.concat(raw).toString('hex').endsWith('085a00'), 'the frame is 5a00');

      const b = await device('dev200004');
      const a = await viewer();
      for (let i = 0; i < 3; i++) a.send({ punch_hole_request: { id: 'dev200004', licence_key: KEY } });
      await b.udp.next('punch_hole');
      assert.equal(await b.udp.silentFor(200), true, 'one push for three copies');
    });

    it('refuses with the directory\'s words in other_failure, and does not disturb the device', async () => {
      const b = await device('dev200005');
      dir.state.refuse = 'Connection failed, please sign in first';
      const a = await viewer();
      a.send({ punch_hole_request: { id: 'dev200005', licence_key: KEY } });
      const answer = await a.next('punch_hole_response');
      assert.equal(answer.other_failure, 'Connection failed, please sign in first');
      assert.equal(answer.socket_addr.length, 0);
      assert.equal(await b.udp.silentFor(200), true);
    });

    it('passes a device\'s UDP punch answer to the waiting viewer with is_udp, and nothing to the datagram\'s source', async () => {
      const b = await device('dev200007');
      const a = await viewer();
      a.send({ punch_hole_request: { id: 'dev200007', licence_key: KEY, udp_port: 40001 } });
      const hole = await b.udp.next('punch_hole');
      assert.equal(hole.udp_port, 40001);
      const fresh = track(await UdpClient.open(udpTo(), B_IP));
      for (let i = 0; i < 3; i++) fresh.send({ punch_hole_sent: { socket_addr: hole.socket_addr, id: 'dev200007', version: '1.4.9' } });
      const answer = await a.next('punch_hole_response');
      assert.equal(answer.is_udp, true);
      assert.deepEqual(unmangle(answer.socket_addr), { address: B_IP, port: fresh.port });
      assert.equal(await fresh.silentFor(200), true);
    });

    it('does not let another device answer for the one asked (a forged PunchHoleSent)', async () => {
      const b = await device('dev200006');
      const a = await viewer();
      a.send({ punch_hole_request: { id: 'dev200006', licence_key: KEY } });
      const hole = await b.udp.next('punch_hole');
      const forger = track(await TcpClient.connect(server.ports.main, { localAddress: '127.0.0.7' }));
      forger.send({ punch_hole_sent: { socket_addr: hole.socket_addr, id: 'someoneelse', version: '1' } });
      const honest = track(await TcpClient.connect(server.ports.main, { localAddress: B_IP }));
      honest.send({ punch_hole_sent: { socket_addr: hole.socket_addr, id: 'dev200006', version: '1' } });
      const answer = await a.next('punch_hole_response');
      assert.equal(unmangle(answer.socket_addr)?.address, B_IP);
    });
  });

  describe('relay requests (§4.4)', () => {
    it('flow 1: forwards the request without the viewer\'s token and key, and passes the device\'s answer back', async () => {
      const b = await device('dev300001');
      const a = await viewer();
      a.send({ request_relay: { id: 'dev300001', uuid: 'uuid-1', relay_server: '', secure: true, token: 'secret-token', licence_key: KEY, switch_code: 'sw' } });
      const forwarded = await b.udp.next('request_relay');
      assert.equal(forwarded.token, '');
      assert.equal(forwarded.licence_key, '');
      assert.equal(forwarded.switch_code, '');
      assert.equal(forwarded.uuid, 'uuid-1');
      assert.equal(forwarded.secure, true);
      assert.equal(forwarded.relay_server, 'relay.example:21117');
      assert.deepEqual(unmangle(forwarded.socket_addr), { address: A_IP, port: a.localPort });

      const answer = track(await TcpClient.connect(server.ports.main, { localAddress: B_IP }));
      answer.send({ relay_response: { socket_addr: forwarded.socket_addr, version: '1.4.9', relay_server: 'relay.example:21117' } });
      const got = await a.next('relay_response');
      assert.equal(got.relay_server, 'relay.example:21117');
      assert.equal(got.socket_addr.length, 0);
    });

    it('flow 2: replaces the device\'s id with its signed key', async () => {
      const b = await device('dev300002');
      const a = await viewer();
      a.send({ punch_hole_request: { id: 'dev300002', licence_key: KEY, nat_type: 2 } });
      const hole = await b.udp.next('punch_hole');
      assert.equal(hole.nat_type, 2);
      const relay = track(await TcpClient.connect(server.ports.main, { localAddress: B_IP }));
      relay.send({ relay_response: { socket_addr: hole.socket_addr, uuid: 'uuid-2', id: 'dev300002', relay_server: 'relay.example:21117', version: '1.4.9' } });
      const got = await a.next('relay_response');
      assert.equal(got.uuid, 'uuid-2');
      assert.equal(got.id, undefined);
      const idPk = verifyCombined(got.pk!, serverKey.publicKey);
      assert.ok(idPk?.length);
    });

    it('refuses a relay to an unknown or offline device, or one the directory refuses, with refuse_reason', async () => {
      const a = await viewer();
      a.send({ request_relay: { id: 'nosuch005', uuid: 'u' } });
      assert.equal((await a.next('relay_response')).refuse_reason, 'ID does not exist');
      await device('dev300003');
      dir.state.refuse = 'This device is waiting for an administrator\'s approval';
      const c = await viewer();
      c.send({ request_relay: { id: 'dev300003', uuid: 'u2' } });
      assert.equal((await c.next('relay_response')).refuse_reason, 'This device is waiting for an administrator\'s approval');
    });
  });

  describe('TCP and WebSocket registration (§4.2)', () => {
    it('registers over secure TCP, beats the link, and delivers pushes over it encrypted', async () => {
      const b = await viewer({ ip: B_IP });
      b.send({ register_pk: { id: 'dev400001', uuid: randomBytes(16), pk: randomBytes(32) } });
      const ok = await b.next('register_pk_response');
      assert.equal(ok.result, RegisterResult.OK);
      assert.ok(ok.keep_alive > 0);
      await until(() => b.beats >= 1, 'the server starts the heartbeat');

      const a = await viewer();
      a.send({ punch_hole_request: { id: 'dev400001', licence_key: KEY } });
      const hole = await b.next('punch_hole');
      assert.deepEqual(unmangle(hole.socket_addr)?.address, A_IP);

      b.close();
      await until(() => !server.registry.isOnline(server.registry.get('dev400001')!), 'offline once its link closes');
    });

    it('drops a registered link that stops echoing the keep-alives, and the device goes offline', async () => {
      const b = await viewer({ ip: B_IP });
      b.send({ register_pk: { id: 'dev400003', uuid: randomBytes(16), pk: randomBytes(32) } });
      assert.equal((await b.next('register_pk_response')).result, RegisterResult.OK);
      b.echo = false;
      await b.closed(5000);
      assert.equal(server.registry.isOnline(server.registry.get('dev400003')!), false);
    });

    it('gives a device registered again on a new link the pushes, and keeps it when the old link closes', async () => {
      const uuid = randomBytes(16);
      const pk = randomBytes(32);
      const old = track(await WsClient.connect(server.ports.ws));
      old.send({ register_pk: { id: 'dev400002', uuid, pk } });
      assert.equal((await old.next('register_pk_response')).result, RegisterResult.OK);
      const fresh = track(await WsClient.connect(server.ports.ws));
      fresh.send({ register_pk: { id: 'dev400002', uuid, pk } });
      assert.equal((await fresh.next('register_pk_response')).result, RegisterResult.OK);
      old.close();
      await old.closed();
      const a = await viewer();
      a.send({ punch_hole_request: { id: 'dev400002', licence_key: KEY } });
      await fresh.next('punch_hole');
    });
  });

  describe('NAT test, online query, ID change (§4.6–§4.8)', () => {
    it('tells the source port on both ports, and answers online queries with exactly ceil(n/8) bytes', async () => {
      const main = track(await TcpClient.connect(server.ports.main));
      main.send({ test_nat_request: { serial: 0 } });
      assert.equal((await main.next('test_nat_response')).port, main.localPort);
      for (const [n, length] of [[0, 0], [1, 1], [8, 1], [9, 2]] as const) {
        const q = track(await TcpClient.connect(server.ports.query));
        q.send({ online_request: { id: 'me', peers: Array.from({ length: n }, (_, i) => `peer${i}`) } });
        assert.equal((await q.next('online_response')).states.length, length, `${n} peers`);
      }
      const ws = track(await WsClient.connect(server.ports.ws));
      ws.send({ online_request: { peers: ['x'] } });
      assert.equal((await ws.next('online_response')).states.length, 1, 'answered on WebSocket too (§8 item 18)');
    });

    it('changes an id for the uuid that owns it, and refuses a taken, malformed or foreign one', async () => {
      const b = await device('dev500001');
      await device('dev500002');
      const ask = async (oldId: string, id: string, uuid: Uint8Array) => {
        const c = track(await TcpClient.connect(server.ports.main, { localAddress: B_IP }));
        c.send({ register_pk: { old_id: oldId, id, uuid } });
        return (await c.next('register_pk_response')).result;
      };
      assert.equal(await ask('dev500001', 'dev500002', b.uuid), RegisterResult.ID_EXISTS);
      assert.equal(await ask('dev500001', '1bad', b.uuid), RegisterResult.INVALID_ID_FORMAT);
      assert.equal(await ask('dev500001', 'renamed01', randomBytes(16)), RegisterResult.UUID_MISMATCH);
      assert.equal(await ask('dev500001', 'renamed01', b.uuid), RegisterResult.OK);
      assert.ok(dir.devices.has('renamed01'));
      assert.ok(!dir.devices.has('dev500001'));
    });
  });

  describe('WebSocket viewers behind a proxy (§1.4, §8 item 13)', () => {
    it('believes X-Real-IP only from a trusted proxy, and gives each proxied viewer a port of its own', async () => {
      const b = await device('dev600001');
      const untrusted = track(await WsClient.connect(server.ports.ws, { 'X-Real-IP': '198.51.100.5' }));
      untrusted.send({ punch_hole_request: { id: 'dev600001', licence_key: KEY } });
      assert.equal(unmangle((await b.udp.next('punch_hole')).socket_addr)?.address, '127.0.0.1');

      const proxied = await startRendezvous({
        host: '127.0.0.1',
        ports: { main: 0, query: 0, ws: 0 },
        directory: dir.directory,
        signingKey: serverKey,
        licenceKey: KEY,
        relayServer: '',
        trustedProxy: (ip) => ip === '127.0.0.1',
        now: () => clock,
        log: () => undefined,
      });
      try {
        const udp = track(await UdpClient.open({ host: '127.0.0.1', port: proxied.ports.main }, B_IP));
        udp.send({ register_pk: { id: 'dev600002', uuid: randomBytes(16), pk: randomBytes(32) } });
        assert.equal((await udp.next('register_pk_response')).result, RegisterResult.OK);
        const seen: string[] = [];
        for (const forwarded of ['198.51.100.5', '198.51.100.5']) {
          const ws = track(await WsClient.connect(proxied.ports.ws, { 'X-Forwarded-For': `${forwarded}, 10.0.0.1` }));
          ws.send({ punch_hole_request: { id: 'dev600002', licence_key: KEY } });
          const addr = unmangle((await udp.next('punch_hole')).socket_addr)!;
          assert.equal(addr.address, forwarded);
          seen.push(`${addr.address}:${addr.port}`);
        }
        assert.notEqual(seen[0], seen[1], 'two people behind one address are told apart');
      } finally {
        await proxied.close();
      }
    });
  });

  describe('API requests through secure TCP (§4.10)', () => {
    it('answers an API request tunnelled over secure TCP, and refuses it in plaintext or outside /api/', async () => {
      const secure = await viewer();
      secure.send({ http_proxy_request: { method: 'POST', path: '/api/heartbeat', headers: [{ name: 'Authorization', value: 'Bearer x' }], body: Buffer.from('{}') } });
      const answer = await secure.next('http_proxy_response');
      assert.equal(answer.status, 200);
      assert.deepEqual(JSON.parse(Buffer.from(answer.body).toString()), { path: '/api/heartbeat', ip: A_IP });
      const plain = await viewer({ secure: false });
      plain.send({ http_proxy_request: { method: 'GET', path: '/api/login-options' } });
      assert.match((await plain.next('http_proxy_response')).error, /secure TCP/);
      const outside = await viewer();
      outside.send({ http_proxy_request: { method: 'GET', path: '/admin' } });
      assert.match((await outside.next('http_proxy_response')).error, /only \/api\//);
    });
  });

  it('decodes what it sends with the client\'s own reading (a sanity check of the scripted client)', () => {
    assert.equal(decodeMessage(encodeMessage({ online_response: { states: Uint8Array.of(0xc0) } }))?.kind, 'online_response');
  });
});
