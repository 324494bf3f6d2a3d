import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isAppError } from '../../src/errors.js';
import type { Actor } from '../../src/services/audit.js';
import { FULL_AUTHORITY, NO_AUTHORITY, authorityFor, holds, requireScope } from '../../src/services/authority.js';

const actor = (type: Actor['type']): Actor => ({ type, id: 'x', name: 'x', ip: '' });

describe('authority', () => {
  it('gives the command line and deskgate itself full authority, and refuses a person or token that says nothing', () => {
    assert.equal(authorityFor(actor('cli'), undefined), FULL_AUTHORITY);
    assert.equal(authorityFor(actor('system'), undefined), FULL_AUTHORITY);
    assert.throws(() => authorityFor(actor('user'), undefined), /without saying what it holds/);
    assert.throws(() => authorityFor(actor('token'), undefined), /without saying what it holds/);
    const given = { scopes: ['users:read'] };
    assert.equal(authorityFor(actor('token'), given), given);
    // What the caller says it holds counts, even for the command line.
    assert.equal(authorityFor(actor('cli'), NO_AUTHORITY), NO_AUTHORITY);
  });

  it('lets admin hold every scope and write imply read, never the reverse or another area', () => {
    assert.equal(holds(FULL_AUTHORITY, 'users:write'), true);
    assert.equal(holds(FULL_AUTHORITY, 'admin'), true);
    assert.equal(holds({ scopes: ['users:write'] }, 'users:read'), true);
    assert.equal(holds({ scopes: ['users:write'] }, 'users:write'), true);
    assert.equal(holds({ scopes: ['users:read'] }, 'users:write'), false);
    assert.equal(holds({ scopes: ['users:write'] }, 'groups:read'), false);
    assert.equal(holds({ scopes: ['users:write', 'oidc:write'] }, 'admin'), false);
    assert.equal(holds(NO_AUTHORITY, 'users:read'), false);
  });

  it('refuses with auth.scope, naming the scope needed', () => {
    requireScope({ scopes: ['settings:write'] }, 'settings:read', 'Reading settings');
    assert.throws(
      () => requireScope({ scopes: ['settings:write'] }, 'admin', 'Granting "admin"'),
      (e) => isAppError(e, 'auth.scope') && /"admin"/.test(e.message),
    );
  });

  it('cannot be widened by the caller after the fact', () => {
    assert.ok(Object.isFrozen(FULL_AUTHORITY) && Object.isFrozen(FULL_AUTHORITY.scopes));
    assert.ok(Object.isFrozen(NO_AUTHORITY) && Object.isFrozen(NO_AUTHORITY.scopes));
    assert.throws(() => (NO_AUTHORITY.scopes as string[]).push('admin'));
  });
});
