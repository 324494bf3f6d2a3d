import type { Clock } from '../../src/clock.js';

/** A clock tests move by hand: no sleeps. */
export function manualClock(start = Date.UTC(2026, 0, 15, 9, 0, 0)) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
    set(at: number) {
      now = at;
    },
  } satisfies Clock & Record<string, unknown>;
}

export type ManualClock = ReturnType<typeof manualClock>;
