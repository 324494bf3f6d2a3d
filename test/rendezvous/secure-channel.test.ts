import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { describe, it } from 'node:test';
import nacl from 'tweetnacl';
import {
  createOffer,
  encodeIdPk,
  FrameCipher,
  offerWithBoxKey,
  openReply,
  signIdPk,
  signingKeyFromSecretKey,
  signingKeyFromSeed,
  verifyCombined,
} from '../../src/rendezvous/secure-channel.js';
import { clientAnswer, clientAnswerWith } from '../support/rendezvous-client-crypto.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const fromHex = (text: string) => new Uint8Array(Buffer.from(text.replace(/\s/g, ''), 'hex'));
const filled = (byte: number, length = 32) => new Uint8Array(length).fill(byte);
const ZERO_NONCE = new Uint8Array(24);

/** A box of `key` from a fresh client key pair to `serverBoxKey`, as a client (§4.5 step 3) makes it. */
function reply(serverBoxPublicKey: Uint8Array, key: Uint8Array) {
  const client = nacl.box.keyPair();
  return [client.publicKey, nacl.box(key, ZERO_NONCE, serverBoxPublicKey, client.secretKey)];
}

// spec/rustdesk-rendezvous.md §7.2, computed with Debian's libsodium.
describe('the known-answer vectors of §7.2', () => {
  const server = signingKeyFromSeed(filled(0x01));
  const serverPk = '8a88e3dd7409f195fd52db2d3cba5d72ca6709bf1d94121bf3748801b40f6f5c';
  const boxPk = 'ce8d3ad1ccb633ec7b70c17814a5c76ecd029685050d344745ba05870e587d59';
  const offerSignature =
    'dbf836a06a782c8fc7d79d8cf2d57714488a20938d79110807fc714945029ca58bb842294789cd3a73385268293894b9a7232061b3665ba5e0b932983d93980e';
  const clientBoxPk = '5dfedd3b6bd47f6fa28ee15d969d5bb0ea53774d488bdaf9df1c6e0124b3ef22';
  const sealed =
    'eb0695edf1b0a61ffc663c80123c2c44e0b2f0dd3e5855f492b88bafcd4948b6ab0a8f1097831986f4657d2fea6fa621';

  it('derives the server key, its base64 and the id_ed25519 text from seed 32×01', () => {
    assert.equal(hex(server.publicKey), serverPk);
    assert.equal(Buffer.from(server.publicKey).toString('base64'), 'iojj3XQJ8ZX9UtstPLpdcspnCb8dlBIb83SIAbQPb1w=');
    const idEd25519 = 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQGKiOPddAnxlf1S2y08ul1yymcJvx2UEhvzdIgBtA9vXA==';
    assert.equal(Buffer.concat([filled(0x01), server.publicKey]).toString('base64'), idEd25519);
    const loaded = signingKeyFromSecretKey(new Uint8Array(Buffer.from(idEd25519, 'base64')));
    assert.equal(hex(loaded.publicKey), serverPk);
  });

  it('signs the offer of box key 32×02 as one 96-byte combined entry', () => {
    const offer = offerWithBoxKey(server, filled(0x02));
    assert.deepEqual(offer.keys.map(hex), [offerSignature + boxPk]);
    assert.equal(hex(verifyCombined(offer.keys[0]!, server.publicKey)!), boxPk);
  });

  it('opens the client reply of box key 32×03 sealing K = 32×04, byte for byte', () => {
    const offer = offerWithBoxKey(server, filled(0x02));
    const answer = clientAnswerWith(offer.keys, server.publicKey, filled(0x03), filled(0x04));
    assert.deepEqual(answer?.keys.map(hex), [clientBoxPk, sealed]);
    assert.equal(hex(openReply([fromHex(clientBoxPk), fromHex(sealed)], filled(0x02))!), hex(filled(0x04)));
  });

  it('encrypts the first frame in each direction with counter 1', () => {
    const serverSide = new FrameCipher(filled(0x04));
    const clientSide = new FrameCipher(filled(0x04));
    const request = clientSide.seal(fromHex('420b0a09313233343536373839'));
    assert.equal(hex(request), '80f23235e3739394af61ed27076332d2ac0bee7e67c137628c04150395');
    assert.equal(hex(serverSide.open(request)!), '420b0a09313233343536373839');
    const response = serverSide.seal(fromHex('5a00'));
    assert.equal(hex(response), 'f6926f1f8ec4e29728498cc2be6b4a6ab400');
    assert.equal(hex(clientSide.open(response)!), '5a00');
  });

  it('signs IdPk{id:"123456789", pk:32×05} in combined mode', () => {
    const message = '0a09313233343536373839' + '1220' + hex(filled(0x05));
    const signed = signIdPk(server, '123456789', filled(0x05));
    assert.equal(
      hex(signed.subarray(0, 64)),
      '2aed4b27b0f97988bd023c645b3d4fe9923f052acccabdc89729ec803732f27d75cb229759757d3938627cfdbef6e0ee967f2128e8fdc6cd8fa0eee1ee0fe40d',
    );
    assert.equal(hex(signed.subarray(64)), message);
    assert.equal(hex(verifyCombined(signed, server.publicKey)!), message);
  });
});

describe('signing keys', () => {
  it('refuses an id_ed25519 whose public half belongs to another seed', () => {
    const other = signingKeyFromSeed(filled(0x09));
    assert.throws(() => signingKeyFromSecretKey(Buffer.concat([filled(0x01), other.publicKey])), /does not belong/);
    assert.throws(() => signingKeyFromSecretKey(filled(0x01, 63)), RangeError);
    assert.throws(() => signingKeyFromSeed(filled(0x01, 31)), RangeError);
  });

  it('signs as tweetnacl does, and verifyCombined refuses a changed message or another key', () => {
    for (const length of [0, 1, 32, 1000]) {
      const seed = randomBytes(32);
      const message = randomBytes(length);
      const signed = signingKeyFromSeed(seed).sign(message);
      const reference = nacl.sign.keyPair.fromSeed(seed);
      assert.equal(hex(signed), hex(nacl.sign(message, reference.secretKey)));
      assert.equal(hex(verifyCombined(signed, reference.publicKey)!), hex(message));
      const changed = new Uint8Array(signed);
      changed[changed.length - 1]! ^= 1;
      assert.equal(verifyCombined(changed, reference.publicKey), null);
      assert.equal(verifyCombined(signed, nacl.sign.keyPair().publicKey), null);
      assert.equal(verifyCombined(signed, reference.publicKey.subarray(1)), null);
    }
  });

  it('encodes IdPk as proto3 does: empty fields left out, long ids with a two-byte length', () => {
    assert.equal(hex(encodeIdPk('', filled(0x05))), '1220' + hex(filled(0x05)));
    assert.equal(hex(encodeIdPk('123456', new Uint8Array())), '0a06313233343536');
    assert.equal(hex(encodeIdPk('', new Uint8Array())), '');
    assert.equal(hex(encodeIdPk('x'.repeat(200), new Uint8Array()).subarray(0, 3)), '0ac801');
    assert.equal(hex(encodeIdPk('é', new Uint8Array())), '0a02c3a9');
  });
});

describe('the key exchange', () => {
  it('makes a fresh box key per offer, and the client answer opens to its K', () => {
    const server = signingKeyFromSeed(randomBytes(32));
    const first = createOffer(server);
    const second = createOffer(server);
    assert.equal(first.keys.length, 1);
    assert.equal(first.keys[0]!.length, 96);
    assert.notEqual(hex(first.boxSecretKey), hex(second.boxSecretKey));
    assert.notEqual(hex(first.keys[0]!), hex(second.keys[0]!));
    const answer = clientAnswer(first.keys, server.publicKey)!;
    assert.equal(hex(openReply(answer.keys, first.boxSecretKey)!), hex(answer.key));
    // A copy of the secret key (not the offer's own array) opens it the same way, only slower.
    assert.equal(hex(openReply(answer.keys, new Uint8Array(first.boxSecretKey))!), hex(answer.key));
    // The box was made for the first offer's key, not the second's.
    assert.equal(openReply(answer.keys, second.boxSecretKey), null);
  });

  it('opens exactly what tweetnacl box.open opens, and refuses what it refuses', () => {
    for (let i = 0; i < 20; i += 1) {
      const serverBox = nacl.box.keyPair();
      const keys = reply(serverBox.publicKey, randomBytes(32));
      if (i % 2 === 1) keys[1]![randomInt(48)]! ^= 1 << randomInt(8);
      const ours = openReply(keys, serverBox.secretKey);
      const theirs = nacl.box.open(keys[1]!, ZERO_NONCE, keys[0]!, serverBox.secretKey);
      assert.equal(ours === null ? null : hex(ours), theirs === null ? null : hex(theirs));
      assert.equal(ours === null, i % 2 === 1);
    }
  });

  it('ignores the top bit of the client box key, as tweetnacl and libsodium do', () => {
    const serverBox = nacl.box.keyPair();
    const key = randomBytes(32);
    const [clientPk, sealed] = reply(serverBox.publicKey, key) as [Uint8Array, Uint8Array];
    clientPk[31]! |= 0x80;
    assert.ok(nacl.box.open(sealed, ZERO_NONCE, clientPk, serverBox.secretKey));
    assert.equal(hex(openReply([clientPk, sealed], serverBox.secretKey)!), hex(key));
  });

  // §7.4: the caller closes the connection on each of these.
  it('refuses a reply with other than two keys', () => {
    const serverBox = nacl.box.keyPair();
    const keys = reply(serverBox.publicKey, randomBytes(32));
    assert.ok(openReply(keys, serverBox.secretKey));
    assert.equal(openReply([], serverBox.secretKey), null);
    assert.equal(openReply([keys[0]!], serverBox.secretKey), null);
    assert.equal(openReply([...keys, keys[1]!], serverBox.secretKey), null);
  });

  it('refuses a client box key that is not 32 bytes', () => {
    const serverBox = nacl.box.keyPair();
    const [clientPk, sealed] = reply(serverBox.publicKey, randomBytes(32)) as [Uint8Array, Uint8Array];
    assert.equal(openReply([clientPk.subarray(0, 31), sealed], serverBox.secretKey), null);
    assert.equal(openReply([Buffer.concat([clientPk, Uint8Array.of(0)]), sealed], serverBox.secretKey), null);
  });

  it('refuses a box that does not open: changed, cut short, or sealed for another server key', () => {
    const serverBox = nacl.box.keyPair();
    const [clientPk, sealed] = reply(serverBox.publicKey, randomBytes(32)) as [Uint8Array, Uint8Array];
    for (const index of [0, 15, 16, 47]) {
      const changed = new Uint8Array(sealed);
      changed[index]! ^= 0x80;
      assert.equal(openReply([clientPk, changed], serverBox.secretKey), null, `byte ${index}`);
    }
    assert.equal(openReply([clientPk, sealed.subarray(0, 15)], serverBox.secretKey), null);
    assert.equal(openReply([clientPk, new Uint8Array()], serverBox.secretKey), null);
    assert.equal(openReply([clientPk, sealed], nacl.box.keyPair().secretKey), null);
  });

  it('refuses a box whose opened key is not 32 bytes', () => {
    const serverBox = nacl.box.keyPair();
    for (const length of [0, 16, 31, 33, 64]) {
      const keys = reply(serverBox.publicKey, randomBytes(length));
      assert.ok(nacl.box.open(keys[1]!, ZERO_NONCE, keys[0]!, serverBox.secretKey), 'the box itself opens');
      assert.equal(openReply(keys, serverBox.secretKey), null, `${length} bytes`);
    }
  });

  it('refuses a low-order client key, whose shared secret anyone can compute, as libsodium does', () => {
    const serverBox = nacl.box.keyPair();
    // With the zero point as pk_C the X25519 result is all zeros whatever the server's key, so an
    // attacker can seal K without any secret; tweetnacl would open it, libsodium refuses it.
    const publicBoxKey = nacl.box.before(new Uint8Array(32), serverBox.secretKey);
    const forged = nacl.secretbox(randomBytes(32), ZERO_NONCE, publicBoxKey);
    assert.ok(nacl.box.open(forged, ZERO_NONCE, new Uint8Array(32), serverBox.secretKey));
    assert.equal(openReply([new Uint8Array(32), forged], serverBox.secretKey), null);
  });

  it('leaves the client answer to a genuine, single, 32-byte signed offer', () => {
    const server = signingKeyFromSeed(randomBytes(32));
    const offer = createOffer(server);
    assert.ok(clientAnswer(offer.keys, server.publicKey));
    assert.equal(clientAnswer([...offer.keys, ...offer.keys], server.publicKey), null);
    assert.equal(clientAnswer(offer.keys, signingKeyFromSeed(randomBytes(32)).publicKey), null);
    assert.equal(clientAnswer([server.sign(randomBytes(31))], server.publicKey), null);
  });
});

describe('the frame cipher', () => {
  it('seals every message, an empty one into 16 bytes, MAC first', () => {
    const key = randomBytes(32);
    const cipher = new FrameCipher(key);
    const sealed = cipher.seal(new Uint8Array());
    assert.equal(sealed.length, 16);
    const nonce1 = new Uint8Array(24);
    nonce1[0] = 1;
    assert.equal(hex(nacl.secretbox.open(sealed, nonce1, key)!), '');
    assert.equal(cipher.seal(randomBytes(100)).length, 116);
  });

  it('refuses a changed frame, and every frame after it', () => {
    const key = randomBytes(32);
    const sender = new FrameCipher(key);
    const receiver = new FrameCipher(key);
    assert.equal(hex(receiver.open(sender.seal(fromHex('0102')))!), '0102');
    const changed = sender.seal(fromHex('0304'));
    changed[0]! ^= 1;
    assert.equal(receiver.open(changed), null);
    assert.equal(receiver.open(sender.seal(fromHex('0506'))), null);
  });

  it('refuses a frame replayed or taken out of order', () => {
    const key = randomBytes(32);
    const sender = new FrameCipher(key);
    const first = sender.seal(fromHex('01'));
    const second = sender.seal(fromHex('02'));
    const inOrder = new FrameCipher(key);
    assert.ok(inOrder.open(first));
    assert.equal(inOrder.open(first), null);
    assert.equal(new FrameCipher(key).open(second), null);
  });

  it('counts each direction on its own', () => {
    const key = randomBytes(32);
    const server = new FrameCipher(key);
    const client = new FrameCipher(key);
    // The server pushes three frames before the client says anything; the client's first frame
    // still uses nonce 1, which the server's receive counter expects.
    const pushed = [server.seal(fromHex('aa')), server.seal(fromHex('bb')), server.seal(fromHex('cc'))];
    const request = client.seal(fromHex('dd'));
    assert.equal(hex(server.open(request)!), 'dd');
    assert.deepEqual(pushed.map((frame) => hex(client.open(frame)!)), ['aa', 'bb', 'cc']);
    assert.equal(hex(server.open(client.seal(fromHex('ee')))!), 'ee');
  });

  it('passes raw heartbeats of 0 or 1 byte through without counting them', () => {
    const key = randomBytes(32);
    const sender = new FrameCipher(key);
    const receiver = new FrameCipher(key);
    const first = sender.seal(fromHex('0a'));
    const second = sender.seal(fromHex('0b'));
    assert.equal(hex(receiver.open(new Uint8Array())!), '');
    assert.equal(hex(receiver.open(first)!), '0a');
    assert.equal(hex(receiver.open(fromHex('07'))!), '07');
    assert.equal(hex(receiver.open(new Uint8Array())!), '');
    assert.equal(hex(receiver.open(second)!), '0b');
  });

  it('refuses a key that is not 32 bytes', () => {
    assert.throws(() => new FrameCipher(randomBytes(31)), RangeError);
  });
});

// Debian's libsodium, through PyNaCl (python3-nacl), as the independent reference. Debian's
// python is called by path: another python3 first on PATH may not have the package.
const LIBSODIUM_SCRIPT = `
import json, sys
import nacl.bindings as b
h = bytes.fromhex
req = json.load(sys.stdin)
out = {"sign": [], "box": [], "secretbox": []}
for c in req["sign"]:
    pk, sk = b.crypto_sign_seed_keypair(h(c["seed"]))
    out["sign"].append({"pk": pk.hex(), "signed": b.crypto_sign(h(c["message"]), sk).hex()})
for c in req["box"]:
    server_pk = b.crypto_scalarmult_base(h(c["serverSk"]))
    client_pk = b.crypto_scalarmult_base(h(c["clientSk"]))
    sealed = b.crypto_box(h(c["key"]), bytes(24), server_pk, h(c["clientSk"]))
    out["box"].append({"serverPk": server_pk.hex(), "clientPk": client_pk.hex(), "sealed": sealed.hex()})
for c in req["secretbox"]:
    nonce = c["counter"].to_bytes(8, "little") + bytes(16)
    out["secretbox"].append(b.crypto_secretbox(h(c["message"]), nonce, h(c["key"])).hex())
try:
    b.crypto_box_beforenm(bytes(32), h(req["box"][0]["serverSk"]))
    out["lowOrder"] = "accepted"
except Exception:
    out["lowOrder"] = "refused"
print(json.dumps(out))
`;

interface LibsodiumAnswer {
  sign: { pk: string; signed: string }[];
  box: { serverPk: string; clientPk: string; sealed: string }[];
  secretbox: string[];
  lowOrder: string;
}

function libsodium(request: unknown): LibsodiumAnswer {
  const run = spawnSync('/usr/bin/python3', ['-c', LIBSODIUM_SCRIPT], { input: JSON.stringify(request), encoding: 'utf8' });
  if (run.error) assert.fail(`cannot run /usr/bin/python3 (Debian's python3 with python3-nacl is needed): ${run.error.message}`);
  if (/No module named 'nacl/.test(run.stderr)) {
    assert.fail("Debian's python3-nacl is not installed: apt-get install python3-nacl (the libsodium cross-check needs it)");
  }
  assert.equal(run.status, 0, `the libsodium script failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as LibsodiumAnswer;
}

describe("cross-check with Debian's libsodium", () => {
  it('signs, seals K and encrypts frames exactly as libsodium does, for random inputs', () => {
    const signCases = [0, 1, 32, 96, 1000].map((length) => ({ seed: randomBytes(32), message: randomBytes(length) }));
    const boxCases = Array.from({ length: 5 }, () => ({ serverSk: randomBytes(32), clientSk: randomBytes(32), key: randomBytes(32) }));
    const frameKey = randomBytes(32);
    const messages = Array.from({ length: 257 }, () => randomBytes(randomInt(0, 100)));
    const sender = new FrameCipher(frameKey);
    const frames = messages.map((message) => sender.seal(message));
    // Counters 256 and 257 carry into the second byte: little-endian puts it at byte 1.
    const counters = [1, 2, 255, 256, 257];

    const answer = libsodium({
      sign: signCases.map((c) => ({ seed: hex(c.seed), message: hex(c.message) })),
      box: boxCases.map((c) => ({ serverSk: hex(c.serverSk), clientSk: hex(c.clientSk), key: hex(c.key) })),
      secretbox: counters.map((counter) => ({ counter, key: hex(frameKey), message: hex(messages[counter - 1]!) })),
    });

    signCases.forEach((c, i) => {
      const key = signingKeyFromSeed(c.seed);
      assert.equal(hex(key.publicKey), answer.sign[i]!.pk);
      assert.equal(hex(key.sign(c.message)), answer.sign[i]!.signed);
      assert.equal(hex(verifyCombined(fromHex(answer.sign[i]!.signed), key.publicKey)!), hex(c.message));
    });

    const server = signingKeyFromSeed(randomBytes(32));
    boxCases.forEach((c, i) => {
      const expected = answer.box[i]!;
      const offer = offerWithBoxKey(server, c.serverSk);
      assert.equal(hex(verifyCombined(offer.keys[0]!, server.publicKey)!), expected.serverPk);
      const ours = clientAnswerWith(offer.keys, server.publicKey, c.clientSk, c.key)!;
      assert.deepEqual(ours.keys.map(hex), [expected.clientPk, expected.sealed]);
      assert.equal(hex(openReply([fromHex(expected.clientPk), fromHex(expected.sealed)], c.serverSk)!), hex(c.key));
    });

    counters.forEach((counter, i) => assert.equal(hex(frames[counter - 1]!), answer.secretbox[i], `counter ${counter}`));
    const receiver = new FrameCipher(frameKey);
    assert.deepEqual(frames.map((frame) => hex(receiver.open(frame)!)), messages.map(hex));

    assert.equal(answer.lowOrder, 'refused');
  });
});
