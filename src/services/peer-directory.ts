import type { PeerPage } from '../domain/device-group.js';
import type { ChangeNotices } from '../store/change-notices.js';
import type { Store } from '../store/index.js';

/** Devices read per statement when the directory is built or brought up to date. */
const BATCH = 5_000;
/**
 * More changes than this are read by building the directory anew: each added or removed device
 * moves the ids after it (a fleet reporting in at once would otherwise cost seconds of moves).
 */
const REBUILD_ABOVE = 1_000;

/**
 * Every enabled device as its PeerPayload JSON (spec §9), in id order, for the administrators'
 * clients, which list every enabled device page after page (`GET /api/peers?status=1`): a page is
 * a slice of memory, and the total the directory's length, with no query at all. A device
 * disabled is a change like any other: read again, not found, and so taken out.
 *
 * It exists only while the database's change notices are heard (PostgreSQL, migration 0016): a
 * device added, changed in what a client lists, or deleted (`d:<id>`), a device group renamed
 * (`g:<id>`) or a user changed (`u:<id>`: their name is their devices' owner) marks what to read
 * again before the next page is served. Without notices (SQLite, or the connection lost) it is
 * dropped and pages are read from the database, which on SQLite is in-process and cheap.
 */
export function createPeerDirectory(deps: { store: Store; notices: ChangeNotices | undefined }) {
  const { store, notices } = deps;
  let ids: string[] = [];
  let payloads: string[] = [];
  let built = false;
  let building: Promise<void> | undefined;
  /** Changed since last read: devices, and the users and device groups whose devices to read again. */
  let changed = { devices: new Set<string>(), users: new Set<string>(), groups: new Set<string>() };
  let changes = 0;
  /** Bumped when notices were lost: whatever was being read then is not kept. */
  let generation = 0;

  notices?.onNotice((payload) => {
    if (!built && !building) return;
    const id = payload.slice(2);
    if (payload.startsWith('d:')) changed.devices.add(id);
    else if (payload.startsWith('u:')) changed.users.add(id);
    else if (payload.startsWith('g:')) changed.groups.add(id);
    else return;
    changes++;
  });
  notices?.onLost(() => drop());

  function drop(): void {
    generation++;
    built = false;
    ids = [];
    payloads = [];
    changed = { devices: new Set(), users: new Set(), groups: new Set() };
    changes = 0;
  }

  /** The index of the first id greater than `id`. */
  function after(id: string): number {
    let low = 0;
    let high = ids.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (ids[mid]! <= id) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  function put(id: string, json: string | undefined): void {
    const at = after(id);
    const present = at > 0 && ids[at - 1] === id;
    if (json === undefined) {
      if (present) {
        ids.splice(at - 1, 1);
        payloads.splice(at - 1, 1);
      }
    } else if (present) payloads[at - 1] = json;
    else {
      ids.splice(at, 0, id);
      payloads.splice(at, 0, json);
    }
  }

  async function build(): Promise<void> {
    const at = generation;
    changed = { devices: new Set(), users: new Set(), groups: new Set() };
    changes = 0;
    const nextIds: string[] = [];
    const nextPayloads: string[] = [];
    for (let last = ''; ; ) {
      const rows = await store.deviceGroups.enabledPeerPayloads({ after: last, limit: BATCH });
      for (const row of rows) {
        nextIds.push(row.id);
        nextPayloads.push(row.json);
      }
      if (rows.length < BATCH) break;
      last = rows[rows.length - 1]!.id;
    }
    if (at !== generation) return;
    ids = nextIds;
    payloads = nextPayloads;
    built = true;
  }

  /** Reads again what changed since the last read; changes noticed meanwhile wait for the next. */
  async function update(): Promise<void> {
    const at = generation;
    const { devices, users, groups } = changed;
    if (devices.size + users.size + groups.size > REBUILD_ABOVE) return build();
    changed = { devices: new Set(), users: new Set(), groups: new Set() };
    changes = 0;
    const reads: Promise<{ id: string; json: string }[]>[] = [];
    const chunks = (set: Set<string>) => Array.from({ length: Math.ceil(set.size / BATCH) }, (_, i) => [...set].slice(i * BATCH, (i + 1) * BATCH));
    for (const chunk of chunks(devices)) reads.push(store.deviceGroups.enabledPeerPayloads({ ids: chunk }));
    for (const chunk of chunks(users)) reads.push(store.deviceGroups.enabledPeerPayloads({ userIds: chunk }));
    for (const chunk of chunks(groups)) reads.push(store.deviceGroups.enabledPeerPayloads({ groupIds: chunk }));
    const found = (await Promise.all(reads)).flat();
    if (at !== generation) return;
    const seen = new Set<string>();
    for (const row of found) {
      seen.add(row.id);
      put(row.id, row.json);
    }
    // Asked for by id and not found: deleted or disabled.
    for (const id of devices) if (!seen.has(id)) put(id, undefined);
  }

  /** Builds or updates, once for every page that waits at the same time. */
  function settle(): Promise<void> {
    building ??= (built ? update() : build()).finally(() => (building = undefined));
    return building;
  }

  /**
   * Brought up to date with every change noticed before this call: a read already under way
   * may have started before one of them, so it is waited for and, if changes remain, one more
   * is made (never more, so that a steady stream of changes cannot hold a page back).
   */
  async function ready(): Promise<boolean> {
    if (notices?.listening !== true) {
      if (built) drop();
      return false;
    }
    try {
      if (building) await building;
      if (!built || changes > 0) await settle();
    } catch {
      // The database is away: the caller's own query reports it.
      return false;
    }
    return notices.listening === true && built;
  }

  return {
    /**
     * A page of every enabled device and their number, or undefined when the directory cannot be
     * trusted (no notices): then the caller asks the database. `startAfter`: the last id of the
     * page before, if known, else the page is found by its place. A page found by its place
     * (the first of a pull, or one asked for out of turn) first waits until every change
     * committed before it has been noticed, so that a pull sees what was written before it
     * started, on this instance or another.
     */
    async page(offset: number, pageSize: number, startAfter: string | undefined): Promise<{ total: number; page: PeerPage } | undefined> {
      if (startAfter === undefined && !(await notices?.caughtUp())) return undefined;
      if (!(await ready())) return undefined;
      const from = startAfter === undefined ? offset : after(startAfter);
      const slice = payloads.slice(from, from + pageSize);
      const last = slice.length ? ids[from + slice.length - 1]! : '';
      return { total: ids.length, page: { json: `[${slice.join(',')}]`, count: slice.length, last } };
    },
  };
}

export type PeerDirectory = ReturnType<typeof createPeerDirectory>;
