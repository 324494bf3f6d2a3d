import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJson, quoteUnsafeIntegers } from '../../src/http/body-parser.js';

describe('JSON bodies with RustDesk’s u64 session ids', () => {
  it('keeps integers beyond 2^53 exact, as decimal strings', () => {
    const body = parseJson('{"id":"1","session_id":18446744073709551615,"conn_id":7}') as Record<string, unknown>;
    assert.equal(body.session_id, '18446744073709551615');
    assert.equal(body.conn_id, 7);
  });

  it('leaves safe integers, fractions, exponents and strings alone', () => {
    const text = '{"a":9007199254740991,"b":0.123456789012345678901,"c":1.5e300,"d":"12345678901234567890","e":[-99999999999999999999]}';
    const body = parseJson(text) as Record<string, unknown>;
    assert.equal(body.a, 9007199254740991);
    assert.equal(body.b, 0.12345678901234568);
    assert.equal(body.c, 1.5e300);
    assert.equal(body.d, '12345678901234567890');
    assert.deepEqual(body.e, ['-99999999999999999999']);
  });

  it('is not fooled by quotes and escapes inside strings', () => {
    assert.equal(quoteUnsafeIntegers('{"x":"a\\"12345678901234567890","y":12345678901234567890}'), '{"x":"a\\"12345678901234567890","y":"12345678901234567890"}');
  });

  it('drops __proto__ keys instead of polluting prototypes', () => {
    const body = parseJson('{"__proto__":{"polluted":true},"ok":1}') as Record<string, unknown>;
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal(body.ok, 1);
    assert.equal(Object.getPrototypeOf(body), Object.prototype);
  });
});
