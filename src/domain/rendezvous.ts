import { Type, type Static } from 'typebox';

/**
 * What a RustDesk client enters to use this server (Settings → Key, `GET /api/admin/rendezvous`):
 * the four fields of the client's ID/Relay server dialog.
 */
export const RendezvousClientSettings = Type.Object({
  public_key: Type.String({ description: 'The rendezvous public key, standard base64 (44 characters): the client\'s Key' }),
  id_server: Type.String({ description: 'The client\'s ID server: the public host, with :port unless it is 21116' }),
  relay_server: Type.String({ description: 'The client\'s Relay server (DESKGATE_RELAY_HOST, else the ID server\'s host on the next port)' }),
  api_server: Type.String({ description: 'The client\'s API server: the public URL of deskgate' }),
});
export type RendezvousClientSettings = Static<typeof RendezvousClientSettings>;

/**
 * What the rendezvous server (src/rendezvous) needs of deskgate's devices, tokens and rules: the
 * services implement it, the server calls it on registrations and viewers' requests.
 */
export interface RendezvousDirectory {
  /**
   * The device as stored: the uuid it is bound to, its registered key (base64; '' when none yet),
   * and when any instance last heard from it (ms).
   */
  find(id: string): Promise<{ uuid: string; pk: string; lastSeen: number } | undefined>;
  /**
   * Stores a registration that changes what is stored (a new device, a new key). Refusals:
   * `not_deployed` (admission requires deployment), `uuid_mismatch` (the id is another
   * machine's, found at writing), `invalid` (malformed: dropped without an answer).
   */
  register(registration: { id: string; uuid: string; pk: string; ip: string; isNew: boolean }): Promise<'ok' | 'not_deployed' | 'uuid_mismatch' | 'invalid'>;
  /** Of `ids`, those any instance heard from at `since` or later. */
  seenSince(ids: readonly string[], since: number): Promise<Set<string>>;
  /** An accepted registration: the device is online now (for last-online; the service batches the writes). */
  seen(id: string, uuid: string): void;
  /** Whether the person behind `token` may reach `targetId` now; records the attempt. */
  admit(request: {
    token: string;
    targetId: string;
    kind: 'punch' | 'relay';
    from: string;
  }): Promise<{ ok: true; auditRef?: string | undefined } | { ok: false; reason: string }>;
  changeId(request: { oldId: string; newId: string; uuid: string }): Promise<'ok' | 'id_exists' | 'uuid_mismatch' | 'invalid' | 'too_frequent'>;
}

/**
 * What one instance's rendezvous server tells the others (several instances on one PostgreSQL):
 * `push`, a message for the device `id` from whichever instance has it registered (its NAT knows
 * that instance's address); `answer`, a device's answer (`m`, a RendezvousMessage) that reached
 * an instance where no viewer waits for it, with the device's address as that instance saw it
 * (`o`, AddrMangle; `udp` when it came as a datagram). Bytes travel as base64.
 */
export type RendezvousBroadcast = { t: 'push'; id: string; m: string } | { t: 'answer'; m: string; o: string; udp?: boolean };

export interface RendezvousBus {
  publish(message: RendezvousBroadcast): void;
  /** Messages from the other instances (never this one's own). */
  subscribe(fn: (message: RendezvousBroadcast) => void): void;
}

/** An API request a client tunnels through the rendezvous server when HTTP fails (client ≥ 1.4.7, client API spec §2.1). */
export interface TunnelledRequest {
  method: string;
  /** Path and query, e.g. `/api/heartbeat`. */
  path: string;
  headers: { name: string; value: string }[];
  body: Uint8Array;
  /** The client's address, as the rendezvous server saw it. */
  ip: string;
}

export interface TunnelledResponse {
  status: number;
  headers: { name: string; value: string }[];
  body: Uint8Array;
}
