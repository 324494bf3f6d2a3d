import { gzipSync } from 'node:zlib';
import type { InjectOptions } from 'fastify';

/**
 * Requests exactly as RustDesk clients send them (spec/rustdesk-client-api.md §2.1, §2.2).
 * Rust `post_request` always adds `Content-Type: application/json` and nothing else; Dart's
 * package:http rewrites it to `application/json; charset=utf-8` when a body is sent.
 */
export const DEVICE = {
  id: '123456789',
  uuid: 'MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw+/=',
  deviceInfo: { os: 'linux', type: 'client', name: 'build-box' },
};

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';

/** Flutter (Dart) UI: `Content-Type: application/json; charset=utf-8` with a String body. */
export function dart(method: Method, url: string, body?: unknown, token?: string): InjectOptions {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  return { method, url, headers, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) };
}

/** Rust `post_request`: always POST, always `Content-Type: application/json`, no auth unless given. */
export function rust(url: string, body: unknown, token?: string): InjectOptions {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  return { method: 'POST', url, headers, payload: JSON.stringify(body) };
}

/** An empty-body POST as the address book sends it (§12 item 8): JSON type, `Content-Length: 0`. */
export function emptyPost(url: string, token?: string): InjectOptions {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'content-length': '0' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  return { method: 'POST', url, headers, payload: '' };
}

/** The legacy address book's pull (§8.4): a GET with the JSON type and `Accept-Encoding: gzip`, no body. */
export function legacyAbGet(token: string): InjectOptions {
  return { method: 'GET', url: '/api/ab', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-encoding': 'gzip' } };
}

/** Clients ≤ 1.4.4 gzip large bodies (§12 item 9). */
export function gzipped(url: string, body: unknown, token?: string): InjectOptions {
  const headers: Record<string, string> = { 'content-type': 'application/json', 'content-encoding': 'gzip' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  return { method: 'POST', url, headers, payload: gzipSync(Buffer.from(JSON.stringify(body))) };
}

export function loginBody(username: string, password: string) {
  return { username, password, id: DEVICE.id, uuid: DEVICE.uuid, autoLogin: true, type: 'account', deviceInfo: DEVICE.deviceInfo };
}
