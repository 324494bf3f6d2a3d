import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashToken, newId, newTimeOrderedId, randomToken, safeEqual } from '../../src/services/secrets.js';

describe('secrets', () => {
  it('makes URL-safe random tokens of 256 bits, never the same twice, with an optional prefix', () => {
    const tokens = new Set(Array.from({ length: 100 }, () => randomToken()));
    assert.equal(tokens.size, 100);
    for (const token of tokens) assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.match(randomToken('dgt_'), /^dgt_[A-Za-z0-9_-]{43}$/);
  });

  it('stores tokens as their SHA-256, the same for the same token', () => {
    assert.equal(hashToken('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.notEqual(hashToken('abc'), hashToken('abd'));
  });

  it('compares secrets of any length without throwing', () => {
    assert.equal(safeEqual('same', 'same'), true);
    assert.equal(safeEqual('same', 'Same'), false);
    assert.equal(safeEqual('short', 'longer value'), false);
    assert.equal(safeEqual('', ''), true);
  });

  it('makes ids that sort by time, then by order of creation within a millisecond', () => {
    const at = Date.UTC(2026, 0, 15);
    const ids = [newTimeOrderedId(at), newTimeOrderedId(at), newTimeOrderedId(at), newTimeOrderedId(at + 1), newTimeOrderedId(at - 1)];
    const expected = [ids[4], ids[0], ids[1], ids[2], ids[3]];
    assert.deepEqual([...ids].sort(), expected);
    assert.match(newId(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
