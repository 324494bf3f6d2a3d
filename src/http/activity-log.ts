import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import type { AuditRecord } from '../domain/audit-record.js';

/**
 * The lines an administrator reads at `info` (README "Logs"): one per sign-in, failed sign-in
 * and administrative change, each with the fields searched for (`event`, `user`, `method`,
 * `provider`, `channel`, `ip`; `action`, `actor`, `target`). Requests themselves are logged at
 * `debug` (server.ts).
 */

export interface SignInEvent {
  user: { id: string; name: string };
  /** `password`, or single sign-on through `provider`. */
  method: 'password' | 'sso';
  provider?: string | undefined;
  channel: 'client' | 'console';
}

export function logSignIn(request: FastifyRequest, event: SignInEvent): void {
  const how = event.method === 'sso' ? `single sign-on (${event.provider ?? ''})` : 'password';
  request.log.info(
    {
      event: 'sign_in',
      user: event.user.name,
      user_id: event.user.id,
      method: event.method,
      ...(event.provider !== undefined ? { provider: event.provider } : {}),
      channel: event.channel,
      ip: request.ip,
    },
    `${event.user.name} signed in to the ${event.channel === 'client' ? 'RustDesk client' : 'console'} by ${how}`,
  );
}

/** Codes that end a sign-in attempt (a password refused, a provider's or deskgate's check failed). */
const SIGN_IN_FAILURES = new Set(['auth.invalid_credentials', 'auth.locked', 'auth.rate_limited', 'auth.password_login_disabled', 'auth.user_disabled']);

export function isSignInFailure(code: string): boolean {
  return SIGN_IN_FAILURES.has(code) || (code.startsWith('oidc.') && code !== 'oidc.client_pending');
}

/** The name a password sign-in tried, when the body carries one (never the password). */
function attemptedName(request: FastifyRequest): string | undefined {
  const body = request.body as { username?: unknown } | undefined;
  return body && typeof body === 'object' && typeof body.username === 'string' ? body.username.slice(0, 128) : undefined;
}

export function logSignInFailure(request: FastifyRequest, failure: { code: string; message: string; detail?: string | undefined; cause?: unknown }): void {
  const name = attemptedName(request);
  request.log.info(
    {
      event: 'sign_in_failed',
      code: failure.code,
      ...(name !== undefined ? { user: name } : {}),
      ip: request.ip,
      route: request.routeOptions.url ?? request.url.split('?')[0],
      ...(failure.detail ? { detail: failure.detail } : {}),
      ...(failure.cause !== undefined ? { cause: failure.cause } : {}),
    },
    `sign-in failed: ${failure.message}`,
  );
}

/** One line per audit record written: what was done, by whom, to what. */
export function logAuditRecord(log: FastifyBaseLogger, record: AuditRecord): void {
  const target = record.target.name || record.target.id;
  log.info(
    {
      event: 'admin_change',
      action: record.action,
      actor: record.actor.name,
      actor_type: record.actor.type,
      target_type: record.target.type,
      target,
      ...(record.ip ? { ip: record.ip } : {}),
    },
    `${record.action} by ${record.actor.name}${target ? ` on ${record.target.type} ${target}` : ''}`,
  );
}
