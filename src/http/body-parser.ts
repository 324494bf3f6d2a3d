import { createGunzip, createInflate } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import sjson from 'secure-json-parse';
import { AppError } from '../errors.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Parse errors leave the body undefined instead of answering 400. */
    ignoreBadBody?: boolean;
  }
}

/**
 * RustDesk clients send JSON with `Content-Type: application/json` (with or without
 * `; charset=utf-8`), with no content type at all, with empty bodies, and (≤ 1.4.4) gzipped
 * (spec/rustdesk-client-api.md §12 items 8, 9). So bodies are parsed whatever the content
 * type says, an empty body is `undefined`, and gzip/deflate are undone before parsing.
 */
export function registerTolerantBodyParser(app: FastifyInstance): void {
  // Callback-style hooks: on the hot path they return at once, without a promise per request.
  app.addHook('onRequest', (request, _reply, done) => {
    if (!request.url.includes('%00')) return done();
    done(new AppError('request.invalid', { message: 'NUL characters are not allowed' }));
  });
  app.addHook('preParsing', (request, _reply, payload, done) => {
    const header = request.headers['content-encoding'];
    if (header === undefined) return done(null, payload);
    const encoding = String(header).trim().toLowerCase();
    if (encoding === 'identity' || encoding === '') return done(null, payload);
    const decoder = encoding === 'gzip' || encoding === 'x-gzip' ? createGunzip() : encoding === 'deflate' ? createInflate() : undefined;
    if (!decoder) return done(new AppError('request.unsupported_encoding'));
    // Fastify applies bodyLimit to the decoded stream, which bounds a gzip bomb, and checks
    // Content-Length against `receivedEncodedLength`, the bytes that came over the wire.
    const decoded = payload.pipe(decoder) as typeof decoder & { receivedEncodedLength: number };
    decoded.receivedEncodedLength = 0;
    payload.on('data', (chunk: Buffer) => {
      decoded.receivedEncodedLength += chunk.length;
    });
    payload.on('error', (error) => decoded.destroy(error));
    done(null, decoded);
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, raw, done) => {
    const buffer = raw as Buffer;
    if (buffer.length === 0) return done(null, undefined);
    const type = String(request.headers['content-type'] ?? '').toLowerCase();
    const text = buffer.toString('utf8');
    try {
      if (type.startsWith('application/x-www-form-urlencoded')) {
        if (text.toLowerCase().includes('%00')) throw new Error('NUL character');
        return done(null, Object.fromEntries(new URLSearchParams(text)));
      }
      if (text.trim() === '') return done(null, undefined);
      // PostgreSQL text cannot hold NUL, and no RustDesk client sends one: refuse it at the door.
      if (text.includes('\\u0000')) throw new Error('NUL character');
      return done(null, parseJson(text));
    } catch {
      // Routes that judge only the token (POST /api/currentUser, §4.4) ignore a broken body.
      if (request.routeOptions.config.ignoreBadBody) return done(null, undefined);
      return done(new AppError('request.invalid', { message: 'Invalid request body' }), undefined);
    }
  });
}

/**
 * JSON.parse, except that integers beyond 2^53 (RustDesk's u64 `session_id`) arrive as
 * decimal strings instead of being rounded (§12 item 14). `__proto__` and `constructor.prototype`
 * keys are dropped.
 */
export function parseJson(text: string): unknown {
  const source = /\d{16}/.test(text) ? quoteUnsafeIntegers(text) : text;
  return sjson.parse(source, undefined, { protoAction: 'remove', constructorAction: 'remove' });
}

/** Wraps integer literals outside strings whose value exceeds Number.MAX_SAFE_INTEGER in quotes. */
export function quoteUnsafeIntegers(text: string): string {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
      continue;
    }
    if (c === 34) {
      inString = true;
      continue;
    }
    const isStart = c === 45 /* - */ || (c >= 48 && c <= 57);
    if (!isStart) continue;
    let j = i + 1;
    while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    const next = text[j];
    if (next === '.' || next === 'e' || next === 'E') {
      // A fraction or exponent: not an integer; skip the whole number.
      while (j < text.length && /[0-9.eE+-]/.test(text[j] ?? '')) j++;
    } else {
      const literal = text.slice(i, j);
      if (/^-?\d{16,}$/.test(literal) && !Number.isSafeInteger(Number(literal))) {
        out += `${text.slice(last, i)}"${literal}"`;
        last = j;
      }
    }
    i = j - 1;
  }
  return out + text.slice(last);
}
