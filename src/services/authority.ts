import { AppError } from '../errors.js';
import type { Actor } from './audit.js';

/**
 * What a caller holds, in API-token scopes. The one rule (DESIGN.md "Sign-in design"): a
 * credential never obtains more than it has. Routes check their own scope; the services that can
 * make, unmake or take over an administrator, change a setting or grant scopes check the rest
 * here, with the caller's authority, at the moment they act.
 */
export interface Authority {
  readonly scopes: readonly string[];
}

/** An administrator's console session, the command line and deskgate itself. */
export const FULL_AUTHORITY: Authority = Object.freeze({ scopes: Object.freeze(['admin']) });

/** Nothing at all: a console session of someone who is not an administrator. */
export const NO_AUTHORITY: Authority = Object.freeze({ scopes: Object.freeze([]) });

/**
 * The authority a service acts with. The command line and deskgate itself act as an
 * administrator; any other caller must say what it holds, and a caller that forgot is refused
 * (a programming error, never a grant).
 */
export function authorityFor(actor: Actor, given: Authority | undefined): Authority {
  if (given) return given;
  if (actor.type === 'cli' || actor.type === 'system') return FULL_AUTHORITY;
  throw new Error(`a ${actor.type} actor acted without saying what it holds`);
}

/** `scope` is `admin` or `<area>:read|write` (as parseScopes accepts); `admin` holds all, write implies read. */
export function holds(authority: Authority, scope: string): boolean {
  const { scopes } = authority;
  if (scopes.includes('admin') || scopes.includes(scope)) return true;
  const [area, access] = scope.split(':');
  return access === 'read' && scopes.includes(`${area}:write`);
}

/** Refuses with `auth.scope` (403), saying what needed which scope. */
export function requireScope(authority: Authority, scope: string, what: string): void {
  if (!holds(authority, scope)) throw new AppError('auth.scope', { message: `${what} needs the "${scope}" scope` });
}

/**
 * Making or unmaking an administrator, and changing an administrator's password or sign-in
 * state (enable, disable, sign out, delete, unlink), need `admin`: with less, a caller could
 * take the account over and sign in with everything.
 */
export function requireAdminOver(authority: Authority, user: { is_admin: boolean }, what: string): void {
  if (user.is_admin) requireScope(authority, 'admin', what);
}
