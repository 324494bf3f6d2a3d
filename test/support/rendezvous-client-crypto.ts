import { randomBytes } from 'node:crypto';
import nacl from 'tweetnacl';

/**
 * The client's half of secure TCP (spec/rustdesk-rendezvous.md §4.5 steps 2–3), for the scripted
 * RustDesk client. It uses tweetnacl alone, not the server's OpenSSL path, so a test that runs
 * both halves checks one implementation against the other.
 */
export interface ClientAnswer {
  /** The entries of the client's `KeyExchange{keys}`: `[pk_C (32), box(K) (48)]`. */
  keys: Uint8Array[];
  /** K, the secretbox key both sides use from then on. */
  key: Uint8Array;
}

/** Null where the client would give up: ≠ 1 key, a bad signature, or a box key of the wrong length. */
export function clientAnswer(offerKeys: Uint8Array[], serverPublicKey: Uint8Array): ClientAnswer | null {
  return clientAnswerWith(offerKeys, serverPublicKey, randomBytes(32), randomBytes(32));
}

/** As `clientAnswer`, with a given box secret key and K: for known-answer tests. */
export function clientAnswerWith(
  offerKeys: Uint8Array[],
  serverPublicKey: Uint8Array,
  boxSecretKey: Uint8Array,
  key: Uint8Array,
): ClientAnswer | null {
  if (offerKeys.length !== 1 || serverPublicKey.length !== 32) return null;
  const theirBoxKey = nacl.sign.open(offerKeys[0], serverPublicKey);
  if (theirBoxKey === null || theirBoxKey.length !== 32) return null;
  const ours = nacl.box.keyPair.fromSecretKey(boxSecretKey);
  // The zero nonce is the protocol (§8 item 6): K is fresh for every connection.
  const sealed = nacl.box(key, new Uint8Array(24), theirBoxKey, ours.secretKey);
  return { keys: [ours.publicKey, sealed], key: new Uint8Array(key) };
}
