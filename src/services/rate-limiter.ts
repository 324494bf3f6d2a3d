import type { Clock } from '../clock.js';

/**
 * A fixed-window counter per key, in memory. Per instance by design: it blunts floods; the
 * lock-out that must hold across instances lives in the database (sign-in.ts).
 */
export function createRateLimiter({ clock, limit, windowMs }: { clock: Clock; limit: number; windowMs: number }) {
  const windows = new Map<string, { start: number; count: number }>();

  return {
    /** Counts one hit; false when the key is over its limit for the current window. */
    hit(key: string): boolean {
      const now = clock.now();
      let entry = windows.get(key);
      if (!entry || now - entry.start >= windowMs) {
        if (windows.size > 100_000) {
          for (const [k, v] of windows) if (now - v.start >= windowMs) windows.delete(k);
        }
        entry = { start: now, count: 0 };
        windows.set(key, entry);
      }
      entry.count += 1;
      return entry.count <= limit;
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;
