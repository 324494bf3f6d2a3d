import type { Clock } from '../clock.js';

export interface ShortLived<T> {
  /** The value read less than `ms` ago, else a fresh read, shared by every caller meanwhile. */
  get(): Promise<T>;
  /** The next `get` reads afresh (after a change made here). */
  clear(): void;
}

/**
 * A value read at most once per `ms`: what the sign-in paths read on every request but an
 * administrator rarely changes. A failed read is not kept, and a clock that went back reads anew.
 */
export function shortLived<T>(clock: Clock, ms: number, read: () => Promise<T>): ShortLived<T> {
  let held: { at: number; value: Promise<T> } | undefined;
  return {
    get() {
      const now = clock.now();
      if (!held || now - held.at >= ms || now < held.at) {
        const entry = { at: now, value: read() };
        held = entry;
        entry.value.catch(() => {
          if (held === entry) held = undefined;
        });
      }
      return held.value;
    },
    clear() {
      held = undefined;
    },
  };
}
