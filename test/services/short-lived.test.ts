import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { shortLived } from '../../src/services/short-lived.js';
import { manualClock } from '../support/clock.js';

describe('a value read at most once per interval', () => {
  function counting(clock = manualClock()) {
    const reads: number[] = [];
    let fail = false;
    const value = shortLived(clock, 5_000, async () => {
      reads.push(clock.now());
      if (fail) throw new Error('database gone');
      return reads.length;
    });
    return { clock, reads, value, failNext: (on: boolean) => (fail = on) };
  }

  it('shares one read among callers until the interval has passed', async () => {
    const { clock, reads, value } = counting();
    assert.deepEqual(await Promise.all([value.get(), value.get()]), [1, 1]);
    clock.advance(4_999);
    assert.equal(await value.get(), 1);
    clock.advance(1);
    assert.equal(await value.get(), 2);
    assert.equal(reads.length, 2);
  });

  it('reads afresh after clear, after a failed read, and when the clock went back', async () => {
    const { clock, value, failNext } = counting();
    assert.equal(await value.get(), 1);
    value.clear();
    assert.equal(await value.get(), 2);
    clock.advance(5_000);
    failNext(true);
    await assert.rejects(value.get(), /database gone/);
    failNext(false);
    assert.equal(await value.get(), 4, 'the failure was not kept');
    clock.advance(-1_000);
    assert.equal(await value.get(), 5);
  });
});
