/**
 * The relay uuids this rendezvous server has handed between a viewer and a device (a viewer's
 * RequestRelay, a device's RelayResponse). The relay joins only those: it is a pipe for the
 * sessions deskgate arranged, not for anyone who finds the port.
 */
const KEPT_MS = 2 * 60_000;
const MAX_KEPT = 100_000;

export function createRelayTickets(now: () => number = Date.now) {
  const issued = new Map<string, number>();
  return {
    note(uuid: string): void {
      if (!uuid) return;
      if (issued.size >= MAX_KEPT) {
        // Oldest first (a Map keeps insertion order): drop the expired, else the oldest tenth.
        const cutoff = now() - KEPT_MS;
        let dropped = 0;
        for (const [key, at] of issued) {
          if (at >= cutoff && dropped >= MAX_KEPT / 10) break;
          issued.delete(key);
          dropped++;
        }
      }
      issued.delete(uuid);
      issued.set(uuid, now());
    },
    known(uuid: string): boolean {
      const at = issued.get(uuid);
      return at !== undefined && at >= now() - KEPT_MS;
    },
  };
}

export type RelayTickets = ReturnType<typeof createRelayTickets>;
