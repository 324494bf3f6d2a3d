import { createPrivateKey, createPublicKey, generateKeyPairSync, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { RendezvousClientSettings } from '../domain/rendezvous.js';
import { AppError, isAppError } from '../errors.js';
import type { Store } from '../store/index.js';
import { systemActor, type Actor, type AuditService } from './audit.js';
import type { SecretBox } from './secret-box.js';

/** The settings table's key for the one key pair every instance signs with. */
export const RENDEZVOUS_KEY_SETTING = 'rendezvous.key';

const target = { type: 'setting', id: RENDEZVOUS_KEY_SETTING, name: 'Rendezvous key' };

/** What the settings table holds: the seed sealed with the secret box, the public key in clear. */
interface StoredKey {
  seed: string;
  public_key: string;
}

export interface RendezvousKey {
  /** The 32-byte Ed25519 seed (libsodium's secret key is seed ‖ public). */
  seed: Uint8Array;
  publicKey: Uint8Array;
  /** Standard base64 with padding: what clients enter as `Key` and send as `licence_key`. */
  publicKeyBase64: string;
}


/** How long ensure() answers from memory before looking for a key imported elsewhere (the settings cache's period). */
const REREAD_MS = 5_000;
/** hbbs's bound on regenerating for a public key without '/' (spec/rustdesk-rendezvous.md §2.1). */
const GENERATION_TRIES = 300;
/** An Ed25519 PKCS #8 DER document up to the 32-byte seed (RFC 8410 §7). */
const PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const STANDARD_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** The public key of a seed. */
export function publicKeyOf(seed: Uint8Array): Uint8Array {
  const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, seed]), format: 'der', type: 'pkcs8' });
  return Buffer.from(createPublicKey(privateKey).export({ format: 'jwk' }).x!, 'base64url');
}

/**
 * A new pair whose public key's base64 has no '/' (nor ':', which base64 never has): the key is
 * put into file names and URLs (custom clients' exe names), as hbbs does.
 */
export function generateRendezvousKey(): RendezvousKey {
  for (let i = 0; i < GENERATION_TRIES; i++) {
    const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
    const publicKey = Buffer.from(jwk.x!, 'base64url');
    const publicKeyBase64 = publicKey.toString('base64');
    if (!publicKeyBase64.includes('/')) return { seed: Buffer.from(jwk.d!, 'base64url'), publicKey, publicKeyBase64 };
  }
  // About half the keys pass ((63/64)^43): 300 failures in a row do not happen with a working generator.
  throw new Error('no Ed25519 key without "/" in 300 tries');
}

/** Standard base64 that decodes to exactly `bytes` bytes and encodes back to itself, or undefined. */
function decodeBase64(text: string, bytes: number): Buffer | undefined {
  if (!STANDARD_BASE64.test(text) || text.length % 4 !== 0) return undefined;
  const decoded = Buffer.from(text, 'base64');
  return decoded.length === bytes && decoded.toString('base64') === text ? decoded : undefined;
}

/** Reads hbbs's `id_ed25519` (and optionally `id_ed25519.pub`), whitespace trimmed as hbbs does. */
export function parseHbbsKey(idEd25519: string, idEd25519Pub?: string): RendezvousKey {
  const invalid = (message: string) => new AppError('rendezvous.invalid_key', { message });
  const secretText = idEd25519.trim();
  if (!STANDARD_BASE64.test(secretText) || secretText.length % 4 !== 0) {
    throw invalid('id_ed25519 is not base64: hbbs writes the 64-byte secret key as 88 characters of standard base64');
  }
  const secret = decodeBase64(secretText, 64);
  if (!secret) {
    const length = Buffer.from(secretText, 'base64').length;
    throw invalid(`id_ed25519 holds ${length} bytes, not the 64 of an hbbs secret key (seed and public key): is this the .pub file?`);
  }
  const seed = secret.subarray(0, 32);
  const publicKey = secret.subarray(32);
  if (!timingSafeEqual(Buffer.from(publicKeyOf(seed)), publicKey)) {
    throw invalid('id_ed25519 is damaged: its second half is not the public key of its first half');
  }
  const publicKeyBase64 = publicKey.toString('base64');
  if (idEd25519Pub !== undefined) {
    const pubText = idEd25519Pub.trim();
    const pub = decodeBase64(pubText, 32);
    if (!pub) throw invalid('id_ed25519.pub is not a public key: hbbs writes it as 44 characters of standard base64 ending in "="');
    if (!pub.equals(publicKey)) throw invalid(`id_ed25519.pub (${pubText}) does not belong to id_ed25519, whose public key is ${publicKeyBase64}`);
  }
  return { seed: Buffer.from(seed), publicKey: Buffer.from(publicKey), publicKeyBase64 };
}

/**
 * The Ed25519 key pair of the rendezvous and relay roles: one for every instance, made on first
 * start, its seed sealed in the settings table like the other secrets. Clients enter its public
 * key as `Key`, so losing or replacing it breaks every client until they are given the new one.
 */
export function createRendezvousKeyService({
  store,
  clock,
  audit,
  secretBox,
  publicBase,
  rendezvousPort,
  relayHost,
}: {
  store: Store;
  clock: Clock;
  audit: AuditService;
  secretBox: SecretBox;
  /** DESKGATE_PUBLIC_URL, the saved public URL, else the request's origin (sso.publicBase). */
  publicBase: (requestOrigin: string) => Promise<string>;
  rendezvousPort: number;
  relayHost: string | undefined;
}) {
  let held: { at: number; sealed: string; key: RendezvousKey } | undefined;
  let reading: Promise<RendezvousKey> | undefined;

  function open(stored: StoredKey): RendezvousKey {
    const seed = Buffer.from(secretBox.open(stored.seed), 'base64');
    const publicKey = Buffer.from(publicKeyOf(seed));
    // The public half is kept in clear for display only: the seed decides.
    return { seed, publicKey, publicKeyBase64: publicKey.toString('base64') };
  }

  /** The key, or only its public half when the secret key it was sealed with is lost. */
  function openOrLost(stored: StoredKey): { seed?: Uint8Array; publicKeyBase64: string } {
    try {
      return open(stored);
    } catch (error) {
      if (isAppError(error, 'secrets.wrong_key')) return { publicKeyBase64: stored.public_key };
      throw error;
    }
  }

  function seal(key: RendezvousKey): StoredKey {
    return { seed: secretBox.seal(Buffer.from(key.seed).toString('base64')), public_key: key.publicKeyBase64 };
  }

  async function stored(from: Store = store): Promise<StoredKey | undefined> {
    const value = (await from.settings.get(RENDEZVOUS_KEY_SETTING)) as Partial<StoredKey> | undefined;
    return value && typeof value.seed === 'string' && typeof value.public_key === 'string' ? { seed: value.seed, public_key: value.public_key } : undefined;
  }

  /** The stored pair, made first when there is none: every instance ends with the one that was inserted first. */
  async function readOrCreate(): Promise<RendezvousKey> {
    let row = await stored();
    if (!row) {
      const fresh = generateRendezvousKey();
      await store.transaction(async (tx) => {
        if (await tx.settings.insertIfAbsent(RENDEZVOUS_KEY_SETTING, seal(fresh), clock.now())) {
          await tx.consoleAudit.insert(audit.row(systemActor, 'rendezvous.key_create', target, { public_key: fresh.publicKeyBase64 }));
        }
      });
      row = await stored();
      if (!row) throw new Error('the rendezvous key was inserted but cannot be read back');
    }
    if (held && held.sealed === row.seed) return (held = { ...held, at: clock.now() }).key;
    const key = open(row);
    held = { at: clock.now(), sealed: row.seed, key };
    return key;
  }

  /**
   * The key pair, made on the first call if the database has none. Kept in memory and looked up
   * again after 5 seconds, so that a key imported on another instance is used everywhere soon;
   * while the database cannot be read the key already known is used.
   */
  async function ensure(): Promise<RendezvousKey> {
    const now = clock.now();
    if (held && now - held.at < REREAD_MS && now >= held.at) return held.key;
    reading ??= readOrCreate().finally(() => (reading = undefined));
    if (!held) return reading;
    const known = held.key;
    return reading.catch(() => known);
  }

  /** Stores `key` in place of the one held, under the rules of importHbbs, audited as `action`. */
  async function install(
    actor: Actor,
    key: RendezvousKey,
    force: boolean | undefined,
    action: 'rendezvous.key_import' | 'rendezvous.key_new',
  ): Promise<{ publicKeyBase64: string; replaced: string | undefined; changed: boolean }> {
    const result = await store.transaction(async (tx) => {
      const existing = await stored(tx);
      const before = existing ? openOrLost(existing) : undefined;
      if (before?.seed && Buffer.from(before.seed).equals(Buffer.from(key.seed))) return { replaced: undefined, changed: false };
      // A key sealed under a lost secret key, and this file is its backup: sealed again, nothing replaced.
      if (before && !before.seed && before.publicKeyBase64 === key.publicKeyBase64) {
        await tx.settings.set(RENDEZVOUS_KEY_SETTING, seal(key), clock.now());
        await tx.consoleAudit.insert(audit.row(actor, action, target, { public_key: key.publicKeyBase64, resealed: true }));
        return { replaced: undefined, changed: true };
      }
      if (before && !force) {
        throw new AppError(before.seed ? 'rendezvous.key_exists' : 'secrets.wrong_key', {
          message: before.seed
            ? `deskgate already has a different key (${before.publicKeyBase64}): replacing it with ${key.publicKeyBase64} breaks the Key setting of every RustDesk client that uses the old one; repeat with --force to replace it anyway`
            : `The stored rendezvous key (${before.publicKeyBase64}) cannot be opened with this secret key (DESKGATE_SECRET_KEY, or secret.key in the data directory), and ${key.publicKeyBase64} is another key: restore the secret key, import the backup of ${before.publicKeyBase64}, or repeat with --force to replace it (every client using the old Key stops working)`,
        });
      }
      await tx.settings.set(RENDEZVOUS_KEY_SETTING, seal(key), clock.now());
      await tx.consoleAudit.insert(audit.row(actor, action, target, { public_key: key.publicKeyBase64, ...(before ? { replaced: before.publicKeyBase64 } : {}) }));
      return { replaced: before?.publicKeyBase64, changed: true };
    });
    if (result.changed) held = undefined;
    return { publicKeyBase64: key.publicKeyBase64, ...result };
  }

  return {
    ensure,

    /** The public key, standard base64 (what `deskgate key show` prints and clients enter as Key). */
    async publicKey(): Promise<string> {
      return (await ensure()).publicKeyBase64;
    },

    /**
     * Takes an hbbs key pair (its `id_ed25519` text, and `id_ed25519.pub` when given) so that
     * clients keep their Key setting. Replacing a different key needs `force`: every client
     * configured with the old key stops working. Audited; importing the key already held changes nothing.
     */
    async importHbbs(actor: Actor, input: { idEd25519: string; idEd25519Pub?: string; force?: boolean }) {
      return install(actor, parseHbbsKey(input.idEd25519, input.idEd25519Pub), input.force, 'rendezvous.key_import');
    },

    /** A new key pair in place of the stored one (`force` needed, as for an import of another key). */
    async replaceWithNew(actor: Actor, input: { force?: boolean }) {
      return install(actor, generateRendezvousKey(), input.force, 'rendezvous.key_new');
    },

    /**
     * The pair in hbbs's file formats, for an offline backup: `id_ed25519` (88 characters, the
     * 64-byte seed ‖ public key) and `id_ed25519.pub` (44). Audited: the secret key leaves the database.
     */
    async exportHbbs(actor: Actor): Promise<{ idEd25519: string; idEd25519Pub: string }> {
      await ensure();
      return store.transaction(async (tx) => {
        const row = await stored(tx);
        if (!row) throw new Error('the rendezvous key is missing');
        const key = open(row);
        await tx.consoleAudit.insert(audit.row(actor, 'rendezvous.key_export', target, { public_key: key.publicKeyBase64 }));
        return {
          idEd25519: Buffer.concat([key.seed, key.publicKey]).toString('base64'),
          idEd25519Pub: key.publicKeyBase64,
        };
      });
    },

    /**
     * What a RustDesk client enters: the ID server (the public host, with the port unless it is
     * hbbs's 21116), the relay (DESKGATE_RELAY_HOST, else that host on the next port), the API
     * server (the public URL) and the key.
     */
    async clientSettings(requestOrigin: string): Promise<RendezvousClientSettings> {
      const apiServer = await publicBase(requestOrigin);
      let host = '';
      try {
        host = new URL(apiServer).hostname;
      } catch {
        // Only the request's own Host header can be junk: the public URLs are checked when set.
      }
      if (!host) throw new AppError('request.invalid', { message: 'The request names no usable host; set DESKGATE_PUBLIC_URL' });
      return {
        public_key: (await ensure()).publicKeyBase64,
        id_server: rendezvousPort === 21116 ? host : `${host}:${rendezvousPort}`,
        relay_server: relayHost ?? `${host}:${rendezvousPort + 1}`,
        api_server: apiServer,
      };
    },
  };
}

export type RendezvousKeyService = ReturnType<typeof createRendezvousKeyService>;
