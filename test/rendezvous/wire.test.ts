import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mangle, normalizeIp, unmangle } from '../../src/rendezvous/wire/addr-mangle.js';
import { frame, frameHeader, FrameReader, FrameTooLarge } from '../../src/rendezvous/wire/frame.js';
import { decodeMessage, encodeMessage } from '../../src/rendezvous/wire/messages.js';
import { ProtobufError } from '../../src/rendezvous/wire/protobuf.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

describe('TCP framing (spec §1.2)', () => {
  it('writes the shortest header for each length, as the client does', () => {
    const cases: [number, string][] = [
      [0, '00'],
      [1, '04'],
      [63, 'fc'],
      [64, '0101'],
      [100, '9101'],
      [16383, 'fdff'],
      [16384, '020001'],
      [4194304, '03000001'],
    ];
    for (const [length, header] of cases) assert.equal(hex(frameHeader(length)), header, `length ${length}`);
  });

  it('splits a stream cut at every byte into the frames that were sent', () => {
    const payloads = [Buffer.alloc(0), Buffer.from('a'), Buffer.alloc(64, 7), Buffer.alloc(16384, 9), Buffer.alloc(70_000, 3)];
    const stream = Buffer.concat(payloads.map((p) => frame(p)));
    for (const step of [1, 3, 1000, stream.length]) {
      const reader = new FrameReader(1 << 20);
      const got: Buffer[] = [];
      for (let i = 0; i < stream.length; i += step) {
        reader.push(stream.subarray(i, i + step));
        for (let p = reader.next(); p; p = reader.next()) got.push(p);
      }
      assert.deepEqual(got.map(hex), payloads.map(hex), `step ${step}`);
    }
  });

  it('accepts a non-minimal header', () => {
    const reader = new FrameReader(100);
    reader.push(Buffer.from([(2 << 2) | 1, 0, 0x61, 0x62]));
    assert.equal(reader.next()?.toString(), 'ab');
  });

  it('refuses a frame over the limit from its header alone, before its bytes arrive', () => {
    const reader = new FrameReader(1024);
    reader.push(Buffer.from([0xff, 0xff, 0xff, 0xff]));
    assert.throws(() => reader.next(), FrameTooLarge);
  });

  it('keeps the bytes after a frame for whoever reads on (the relay forwards them)', () => {
    const reader = new FrameReader(100);
    reader.push(Buffer.concat([frame(Buffer.from('hi')), Buffer.from('raw tail')]));
    assert.equal(reader.next()?.toString(), 'hi');
    assert.equal(reader.pending.toString(), 'raw tail');
  });
});

describe('RendezvousMessage encoding (spec §3)', () => {
  it('writes a oneof member whose fields are all defaults as its tag and 00', () => {
    assert.equal(hex(encodeMessage({ punch_hole_response: {} })), '5a00');
    assert.equal(hex(encodeMessage({ register_pk_response: { result: 0 } })), '820100');
    assert.equal(hex(encodeMessage({ register_peer_response: { request_pk: false } })), '3a00');
  });

  it('matches the spec vector of a PunchHoleRequest', () => {
    assert.equal(hex(encodeMessage({ punch_hole_request: { id: '123456789' } })), '420b0a09313233343536373839');
  });

  it('round-trips every field type: strings, bytes, enums, negative int32, bools, uint64, repeated, nested', () => {
    const sent = {
      punch_hole: {
        socket_addr: Uint8Array.from([1, 2, 3]),
        relay_server: 'relay.example:21117',
        nat_type: 2,
        udp_port: -5,
        force_relay: true,
        control_permissions: { permissions: 0xfffffffffffffffen },
        controlled_context: { conn_audit_ref: 'ü-ref' },
      },
    };
    const got = decodeMessage(encodeMessage(sent));
    assert.equal(got?.kind, 'punch_hole');
    assert.ok(got?.kind === 'punch_hole');
    assert.deepEqual(hex(got.body.socket_addr), '010203');
    assert.equal(got.body.relay_server, 'relay.example:21117');
    assert.equal(got.body.nat_type, 2);
    assert.equal(got.body.udp_port, -5);
    assert.equal(got.body.force_relay, true);
    assert.equal(got.body.upnp_port, 0);
    assert.equal(got.body.control_permissions?.permissions, 0xfffffffffffffffen);
    assert.equal(got.body.controlled_context?.conn_audit_ref, 'ü-ref');
    const online = decodeMessage(encodeMessage({ online_request: { id: 'me', peers: ['a', 'b', 'c'] } }));
    assert.deepEqual(online?.kind === 'online_request' && online.body.peers, ['a', 'b', 'c']);
  });

  it('tells the oneof members of RelayResponse apart (id or signed pk)', () => {
    const withPk = decodeMessage(encodeMessage({ relay_response: { uuid: 'u', pk: Uint8Array.of(9) } }));
    assert.ok(withPk?.kind === 'relay_response');
    assert.equal(withPk.body.id, undefined);
    assert.equal(hex(withPk.body.pk!), '09');
    const local = decodeMessage(encodeMessage({ punch_hole_response: { socket_addr: Uint8Array.of(1), is_local: true } }));
    assert.ok(local?.kind === 'punch_hole_response' && local.body.is_local === true && local.body.nat_type === undefined);
  });

  it('skips unknown fields and keeps unknown enum values', () => {
    // RegisterPeer{id:"abcdef", 99: varint 1, 100: bytes "zz"} and PunchHoleResponse{failure: 77}.
    const inner = Buffer.from('0a06616263646566' + '980601' + 'a206027a7a', 'hex');
    const fixed = Buffer.concat([Buffer.from([0x32, inner.length]), inner]);
    const got = decodeMessage(fixed);
    assert.ok(got?.kind === 'register_peer');
    assert.equal(got.body.id, 'abcdef');
    const failure = decodeMessage(Buffer.from('5a02184d', 'hex'));
    assert.ok(failure?.kind === 'punch_hole_response' && failure.body.failure === 77);
  });

  it('reads an empty payload or an unknown member as nothing', () => {
    assert.equal(decodeMessage(Buffer.alloc(0)), undefined);
    assert.equal(decodeMessage(Buffer.from('fa0300', 'hex')), undefined);
  });

  it('refuses deep nesting of groups without recursing (stock regression, §7.4)', () => {
    const attack = Buffer.concat([Buffer.alloc(300_000, 0x0b), Buffer.alloc(300_000, 0x0c)]);
    assert.throws(() => decodeMessage(attack), ProtobufError);
  });

  it('refuses truncated and overlong fields', () => {
    assert.throws(() => decodeMessage(Buffer.from('420b0a0931', 'hex')), ProtobufError);
    assert.throws(() => decodeMessage(Buffer.from('42ffffffffffffffffffff01', 'hex')), ProtobufError);
    assert.throws(() => decodeMessage(Buffer.from('4202', 'hex')), ProtobufError);
    // A string field sent as a varint.
    assert.throws(() => decodeMessage(Buffer.from('42020801', 'hex')), ProtobufError);
  });
});

describe('AddrMangle (spec §3.4)', () => {
  it('matches the spec vectors and decodes them back', () => {
    const vectors: [string, number, number, string][] = [
      ['1.2.3.4', 21116, 0x12345678, 'f4a8f0ac6824f2b06e2c'],
      ['192.168.1.10', 50000, 0xfedcba98, 'e87d3175b9fdb1c6bc1102'],
      ['203.0.113.5', 1, 0, '0100000000009601e20a'],
    ];
    for (const [address, port, tm, expected] of vectors) {
      const bytes = mangle({ address, port }, tm);
      assert.equal(hex(bytes), expected);
      assert.deepEqual(unmangle(bytes), { address, port });
    }
  });

  it('encodes IPv6 as 16 address bytes and a little-endian port, and normalises mapped IPv4', () => {
    const bytes = mangle({ address: '2001:db8::1', port: 0x1234 });
    assert.equal(bytes.length, 18);
    assert.equal(hex(bytes), '20010db8000000000000000000000001' + '3412');
    assert.deepEqual(unmangle(bytes), { address: '2001:db8::1', port: 0x1234 });
    assert.deepEqual(unmangle(mangle({ address: '::ffff:10.1.2.3', port: 80 })), { address: '10.1.2.3', port: 80 });
    assert.equal(normalizeIp('::1'), '::1');
  });

  it('decodes an empty value as 0.0.0.0:0 and refuses lengths no client writes', () => {
    assert.deepEqual(unmangle(new Uint8Array(0)), { address: '0.0.0.0', port: 0 });
    assert.equal(unmangle(new Uint8Array(17)), undefined);
  });
});
