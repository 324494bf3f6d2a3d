import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { isAppError } from '../../src/errors.js';
import { createSecretBox, loadSecretKey } from '../../src/services/secret-box.js';

/** What every refusal to open is: the error that names the secret key setting. */
const wrongKey = (error: unknown) => isAppError(error, 'secrets.wrong_key');

describe('secrets at rest', () => {
  it('makes a key file readable by its owner only, once, and reuses it', () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'deskgate-key-'));
    const first = loadSecretKey({ secretKey: undefined, dataDir });
    const file = path.join(dataDir, 'secret.key');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const contents = readFileSync(file, 'utf8');
    assert.deepEqual(loadSecretKey({ secretKey: undefined, dataDir }), first);
    assert.equal(readFileSync(file, 'utf8'), contents);
  });

  it('derives the same key from DESKGATE_SECRET_KEY on every instance', () => {
    const a = loadSecretKey({ secretKey: 'x'.repeat(40), dataDir: mkdtempSync(path.join(tmpdir(), 'k-')) });
    const b = loadSecretKey({ secretKey: 'x'.repeat(40), dataDir: mkdtempSync(path.join(tmpdir(), 'k-')) });
    assert.deepEqual(a, b);
  });

  it('seals with AES-256-GCM: different each time, opens only with the key, detects tampering', () => {
    const key = loadSecretKey({ secretKey: 'k'.repeat(40), dataDir: tmpdir() });
    const box = createSecretBox(key);
    const one = box.seal('client secret value');
    const two = box.seal('client secret value');
    assert.notEqual(one, two);
    assert.ok(!one.includes('client secret'));
    assert.equal(box.open(one), 'client secret value');
    const other = createSecretBox(loadSecretKey({ secretKey: 'o'.repeat(40), dataDir: tmpdir() }));
    assert.throws(() => other.open(one), wrongKey);
    const parts = one.split('.');
    const body = parts[2] ?? '';
    const flipped = (body[0] === 'A' ? 'B' : 'A') + body.slice(1);
    const tampered = [parts[0], parts[1], flipped, parts[3]].join('.');
    assert.throws(() => box.open(tampered), wrongKey);
  });
});

describe('opening sealed secrets', () => {
  const box = createSecretBox(loadSecretKey({ secretKey: 't'.repeat(40), dataDir: tmpdir() }));

  // A GCM tag shorter than 16 bytes is still a prefix of the right one, and Node accepts
  // 4..16-byte tags unless authTagLength is pinned (NIST SP 800-38D §5.2.1.2): a shortened tag
  // makes forgery cheaper, so only the full 128-bit tag that seal() writes is accepted.
  it('refuses a sealed secret whose tag was truncated', () => {
    const sealed = box.seal('client secret value');
    const [version, iv, body, tag = ''] = sealed.split('.');
    for (const bytes of [4, 8, 12, 15]) {
      const short = Buffer.from(tag, 'base64url').subarray(0, bytes).toString('base64url');
      assert.throws(() => box.open([version, iv, body, short].join('.')), wrongKey, `a ${bytes}-byte tag must be refused`);
    }
  });

  it('refuses a sealed secret whose tag is longer than 16 bytes or whose nonce is not 12 bytes', () => {
    const sealed = box.seal('client secret value');
    const [version, iv = '', body, tag = ''] = sealed.split('.');
    const long = Buffer.concat([Buffer.from(tag, 'base64url'), Buffer.alloc(1)]).toString('base64url');
    assert.throws(() => box.open([version, iv, body, long].join('.')), wrongKey);
    const shortIv = Buffer.from(iv, 'base64url').subarray(0, 8).toString('base64url');
    assert.throws(() => box.open([version, shortIv, body, tag].join('.')), wrongKey);
  });
});
