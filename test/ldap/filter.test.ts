import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeFilterValue, filterTemplateProblem, userFilter } from '../../src/ldap/filter.js';

describe('LDAP filter escaping (RFC 4515 §3)', () => {
  it('escapes the characters that mean something in a filter, and nothing else', () => {
    assert.equal(escapeFilterValue('alice'), 'alice');
    assert.equal(escapeFilterValue('*'), '\\2a');
    assert.equal(escapeFilterValue('*)(uid=*'), '\\2a\\29\\28uid=\\2a');
    assert.equal(escapeFilterValue('a\\b'), 'a\\5cb');
    assert.equal(escapeFilterValue('nul\u0000'), 'nul\\00');
    assert.equal(escapeFilterValue('tab\there'), 'tab\\09here');
    // UTF-8 letters are valid in a filter value as they are.
    assert.equal(escapeFilterValue('jürgen.ñ@example.com'), 'jürgen.ñ@example.com');
  });

  it('puts the escaped name in every {username} of the template', () => {
    assert.equal(userFilter('(uid={username})', 'alice'), '(uid=alice)');
    assert.equal(userFilter('(|(uid={username})(mail={username}))', 'x*'), '(|(uid=x\\2a)(mail=x\\2a))');
    // The classic injections stay inside the value.
    assert.equal(userFilter('(uid={username})', '*)(uid=*'), '(uid=\\2a\\29\\28uid=\\2a)');
    assert.equal(userFilter('(uid={username})', 'admin)(|(uid=*'), '(uid=admin\\29\\28|\\28uid=\\2a)');
    assert.equal(userFilter('(&(uid={username})(objectClass=person))', '*))(|(objectClass=*'), '(&(uid=\\2a\\29\\29\\28|\\28objectClass=\\2a)(objectClass=person))');
  });

  it('says what is wrong with a template', () => {
    assert.equal(filterTemplateProblem('(uid={username})'), '');
    assert.equal(filterTemplateProblem('(&(sAMAccountName={username})(!(userAccountControl:1.2.840.113556.1.4.803:=2)))'), '');
    assert.match(filterTemplateProblem('(uid=alice)'), /\{username\}/);
    assert.match(filterTemplateProblem('uid={username}'), /parentheses/);
    assert.match(filterTemplateProblem('(uid={username}))('), /\)/);
    assert.match(filterTemplateProblem('((uid={username})'), /without its "\)"/);
    assert.match(filterTemplateProblem('(uid={username})(cn=x)'), /one filter/);
  });
});
