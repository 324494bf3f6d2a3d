import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createRateLimiter } from '../../src/services/rate-limiter.js';
import { manualClock } from '../support/clock.js';

describe('rate limiter', () => {
  it('lets a key through up to its limit per window, then refuses it until the window ends', () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ clock, limit: 3, windowMs: 60_000 });
    assert.deepEqual([1, 2, 3, 4, 5].map(() => limiter.hit('10.0.0.1')), [true, true, true, false, false]);
    clock.advance(59_999);
    assert.equal(limiter.hit('10.0.0.1'), false);
    clock.advance(1);
    assert.deepEqual([1, 2, 3, 4].map(() => limiter.hit('10.0.0.1')), [true, true, true, false]);
  });

  it('counts each key apart', () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ clock, limit: 1, windowMs: 1_000 });
    assert.equal(limiter.hit('a'), true);
    assert.equal(limiter.hit('a'), false);
    assert.equal(limiter.hit('b'), true);
    assert.equal(limiter.hit('b'), false);
  });

  it('starts a key’s window at its first hit, not on a fixed grid', () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ clock, limit: 1, windowMs: 1_000 });
    clock.advance(900);
    assert.equal(limiter.hit('late'), true);
    clock.advance(200);
    // 1,100 ms since the clock started, 200 ms into this key's window.
    assert.equal(limiter.hit('late'), false);
  });

  it('refuses everything with a limit of 0', () => {
    const limiter = createRateLimiter({ clock: manualClock(), limit: 0, windowMs: 1_000 });
    assert.equal(limiter.hit('any'), false);
  });

  it('keeps counting correctly after dropping lapsed keys to stay small', () => {
    const clock = manualClock();
    const limiter = createRateLimiter({ clock, limit: 1, windowMs: 1_000 });
    assert.equal(limiter.hit('kept'), true);
    for (let i = 0; i <= 100_001; i++) limiter.hit(`old-${i}`);
    clock.advance(500);
    // Past 100,000 keys a new window prunes lapsed ones; live windows are kept.
    assert.equal(limiter.hit('fresh-1'), true);
    assert.equal(limiter.hit('kept'), false);
    clock.advance(1_000);
    assert.equal(limiter.hit('fresh-2'), true);
    assert.equal(limiter.hit('kept'), true);
    assert.equal(limiter.hit('kept'), false);
  });
});
