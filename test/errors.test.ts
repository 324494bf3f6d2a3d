import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { errorCatalogue } from '../src/errors.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('the error catalogue', () => {
  it('gives every code an `area.reason` name, a client or server status, and a message a person can read', () => {
    for (const [code, entry] of Object.entries(errorCatalogue)) {
      assert.match(code, /^([a-z]+\.[a-z_]+|internal)$/, code);
      assert.ok(entry.status >= 400 && entry.status < 600, code);
      assert.ok(entry.message.length > 3 && !entry.message.endsWith('.'), code);
    }
  });

  it('has no code that nothing throws', () => {
    const text = sources(new URL('../src', import.meta.url).pathname)
      .filter((file) => file !== new URL('../src/errors.ts', import.meta.url).pathname)
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const unused = Object.keys(errorCatalogue).filter((code) => code !== 'internal' && !text.includes(`'${code}'`));
    assert.deepEqual(unused, []);
  });
});
