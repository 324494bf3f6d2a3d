import type { FastifyReply, FastifyRequest } from 'fastify';

/** Cookie names and attributes for console sessions (DESIGN.md "Safety rules"). */
const PLAIN = 'deskgate_session';
// On https the __Host- prefix pins the cookie to this origin: no Domain, Path=/, Secure.
const HOST = '__Host-deskgate_session';

export function readCookies(request: FastifyRequest): Record<string, string> {
  const header = request.headers.cookie;
  const result: Record<string, string> = {};
  if (!header) return result;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!(name in result)) {
      try {
        result[name] = decodeURIComponent(value);
      } catch {
        result[name] = value;
      }
    }
  }
  return result;
}

export function readSessionCookie(request: FastifyRequest): string | undefined {
  const cookies = readCookies(request);
  return cookies[HOST] ?? cookies[PLAIN];
}

function serialize(name: string, value: string, maxAgeSeconds: number | undefined, secure: boolean): string {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/', 'HttpOnly', 'SameSite=Lax'];
  if (secure) parts.push('Secure');
  if (maxAgeSeconds !== undefined) parts.push(`Max-Age=${maxAgeSeconds}`);
  return parts.join('; ');
}

/** `remember`: a persistent cookie; otherwise a browser-session cookie (the server still expires it). */
export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  value: string,
  options: { expiresAt: number; now: number; remember: boolean },
): void {
  const secure = request.protocol === 'https';
  const maxAge = options.remember ? Math.floor((options.expiresAt - options.now) / 1000) : undefined;
  reply.header('set-cookie', serialize(secure ? HOST : PLAIN, value, maxAge, secure));
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  const secure = request.protocol === 'https';
  reply.header('set-cookie', serialize(secure ? HOST : PLAIN, '', 0, secure));
}

/**
 * The two cookies of a console sign-in's second step, both HttpOnly, SameSite=Lax and only for
 * /api/session: `deskgate_2fa` carries the secret of a step pending after a single sign-on (the
 * browser came back from the provider, so the page has no secret of its own; 15 minutes at
 * most), and `deskgate_trust` the token of "trust this browser" (30 days; only its hash is
 * stored).
 */
export const PENDING_STEP_COOKIE = 'deskgate_2fa';
export const TRUST_COOKIE = 'deskgate_trust';

export function readCookie(request: FastifyRequest, name: string): string {
  return readCookies(request)[name] ?? '';
}

export function setSignInCookie(request: FastifyRequest, reply: FastifyReply, name: string, value: string, maxAgeSeconds: number): void {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/api/session', 'HttpOnly', 'SameSite=Lax', `Max-Age=${maxAgeSeconds}`];
  if (request.protocol === 'https') parts.push('Secure');
  reply.header('set-cookie', parts.join('; '));
}
