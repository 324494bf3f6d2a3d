import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressKey, sameClientAddress } from '../../src/services/client-address.js';

describe('client address keys', () => {
  it('keeps an IPv4 address, also when it arrives IPv4-mapped', () => {
    assert.equal(addressKey('192.0.2.7'), '192.0.2.7');
    assert.equal(addressKey('::ffff:192.0.2.7'), '192.0.2.7');
    assert.equal(addressKey('::FFFF:c000:0207'), '192.0.2.7');
  });

  it('keys an IPv6 address by its /64, whatever its spelling', () => {
    assert.equal(addressKey('2001:db8:1:2:aaaa::1'), '2001:db8:1:2::/64');
    assert.equal(addressKey('2001:0DB8:0001:0002:bbbb:cccc:dddd:eeee'), '2001:db8:1:2::/64');
    assert.equal(addressKey('fe80::1%eth0'), 'fe80:0:0:0::/64');
    assert.equal(addressKey('::1'), '0:0:0:0::/64');
    assert.equal(addressKey('64:ff9b::192.0.2.7'), '64:ff9b:0:0::/64');
  });

  it('tells the same client from another', () => {
    assert.ok(sameClientAddress('2001:db8:1:2::5', '2001:db8:1:2:9::9'));
    assert.ok(!sameClientAddress('2001:db8:1:2::5', '2001:db8:1:3::5'));
    assert.ok(sameClientAddress('127.0.0.1', '::ffff:127.0.0.1'));
    assert.ok(!sameClientAddress('198.51.100.1', '198.51.100.2'));
  });

  it('passes anything that is not an address through unchanged', () => {
    assert.equal(addressKey('not an address'), 'not an address');
    assert.equal(addressKey(''), '');
  });
});
