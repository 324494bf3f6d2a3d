/**
 * Who is registered with this rendezvous server, and where to reach them (spec §4.1, §4.2): one
 * small entry per device, kept in memory because a device registers every 15 s and a punch
 * request must find it at once. The database keeps what outlives a restart (uuid, key).
 */
import type { Link } from './links.js';

/** A device's online window after its last registration: twice its 15 s interval (spec §8 item 16). */
export const ONLINE_WINDOW_MS = 30_000;

export interface PeerEntry {
  /** The uuid it is bound to, and its Ed25519 public key, both base64 (strings: a quarter of the memory of byte arrays). */
  uuid: string;
  pk: string;
  /** The source address of its last registration datagram, as the UDP socket reported it. */
  host: string;
  port: number;
  /** When it last registered (ms); 0 while not online. */
  lastReg: number;
  /** Set while it is registered over a long-lived TCP or WebSocket link instead of UDP. */
  link?: Link | undefined;
}

export function createRegistry(now: () => number) {
  const peers = new Map<string, PeerEntry>();

  function isOnline(entry: PeerEntry): boolean {
    if (entry.link) return !entry.link.closed;
    return entry.lastReg > 0 && now() - entry.lastReg < ONLINE_WINDOW_MS;
  }

  return {
    get: (id: string) => peers.get(id),
    set: (id: string, entry: PeerEntry) => void peers.set(id, entry),
    delete: (id: string) => peers.delete(id),
    isOnline,
    size: () => peers.size,
    /** Forgets devices silent for an hour, so that memory follows the devices online, not every device ever seen. */
    prune(): void {
      const before = now() - 3_600_000;
      for (const [id, entry] of peers) if (!entry.link && entry.lastReg < before) peers.delete(id);
    },
    /** Drops the link binding of `link` only: a newer link of the same device stays (spec §4.2 item 2). */
    unbind(id: string, link: Link): void {
      const entry = peers.get(id);
      if (entry?.link === link) {
        entry.link = undefined;
        entry.lastReg = 0;
      }
    },
  };
}

export type Registry = ReturnType<typeof createRegistry>;

/**
 * The stock server's registration limits (spec §4.1 steps 3 and 5). Per id: a fourth RegisterPk
 * within 6 s of the previous. Per address: more than 30 in a row less than a minute apart, or
 * more than 300 distinct ids a day. Unlike stock, the per-address limits count only
 * registrations that would store something new (a new device or a new key): after a restart,
 * every device behind one office address proves its known key again at once, and that is no
 * flood.
 */
export interface RegistrationLimits {
  /** New registrations in a row from one address, each less than a minute after the previous (30). */
  perAddressBurst: number;
  /** Distinct ids one address may newly register in a day (300). */
  idsPerAddressPerDay: number;
}

export const STOCK_LIMITS: RegistrationLimits = { perAddressBurst: 30, idsPerAddressPerDay: 300 };

export function createRegistrationLimits(now: () => number, limits: RegistrationLimits = STOCK_LIMITS) {
  const byIp = new Map<string, { count: number; last: number; day: number; ids: Set<string> }>();
  const byId = new Map<string, { count: number; last: number }>();

  return {
    /** True when this RegisterPk for `id` comes too soon after its previous ones. */
    idTooFrequent(id: string): boolean {
      const t = now();
      let b = byId.get(id);
      if (!b) {
        b = { count: 0, last: 0 };
        byId.set(id, b);
      }
      b.count = t - b.last < 6_000 ? b.count + 1 : 1;
      b.last = t;
      return b.count > 3;
    },
    /** True when `ip` has registered too many new devices or keys lately. */
    addressTooFrequent(ip: string, id: string): boolean {
      const t = now();
      const day = Math.floor(t / 86_400_000);
      let a = byIp.get(ip);
      if (!a || a.day !== day) {
        a = { count: 0, last: 0, day, ids: new Set() };
        byIp.set(ip, a);
      }
      a.count = t - a.last < 60_000 ? a.count + 1 : 1;
      a.last = t;
      if (a.count > limits.perAddressBurst) return true;
      if (!a.ids.has(id)) {
        if (a.ids.size >= limits.idsPerAddressPerDay) return true;
        a.ids.add(id);
      }
      return false;
    },
    /** Drops what no longer counts. */
    prune(): void {
      const t = now();
      const day = Math.floor(t / 86_400_000);
      for (const [ip, a] of byIp) if (a.day !== day || t - a.last > 86_400_000) byIp.delete(ip);
      for (const [id, b] of byId) if (t - b.last > 6_000) byId.delete(id);
    },
  };
}
