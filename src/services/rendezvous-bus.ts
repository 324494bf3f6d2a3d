/**
 * Messages between the rendezvous servers of several deskgate instances on one PostgreSQL,
 * through LISTEN/NOTIFY on a channel of their own (DESIGN.md "Background work": no home-made
 * cluster protocol). Every instance hears every message and acts on those that concern a device
 * or a viewer it holds; SQLite has one instance, and no bus.
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { RendezvousBroadcast, RendezvousBus } from '../domain/rendezvous.js';
import type { Store } from '../store/index.js';

export const RENDEZVOUS_CHANNEL = 'deskgate_rendezvous';

export function createRendezvousBus(deps: { store: Store; onError: (error: unknown) => void }) {
  const { db } = deps.store;
  const listener = db.openListener(RENDEZVOUS_CHANNEL);
  if (!listener) return undefined;
  /** Tells this instance's own messages apart when they come back. */
  const instance = randomBytes(8).toString('hex');
  const subscribers: ((message: RendezvousBroadcast) => void)[] = [];

  listener.onNotice((payload) => {
    let envelope: { from?: unknown; message?: RendezvousBroadcast };
    try {
      envelope = JSON.parse(payload) as typeof envelope;
    } catch {
      return;
    }
    if (envelope.from === instance || !envelope.message) return;
    for (const fn of subscribers) fn(envelope.message);
  });

  const bus: RendezvousBus & { start(): Promise<void>; close(): Promise<void>; readonly listening: boolean } = {
    get listening() {
      return listener.listening;
    },
    start: () => listener.start(),
    close: () => listener.close(),
    publish(message) {
      const payload = JSON.stringify({ from: instance, message });
      sql`select pg_notify(${RENDEZVOUS_CHANNEL}, ${payload})`.execute(db.kysely).catch(deps.onError);
    },
    subscribe(fn) {
      subscribers.push(fn);
    },
  };
  return bus;
}

export type RendezvousBusService = NonNullable<ReturnType<typeof createRendezvousBus>>;
