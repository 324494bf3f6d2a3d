import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { base32Decode, base32Encode, hotp, matchTotp, newTotpSecret, otpauthUri, totpCode, totpStep } from '../../src/services/totp.js';
import { manualClock } from '../support/clock.js';

// RFC 6238 Appendix B: the SHA-1 seed is the ASCII "12345678901234567890".
const SEED = Buffer.from('12345678901234567890', 'ascii');
const SECRET = base32Encode(SEED);
const VECTORS: [seconds: number, eight: string][] = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130'],
];

describe('TOTP (RFC 6238)', () => {
  it('base32 round-trips and reads the RFC seed', () => {
    assert.equal(SECRET, 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    assert.deepEqual(base32Decode(SECRET.toLowerCase().replace(/(.{4})/g, '$1 ')), SEED);
    const fresh = newTotpSecret();
    assert.equal(fresh.length, 32);
    assert.equal(base32Decode(fresh).length, 20);
    assert.throws(() => base32Decode('not-base32!'));
  });

  it('matches the SHA-1 vectors of Appendix B, at 8 digits and at 6 (their last six)', () => {
    for (const [seconds, eight] of VECTORS) {
      assert.equal(hotp(SEED, totpStep(seconds * 1000), 8), eight, `T=${seconds}`);
      assert.equal(totpCode(SECRET, seconds * 1000), eight.slice(2), `T=${seconds}`);
    }
  });

  it('accepts the code of now and of one step either side, not two', () => {
    const clock = manualClock();
    clock.set(1111111111 * 1000);
    const step = totpStep(clock.now());
    assert.equal(matchTotp(SECRET, totpCode(SECRET, clock.now()), clock.now(), 0), step);
    assert.equal(matchTotp(SECRET, totpCode(SECRET, clock.now() - 30_000), clock.now(), 0), step - 1);
    assert.equal(matchTotp(SECRET, totpCode(SECRET, clock.now() + 30_000), clock.now(), 0), step + 1);
    assert.equal(matchTotp(SECRET, totpCode(SECRET, clock.now() - 60_000), clock.now(), 0), null);
    assert.equal(matchTotp(SECRET, totpCode(SECRET, clock.now() + 60_000), clock.now(), 0), null);
  });

  it('refuses a code of a step already used, or of an earlier one', () => {
    const clock = manualClock();
    clock.set(1234567890 * 1000);
    const code = totpCode(SECRET, clock.now());
    const used = matchTotp(SECRET, code, clock.now(), 0)!;
    assert.equal(matchTotp(SECRET, code, clock.now(), used), null);
    clock.advance(30_000);
    // Still within the window, but replayed.
    assert.equal(matchTotp(SECRET, code, clock.now(), used), null);
    assert.equal(matchTotp(SECRET, totpCode(SECRET, clock.now() - 60_000), clock.now(), used), null);
    assert.equal(matchTotp(SECRET, totpCode(SECRET, clock.now()), clock.now(), used), used + 1);
  });

  it('refuses what is not six digits', () => {
    const now = 59_000;
    for (const code of ['', '28708', '2870822', '94287082', 'abcdef', ' 287082', '287 82', '２８７０８２']) {
      assert.equal(matchTotp(SECRET, code, now, 0), null, JSON.stringify(code));
    }
    assert.equal(matchTotp(SECRET, '287082', now, 0), 1);
  });

  it('makes the otpauth:// URI authenticator apps read', () => {
    const uri = new URL(otpauthUri({ issuer: 'deskgate', account: 'alice b', secret: SECRET }));
    assert.equal(uri.protocol, 'otpauth:');
    assert.equal(uri.host, 'totp');
    assert.equal(decodeURIComponent(uri.pathname), '/deskgate:alice b');
    assert.equal(uri.searchParams.get('secret'), SECRET);
    assert.equal(uri.searchParams.get('issuer'), 'deskgate');
    assert.equal(uri.searchParams.get('digits'), '6');
    assert.equal(uri.searchParams.get('period'), '30');
    assert.equal(uri.searchParams.get('algorithm'), 'SHA1');
  });
});
