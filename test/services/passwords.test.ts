import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPasswordHasher, defaultArgon2Params } from '../../src/services/passwords.js';

describe('password hashing', () => {
  const hasher = createPasswordHasher({ memoryCost: 256, timeCost: 1 });

  it('hashes with argon2id, salted, and verifies only the right password', async () => {
    const first = await hasher.hash('correct horse battery');
    const second = await hasher.hash('correct horse battery');
    assert.match(first, /^\$argon2id\$v=19\$m=256,t=1,p=1\$/);
    assert.notEqual(first, second);
    assert.equal(await hasher.verify(first, 'correct horse battery'), true);
    assert.equal(await hasher.verify(second, 'correct horse battery'), true);
    assert.equal(await hasher.verify(first, 'correct horse batterY'), false);
    assert.equal(await hasher.verify(first, ''), false);
  });

  it('treats a malformed stored hash as a failed verification, not a crash', async () => {
    for (const stored of ['', 'not-a-hash', '$argon2id$v=19$m=256,t=1,p=1$broken', '$2b$10$abcdefghijklmnopqrstuv']) {
      assert.equal(await hasher.verify(stored, 'anything at all'), false, stored);
    }
  });

  it('uses at least OWASP’s minimum parameters by default', async () => {
    assert.ok(defaultArgon2Params.memoryCost >= 19_456);
    assert.ok(defaultArgon2Params.timeCost >= 2);
    assert.match(await createPasswordHasher().hash('x'), /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  });
});
