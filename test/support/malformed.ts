import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';

/**
 * Malformed requests for any console/admin route, built from one valid example: a route is
 * described once and gets every kind of bad input (DESIGN.md "Safety rules").
 */
export type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

export interface RouteExample {
  method: Method;
  /** With `:id` where the route takes one; filled with an existing id unless the case says otherwise. */
  path: string;
  /** A valid body; each of its fields is spoiled in turn. */
  body?: Record<string, unknown>;
  paged?: boolean;
  /** Query parameters and values they must refuse. */
  badQuery?: Record<string, string[]>;
}

export interface MalformedCase {
  name: string;
  request: InjectOptions;
  /** When the answer must be exactly this status. */
  status?: number;
  /**
   * Refused by Fastify's router before any handler (an over-long or badly encoded path): the body
   * is JSON with `error` but lacks our `code` until server.ts passes `frameworkErrors` to sendError.
   */
  router?: true;
}

const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

function wrongTypes(value: unknown): unknown[] {
  if (typeof value === 'string') return [12345, { $ne: '' }, ['x'], null, true];
  if (typeof value === 'boolean') return ['true', 1, null];
  if (typeof value === 'number') return [String(value), 1.5, true, null];
  if (Array.isArray(value)) return ['x', { 0: 'x' }, [123], [null]];
  return [null];
}

function oversized(value: unknown): unknown | undefined {
  if (typeof value === 'string') return 'a'.repeat(100_000);
  if (Array.isArray(value)) return Array.from({ length: 50_000 }, () => 'x'.repeat(8));
  if (typeof value === 'number') return 1e300;
  return undefined;
}

export function malformedCases(route: RouteExample, existingId: string = randomUUID()): MalformedCase[] {
  const url = (id: string, query = '') => route.path.replace(':id', id) + query;
  const json = (payload: string, path = url(existingId)): InjectOptions => ({
    method: route.method,
    url: path,
    headers: { 'content-type': 'application/json' },
    payload,
  });
  const cases: MalformedCase[] = [];

  if (route.method !== 'GET') {
    cases.push({ name: 'invalid JSON', request: json('{"name": '), status: 400 });
    cases.push({ name: 'a body over 1 MiB', request: json(JSON.stringify({ pad: 'x'.repeat(1_100_000) })), status: 413 });
  }
  if (route.body) {
    const body = route.body;
    cases.push({ name: 'a JSON array', request: json('[]'), status: 400 });
    cases.push({ name: 'a JSON string', request: json('"x"'), status: 400 });
    cases.push({ name: 'JSON null', request: json('null'), status: 400 });
    cases.push({ name: 'deep nesting as the body', request: json(deep(100_000)) });
    for (const [field, value] of Object.entries(body)) {
      for (const wrong of wrongTypes(value)) {
        cases.push({ name: `${field} as ${JSON.stringify(wrong)}`, request: json(JSON.stringify({ ...body, [field]: wrong })), status: 400 });
      }
      const huge = oversized(value);
      if (huge !== undefined) cases.push({ name: `a huge ${field}`, request: json(JSON.stringify({ ...body, [field]: huge })), status: 400 });
      // Passwords may hold any character (they are only hashed); other text must refuse NUL.
      if (typeof value === 'string' && !field.includes('password')) {
        cases.push({ name: `a NUL byte in ${field}`, request: json(JSON.stringify({ ...body, [field]: 'ab\u0000cdefgh' })) });
      }
      const nested = JSON.stringify({ ...body, [field]: 0 }).replace(`"${field}":0`, `"${field}":${deep(10_000)}`);
      cases.push({ name: `deep nesting in ${field}`, request: json(nested), status: 400 });
    }
  }
  if (route.path.includes(':id')) {
    const payload = route.body ? { payload: route.body } : {};
    cases.push({ name: 'an unknown id', request: { method: route.method, url: url(randomUUID()), ...payload }, status: 404 });
    for (const bad of ['not%20an%20id', '%00', 'x'.repeat(65), '..%2f..%2fetc']) {
      cases.push({ name: `the id "${bad.slice(0, 20)}"`, request: { method: route.method, url: url(bad), ...payload } });
    }
    for (const bad of ['x'.repeat(300), '%E0%A4%A']) {
      cases.push({ name: `the id "${bad.slice(0, 20)}"`, request: { method: route.method, url: url(bad), ...payload }, router: true });
    }
  }
  const query: Record<string, string[]> = {
    ...(route.paged
      ? {
          current: ['0', '-1', 'abc', '99999999999999999999', '', '%00'],
          pageSize: ['0', '100000', 'abc', '-5', '1e400'],
        }
      : {}),
    ...route.badQuery,
  };
  for (const [param, values] of Object.entries(query)) {
    for (const value of values) {
      cases.push({ name: `${param}=${value.slice(0, 20)}`, request: { method: route.method, url: url(existingId, `?${param}=${value}`) }, status: 400 });
    }
  }
  if (route.paged) {
    cases.push({ name: 'current given twice', request: { method: route.method, url: url(existingId, '?current=1&current=2') }, status: 400 });
  }
  return cases;
}

/** A 4xx answer whose body is `{"error": "...", "code": "area.reason"}` (`router`: code not checked). */
export function assertJsonError(
  response: LightMyRequestResponse,
  status?: number,
  options: { router?: boolean } = {},
): { error: string; code: string } {
  const where = `${response.statusCode} ${response.body.slice(0, 300)}`;
  if (status !== undefined) assert.equal(response.statusCode, status, where);
  assert.ok(response.statusCode >= 400 && response.statusCode < 500, where);
  assert.match(String(response.headers['content-type']), /^application\/json/, where);
  const body = response.json() as { error?: unknown; code?: unknown };
  assert.equal(typeof body.error, 'string', where);
  assert.ok((body.error as string).length > 0, where);
  if (!options.router) assert.match(String(body.code), /^[a-z_]+\.[a-z_]+$/, where);
  return body as { error: string; code: string };
}
