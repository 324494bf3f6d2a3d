import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AppError, errorCatalogue, type ErrorCode } from '../src/errors.js';
import { errorStatus, toPageError, toWireError } from '../src/http/wire-errors.js';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sources(full) : full.endsWith('.ts') ? [full] : [];
  });
}

const codes = Object.keys(errorCatalogue) as ErrorCode[];

describe('the error catalogue', () => {
  it('gives every code an `area.reason` name and a message a person can read', () => {
    for (const [code, entry] of Object.entries(errorCatalogue)) {
      assert.match(code, /^([a-z]+\.[a-z_]+|internal)$/, code);
      assert.ok(entry.message.length > 3 && !entry.message.endsWith('.'), code);
    }
  });

  it('gives every code, and only catalogued codes, a client or server status in the one wire table', () => {
    assert.deepEqual(Object.keys(errorStatus).sort(), [...codes].sort());
    for (const code of codes) {
      const status = errorStatus[code];
      // The pending poll of a RustDesk client sign-in is the one 200 (spec §12 item 5).
      if (code === 'oidc.client_pending') assert.equal(status, 200);
      else assert.ok(status >= 400 && status < 600, code);
    }
  });

  it('has no code that nothing throws', () => {
    const catalogue = new URL('../src/errors.ts', import.meta.url).pathname;
    const text = sources(new URL('../src', import.meta.url).pathname)
      .filter((file) => file !== catalogue)
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n')
      // The status table names every code; naming one there is not using it.
      .replace(/export const errorStatus[\s\S]*?\n\};/, '');
    const unused = codes.filter((code) => code !== 'internal' && !text.includes(`'${code}'`));
    assert.deepEqual(unused, []);
  });
});

describe('what each audience is sent', () => {
  it('sends the console its message and the code, and the RustDesk client only the message', () => {
    const error = new AppError('user.not_found', { detail: 'id 42', cause: new Error('secret') });
    assert.deepEqual(toWireError(error, true), { status: 404, body: { error: 'User not found', code: 'user.not_found' } });
    assert.deepEqual(toWireError(error, false), { status: 404, body: { error: 'User not found' } });
  });

  it('answers anything unexpected with a 500 that says nothing more', () => {
    assert.deepEqual(toWireError(new Error('database password is hunter2'), false), { status: 500, body: { error: 'internal error' } });
    assert.deepEqual(toWireError(new Error('x'), true), { status: 500, body: { error: 'internal error', code: 'internal' } });
  });

  it('gives each check of a sign-in response its own code but the person one generic message', () => {
    for (const code of ['oidc.nonce_mismatch', 'oidc.signature_invalid', 'oidc.iat_too_old', 'oidc.subject_mismatch'] as const) {
      assert.deepEqual(toWireError(new AppError(code), false), {
        status: 400,
        body: { error: 'The identity provider sent an invalid sign-in response' },
      });
    }
  });

  it('shows browser pages the code’s status, a provider failure as 502, and nothing of an unexpected error', () => {
    assert.deepEqual(toPageError(new AppError('oidc.no_account')), {
      status: 403,
      message: 'There is no account for this identity; ask an administrator to create one',
    });
    assert.equal(toPageError(new AppError('oidc.discovery_failed')).status, 502);
    // deskgate's own fault, said as it is: the administrator must restore the secret key.
    assert.deepEqual(toPageError(new AppError('secrets.wrong_key')), { status: 500, message: errorCatalogue['secrets.wrong_key'].message });
    assert.deepEqual(toPageError(new Error('stack')), { status: 500, message: 'Something went wrong on the server.' });
  });
});
