import type { FastifyRequest } from 'fastify';

/**
 * The request's own origin. X-Forwarded-Proto/Host count only from DESKGATE_TRUST_PROXY
 * addresses (Fastify's trustProxy); this is the last fallback for the public URL.
 */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
