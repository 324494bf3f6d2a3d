/**
 * API calls that RustDesk clients (1.4.7 and newer) tunnel through the rendezvous server when
 * HTTP to the API fails (client API spec §2.1): answered by this process's own routes, as if
 * the client had called them from its address.
 */
import type { FastifyInstance } from 'fastify';
import type { TunnelledRequest, TunnelledResponse } from '../domain/rendezvous.js';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];

/**
 * Headers that describe the connection, not the request, and those a proxy would set: a client
 * must not pass for another address through the tunnel (the request's address is its own).
 */
const DROPPED = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'forwarded', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-real-ip']);

export function apiTunnel(app: FastifyInstance) {
  return async (request: TunnelledRequest): Promise<TunnelledResponse> => {
    const method = METHODS.find((m) => m === request.method.toUpperCase());
    if (!method) return { status: 405, headers: [{ name: 'content-type', value: 'application/json' }], body: Buffer.from('{"error":"method not allowed"}') };
    const headers: Record<string, string> = {};
    for (const { name, value } of request.headers) {
      const key = name.toLowerCase();
      if (!DROPPED.has(key) && /^[a-z0-9!#$%&'*+.^_`|~-]+$/.test(key)) headers[key] = value;
    }
    const response = await app.inject({
      method: method satisfies Method,
      url: request.path,
      headers,
      ...(request.body.length > 0 ? { payload: Buffer.from(request.body) } : {}),
      remoteAddress: request.ip,
    });
    const out: TunnelledResponse['headers'] = [];
    for (const [name, value] of Object.entries(response.headers)) {
      if (value === undefined) continue;
      for (const one of Array.isArray(value) ? value : [String(value)]) out.push({ name, value: one });
    }
    return { status: response.statusCode, headers: out, body: response.rawPayload };
  };
}
