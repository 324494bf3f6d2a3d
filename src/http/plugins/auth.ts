import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors.js';
import type { ApiTokenInfo, ScopeArea } from '../../services/api-tokens.js';
import type { Actor } from '../../services/audit.js';
import { FULL_AUTHORITY, NO_AUTHORITY, holds, type Authority } from '../../services/authority.js';
import type { SignedInSession } from '../../services/console-sessions.js';
import { safeEqual } from '../../services/secrets.js';
import type { HttpContext } from '../context.js';
import { readSessionCookie } from '../cookies.js';

export type Principal =
  | { kind: 'session'; session: SignedInSession; actor: Actor }
  | { kind: 'token'; token: ApiTokenInfo; actor: Actor };

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header !== 'string') return undefined;
  const match = /^Bearer\s+(.*)$/i.exec(header.trim());
  return match ? (match[1] ?? '').trim() : undefined;
}

/**
 * Who is calling the console API (DESIGN.md "Who may call what"): an API token in
 * `Authorization: Bearer`, or a console session cookie with, on state-changing requests, the
 * session's CSRF token in `X-CSRF-Token`. RustDesk client tokens are refused here: they sit in
 * config files on every device a person ever used.
 */
export async function authenticate(request: FastifyRequest, ctx: HttpContext): Promise<Principal> {
  const bearer = bearerToken(request);
  if (bearer !== undefined) {
    const token = await ctx.services.apiTokens.verify(bearer);
    if (token) {
      return { kind: 'token', token, actor: { type: 'token', id: token.id, name: token.name, ip: request.ip } };
    }
    const isClientToken = await ctx.services.accessTokens.verify(bearer).then(
      () => true,
      () => false,
    );
    throw new AppError(isClientToken ? 'auth.client_token_refused' : 'auth.invalid_token');
  }
  const cookie = readSessionCookie(request);
  const session = cookie ? await ctx.services.consoleSessions.resolve(cookie) : undefined;
  if (!session) throw new AppError('auth.required');
  if (!SAFE_METHODS.has(request.method)) {
    const sent = request.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !safeEqual(sent, session.csrfToken)) throw new AppError('auth.csrf');
  }
  const user = session.user;
  return { kind: 'session', session, actor: { type: 'user', id: user.id, name: user.name, ip: request.ip } };
}

/**
 * What a principal holds (DESIGN.md "A credential never obtains more than it has"): an API token
 * its scopes, an administrator's console session everything, anyone else's session nothing.
 */
function authorityOfPrincipal(principal: Principal): Authority {
  if (principal.kind === 'token') return { scopes: principal.token.scopes };
  return principal.session.user.is_admin ? FULL_AUTHORITY : NO_AUTHORITY;
}

/**
 * What the caller of this request holds, for the services that check fields and targets
 * beyond the route's own scope (making an administrator, granting a scope, a setting's area).
 */
export function authorityOf(request: FastifyRequest): Authority {
  if (!request.principal) throw new AppError('auth.required');
  return authorityOfPrincipal(request.principal);
}

/** onRequest for /api/admin/*: an administrator's session, or an API token with the scope. */
export function requireAdmin(ctx: HttpContext, area: ScopeArea, access: 'read' | 'write') {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const principal = await authenticate(request, ctx);
    if (!holds(authorityOfPrincipal(principal), `${area}:${access}`)) {
      throw new AppError(principal.kind === 'session' ? 'auth.forbidden' : 'auth.scope');
    }
    request.principal = principal;
  };
}

/** preHandler for /api/account/*: a signed-in person (API tokens belong to no person). */
export function requireSession(ctx: HttpContext) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const principal = await authenticate(request, ctx);
    if (principal.kind !== 'session') {
      throw new AppError('auth.forbidden', { message: 'This endpoint needs a console session, not an API token' });
    }
    request.principal = principal;
  };
}

export function sessionOf(request: FastifyRequest): Extract<Principal, { kind: 'session' }> {
  const principal = request.principal;
  if (principal?.kind !== 'session') throw new AppError('auth.required');
  return principal;
}

/** The caller's own console session when they act on their own account, so that it survives. */
export function ownSessionId(request: FastifyRequest, userId: string): string | undefined {
  const principal = request.principal;
  return principal?.kind === 'session' && principal.session.user.id === userId ? principal.session.id : undefined;
}

export function actorOf(request: FastifyRequest): Actor {
  if (!request.principal) throw new AppError('auth.required');
  return request.principal.actor;
}
