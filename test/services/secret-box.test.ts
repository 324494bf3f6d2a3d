import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createSecretBox, loadSecretKey } from '../../src/services/secret-box.js';

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
    assert.throws(() => other.open(one));
    const parts = one.split('.');
    const body = parts[2] ?? '';
    const flipped = (body[0] === 'A' ? 'B' : 'A') + body.slice(1);
    const tampered = [parts[0], parts[1], flipped, parts[3]].join('.');
    assert.throws(() => box.open(tampered));
  });
});
