import { createPrivateKey, createPublicKey, diffieHellman, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import nacl from 'tweetnacl';

/**
 * The cryptography of RustDesk's "secure TCP" (spec/rustdesk-rendezvous.md §4.5) and of the
 * signed device keys (§2.4), with libsodium's byte layouts (§7.1). Signing and the X25519
 * agreement run in Node (OpenSSL); XSalsa20-Poly1305, which Node lacks, comes from tweetnacl.
 */

/** The server's Ed25519 key (§2.1). `sign` returns libsodium's combined form: signature ‖ message. */
export interface SigningKey {
  publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

// PKCS#8 DER headers that turn raw 32-byte private keys into key objects (RFC 8410); OID
// 1.3.101.112 is Ed25519, 1.3.101.110 is X25519.
const ED25519_PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');
const X25519_PKCS8 = Buffer.from('302e020100300506032b656e04220420', 'hex');

const KEY_BYTES = 32;
const SIGNATURE_BYTES = 64;
const MAC_BYTES = 16;
const NONCE_BYTES = 24;
const ZERO_NONCE = new Uint8Array(NONCE_BYTES);
// crypto_box_beforenm: HSalsa20 of the shared point with a zero input and "expand 32-byte k".
const HSALSA_INPUT = new Uint8Array(16);
const SIGMA = new TextEncoder().encode('expand 32-byte k');

// tweetnacl exports its low-level functions without declaring them in its types.
const { crypto_core_hsalsa20 } = (
  nacl as unknown as { lowlevel: { crypto_core_hsalsa20(out: Uint8Array, inp: Uint8Array, k: Uint8Array, c: Uint8Array): void } }
).lowlevel;

/** The last 32 bytes of a DER public key (SPKI) are the raw key, for Ed25519 and X25519 alike. */
function rawPublicKey(privateKey: KeyObject): Uint8Array {
  const der = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return new Uint8Array(der.subarray(der.length - KEY_BYTES));
}

/** The key pair libsodium's `crypto_sign_seed_keypair` makes from a 32-byte seed. */
export function signingKeyFromSeed(seed: Uint8Array): SigningKey {
  if (seed.length !== KEY_BYTES) throw new RangeError('an Ed25519 seed is 32 bytes');
  const privateKey = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8, seed]), format: 'der', type: 'pkcs8' });
  return {
    publicKey: rawPublicKey(privateKey),
    sign(message) {
      const signed = new Uint8Array(SIGNATURE_BYTES + message.length);
      signed.set(sign(null, message, privateKey));
      signed.set(message, SIGNATURE_BYTES);
      return signed;
    },
  };
}

/** A libsodium 64-byte secret key (seed ‖ public, the decoded `id_ed25519` of §2.1). */
export function signingKeyFromSecretKey(secretKey: Uint8Array): SigningKey {
  if (secretKey.length !== 2 * KEY_BYTES) throw new RangeError('an Ed25519 secret key is 64 bytes');
  const key = signingKeyFromSeed(secretKey.subarray(0, KEY_BYTES));
  // hbbs takes its public key from the second half, so a mismatch would sign for another key.
  if (!Buffer.from(key.publicKey).equals(secretKey.subarray(KEY_BYTES))) {
    throw new Error('the public half of the Ed25519 secret key does not belong to its seed');
  }
  return key;
}

/** libsodium `crypto_sign_open`: the message if `signed` carries a valid signature by `publicKey`. */
export function verifyCombined(signed: Uint8Array, publicKey: Uint8Array): Uint8Array | null {
  if (publicKey.length !== KEY_BYTES) return null;
  return nacl.sign.open(signed, publicKey);
}

function x25519PrivateKey(secretKey: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([X25519_PKCS8, secretKey]), format: 'der', type: 'pkcs8' });
}

// Importing a raw private key through DER costs OpenSSL about ten times the agreement itself,
// so the key object made with each offer is kept for its reply, found by the array handed out.
const boxKeyObjects = new WeakMap<Uint8Array, KeyObject>();

export interface Offer {
  /** The entries of `RendezvousMessage{key_exchange:{keys}}`: one 96-byte signed box key. */
  keys: Uint8Array[];
  /** Kept by the connection, unchanged, to open the client's reply. */
  boxSecretKey: Uint8Array;
}

/** The server's first frame on TCP 21116 (§4.5 step 1), with a fresh box key pair. */
export function createOffer(key: SigningKey): Offer {
  const { privateKey } = generateKeyPairSync('x25519');
  const { d, x } = privateKey.export({ format: 'jwk' });
  const boxSecretKey = new Uint8Array(Buffer.from(d!, 'base64url'));
  boxKeyObjects.set(boxSecretKey, privateKey);
  return { keys: [key.sign(Buffer.from(x!, 'base64url'))], boxSecretKey };
}

/** As `createOffer`, with a given box secret key: for known-answer tests. */
export function offerWithBoxKey(key: SigningKey, boxSecretKey: Uint8Array): Offer {
  if (boxSecretKey.length !== KEY_BYTES) throw new RangeError('a box secret key is 32 bytes');
  const privateKey = x25519PrivateKey(boxSecretKey);
  const ownSecretKey = new Uint8Array(boxSecretKey);
  boxKeyObjects.set(ownSecretKey, privateKey);
  return { keys: [key.sign(rawPublicKey(privateKey))], boxSecretKey: ownSecretKey };
}

/**
 * The secretbox key K from the client's `KeyExchange.keys` (§4.5 step 4): `[pk_C, box(K)]` sealed
 * with a zero nonce. Null for anything else (§7.4); the caller then closes the connection.
 *
 * Equals `nacl.box.open`, but the X25519 step runs in OpenSSL: tweetnacl's scalar multiplication
 * is pure JavaScript and this runs once per signed-in connection. OpenSSL also refuses an all-zero
 * shared secret (a low-order `pk_C`), as libsodium does and tweetnacl does not.
 */
export function openReply(keys: Uint8Array[], boxSecretKey: Uint8Array): Uint8Array | null {
  if (keys.length !== 2) return null;
  const [theirPublicKey, sealed] = keys;
  // An opened K of 32 bytes means exactly 48 sealed bytes; refusing others early skips the work.
  if (theirPublicKey.length !== KEY_BYTES || sealed.length !== KEY_BYTES + MAC_BYTES) return null;
  if (boxSecretKey.length !== KEY_BYTES) return null;
  let shared: Buffer;
  try {
    shared = diffieHellman({
      privateKey: boxKeyObjects.get(boxSecretKey) ?? x25519PrivateKey(boxSecretKey),
      publicKey: createPublicKey({
        key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(theirPublicKey).toString('base64url') },
        format: 'jwk',
      }),
    });
  } catch {
    return null;
  }
  const opened = nacl.secretbox.open(sealed, ZERO_NONCE, boxKeyOf(shared));
  return opened !== null && opened.length === KEY_BYTES ? opened : null;
}

/** crypto_box_beforenm after the X25519 step: the secretbox key of a shared point (either side's). */
export function boxKeyOf(shared: Uint8Array): Uint8Array {
  const boxKey = new Uint8Array(KEY_BYTES);
  crypto_core_hsalsa20(boxKey, HSALSA_INPUT, shared, SIGMA);
  return boxKey;
}

/**
 * One encrypted connection after the exchange (§4.5 step 5): secretbox with K, nonce = the
 * direction's counter (incremented before use, so the first is 1) as 8 little-endian bytes then
 * 16 zero bytes. Each direction counts on its own, so both sides use nonce 1 first: that is the
 * protocol (§8 item 5).
 */
export class FrameCipher {
  readonly #key: Uint8Array;
  #sent = 0n;
  #received = 0n;
  #broken = false;

  constructor(key: Uint8Array) {
    if (key.length !== KEY_BYTES) throw new RangeError('a secretbox key is 32 bytes');
    this.#key = new Uint8Array(key);
  }

  /** Encrypts one outgoing frame's payload: MAC first, 16 bytes longer. */
  seal(plain: Uint8Array): Uint8Array {
    this.#sent += 1n;
    return nacl.secretbox(plain, frameNonce(this.#sent), this.#key);
  }

  /**
   * Decrypts one incoming frame's payload; null when it does not authenticate (the caller closes).
   * Frames of 0 or 1 byte are raw heartbeats (§8 item 4): returned as they are, and not counted.
   * After one failure every later frame fails too, since the counters can no longer agree.
   */
  open(cipher: Uint8Array): Uint8Array | null {
    if (this.#broken) return null;
    if (cipher.length <= 1) return cipher;
    this.#received += 1n;
    const plain = nacl.secretbox.open(cipher, frameNonce(this.#received), this.#key);
    if (plain === null) this.#broken = true;
    return plain;
  }
}

function frameNonce(counter: bigint): Uint8Array {
  const nonce = new Uint8Array(NONCE_BYTES);
  new DataView(nonce.buffer).setBigUint64(0, counter, true);
  return nonce;
}

/**
 * The signed `pk` of PunchHoleResponse and RelayResponse (§2.4): `crypto_sign` of the protobuf
 * bytes of `IdPk{id = 1: string, pk = 2: bytes}`, encoded here since it is the only message.proto
 * type the server needs. Empty fields are omitted, as proto3 does.
 */
export function signIdPk(key: SigningKey, id: string, pk: Uint8Array): Uint8Array {
  return key.sign(encodeIdPk(id, pk));
}

export function encodeIdPk(id: string, pk: Uint8Array): Uint8Array {
  const idBytes = new TextEncoder().encode(id);
  const parts: Uint8Array[] = [];
  if (idBytes.length > 0) parts.push(Uint8Array.of(0x0a), varint(idBytes.length), idBytes);
  if (pk.length > 0) parts.push(Uint8Array.of(0x12), varint(pk.length), pk);
  return new Uint8Array(Buffer.concat(parts));
}

function varint(value: number): Uint8Array {
  const bytes: number[] = [];
  while (value > 0x7f) {
    bytes.push((value & 0x7f) | 0x80);
    value = Math.floor(value / 128);
  }
  bytes.push(value);
  return Uint8Array.from(bytes);
}
