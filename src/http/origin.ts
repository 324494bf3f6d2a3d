import type { FastifyRequest } from 'fastify';

/**
 * The request's own origin. X-Forwarded-Proto/Host count only from DESKGATE_TRUST_PROXY
 * addresses (Fastify's trustProxy); this is the last fallback for the public URL.
 */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}

/** `scheme://host[:port]` as browsers serialise it (RFC 6454 §6.2); undefined for `null` or junk. */
function serialisedOrigin(value: string): string | undefined {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a browser sent this request from one of `ownOrigins` (the request's own origin and
 * the public URL). Fetch Metadata's `Sec-Fetch-Site` is believed when present (W3C Fetch
 * Metadata §2.4: only `same-origin` is ours, `same-site` is a sibling host); otherwise the
 * `Origin` header (RFC 6454 §7, sent by browsers on every POST and DELETE) must name one of
 * them. A request with neither is refused: it cannot be shown to come from the console.
 */
export function isSameOrigin(request: FastifyRequest, ownOrigins: readonly string[]): boolean {
  const site = request.headers['sec-fetch-site'];
  if (site !== undefined) return site === 'same-origin';
  const origin = request.headers.origin;
  if (typeof origin !== 'string') return false;
  const sent = serialisedOrigin(origin);
  return sent !== undefined && ownOrigins.some((own) => serialisedOrigin(own) === sent);
}
