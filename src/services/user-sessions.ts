import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { AccessToken } from '../domain/access-token.js';
import type { User } from '../domain/user.js';
import type { AccessTokenService } from './access-tokens.js';
import type { Actor, AuditService } from './audit.js';
import { authorityFor, requireAdminOver, type Authority } from './authority.js';
import type { ConsoleSessionService, SessionInfo } from './console-sessions.js';
import type { UserService } from './users.js';

/** A RustDesk client signed in as the user: what the console shows, never the token. */
export interface DeviceSignIn {
  id: string;
  device_id: string;
  device_uuid: string;
  device_info: { os?: string; type?: string; name?: string };
  ip: string;
  created_at: number;
  last_used_at: number;
  expires_at: number;
}

/** What the client reported of its device: the strings the console shows, nothing else. */
function deviceInfoOf(reported: Record<string, unknown>): DeviceSignIn['device_info'] {
  const info: DeviceSignIn['device_info'] = {};
  for (const key of ['os', 'type', 'name'] as const) {
    const value = reported[key];
    if (typeof value === 'string') info[key] = value;
  }
  return info;
}

const deviceSignIn = (row: AccessToken): DeviceSignIn => ({
  id: row.id,
  device_id: row.device_id,
  device_uuid: row.device_uuid,
  device_info: deviceInfoOf(row.device_info),
  ip: row.ip,
  created_at: row.created_at,
  last_used_at: row.last_used_at,
  expires_at: row.expires_at,
});

/**
 * Ends a person's sign-ins: every RustDesk client token (30-day credentials, so a changed
 * password must not leave them working) and every console session but `keepSessionId` (the one
 * making the change, so it stays signed in). Revoking forgets the cached verifications on this
 * instance; other instances stop within the access-token cache's few seconds.
 */
export async function endSignIns(
  deps: { store: Store; clock: Clock; accessTokens: AccessTokenService },
  userId: string,
  keepSessionId?: string,
): Promise<{ client_tokens: number; console_sessions: number }> {
  const ended = await endSignInsIn(deps.store, deps.clock.now(), userId, keepSessionId);
  deps.accessTokens.forgetUser(userId);
  return ended;
}

/**
 * `endSignIns` written through a transaction (`tx`), to commit with its audit record. The caller
 * forgets the user's cached token verifications after the commit (`accessTokens.forgetUser`).
 */
export async function endSignInsIn(
  tx: Store,
  now: number,
  userId: string,
  keepSessionId?: string,
): Promise<{ client_tokens: number; console_sessions: number }> {
  const client_tokens = (await tx.accessTokens.revoke({ userId }, now)).length;
  let console_sessions = 0;
  if (keepSessionId === undefined) {
    console_sessions = await tx.consoleSessions.revoke({ userId }, now);
  } else {
    for (const session of await tx.consoleSessions.listForUser(userId, now)) {
      if (session.id !== keepSessionId) console_sessions += await tx.consoleSessions.revoke({ id: session.id, userId }, now);
    }
  }
  return { client_tokens, console_sessions };
}

/**
 * Where a person is signed in (console sessions and RustDesk clients) and the ways to end it:
 * an administrator's force sign-out, a password change, or the person signing out a device.
 */
export function createUserSessionService(deps: {
  store: Store;
  clock: Clock;
  users: UserService;
  accessTokens: AccessTokenService;
  consoleSessions: ConsoleSessionService;
  audit: AuditService;
}) {
  const { store, clock, users, accessTokens, consoleSessions, audit } = deps;

  async function requireUser(id: string): Promise<User> {
    const row = await store.users.findById(id);
    if (!row) throw new AppError('user.not_found');
    return row;
  }

  const target = (row: User) => ({ type: 'user', id: row.id, name: row.name });

  const sessionsOf = (userId: string): Promise<SessionInfo[]> => consoleSessions.listForUser(userId);
  const devicesOf = async (userId: string): Promise<DeviceSignIn[]> =>
    (await accessTokens.listForUser(userId)).map(deviceSignIn);

  return {
    sessionsOf,
    devicesOf,

    /** An administrator's view of one user's sign-ins; `user.not_found` for an unknown id. */
    async listForUser(userId: string): Promise<{ sessions: SessionInfo[]; devices: DeviceSignIn[] }> {
      await requireUser(userId);
      const [sessions, devices] = await Promise.all([sessionsOf(userId), devicesOf(userId)]);
      return { sessions, devices };
    },

    /**
     * Force sign-out: every RustDesk client token and every console session of the user.
     * Signing an administrator out needs `admin` (`authority`: what the caller holds).
     */
    async signOutEverywhere(actor: Actor, userId: string, authority?: Authority) {
      const held = authorityFor(actor, authority);
      const row = await requireUser(userId);
      requireAdminOver(held, row, 'Signing an administrator out');
      const ended = await store.transaction(async (tx) => {
        const counts = await endSignInsIn(tx, clock.now(), userId);
        await tx.consoleAudit.insert(audit.row(actor, 'user.sign_out', target(row), counts));
        return counts;
      });
      accessTokens.forgetUser(userId);
      return ended;
    },

    /**
     * An administrator sets a password: the user's client tokens and console sessions end, but
     * the caller's own session (`keepSessionId`) when they set their own.
     */
    async resetPassword(
      actor: Actor,
      userId: string,
      password: string,
      options: { authority?: Authority | undefined; keepSessionId?: string | undefined } = {},
    ): Promise<{ client_tokens: number; console_sessions: number }> {
      await users.setPassword(actor, userId, password, options.authority);
      return endSignIns({ store, clock, accessTokens }, userId, options.keepSessionId);
    },

    /** The person changes their own password: their client tokens and other console sessions end. */
    async changeOwnPassword(
      actor: Actor,
      userId: string,
      passwords: { current: string | undefined; next: string },
      currentSessionId: string,
    ): Promise<void> {
      await users.changeOwnPassword(actor, userId, passwords.current, passwords.next);
      await endSignIns({ store, clock, accessTokens }, userId, currentSessionId);
    },

    /** Ends one of the person's own console sessions; `session.not_found` for anyone else's. */
    async endOwnSession(actor: Actor, userId: string, sessionId: string): Promise<void> {
      const row = await requireUser(userId);
      await store.transaction(async (tx) => {
        if (!(await tx.consoleSessions.revoke({ id: sessionId, userId }, clock.now()))) throw new AppError('session.not_found');
        await tx.consoleAudit.insert(audit.row(actor, 'account.session_end', target(row), { session: sessionId }));
      });
    },

    /** Signs one of the person's own RustDesk clients out (revokes that token). */
    async signOutOwnDevice(actor: Actor, userId: string, tokenId: string): Promise<void> {
      const row = await requireUser(userId);
      const token = (await accessTokens.listForUser(userId)).find((t) => t.id === tokenId);
      if (!token) throw new AppError('session.device_not_found');
      const detail = { device_id: token.device_id, device_name: deviceInfoOf(token.device_info).name ?? '' };
      await store.transaction(async (tx) => {
        const revoked = await tx.accessTokens.revoke({ id: tokenId, userId }, clock.now());
        if (revoked.length === 0) throw new AppError('session.device_not_found');
        await tx.consoleAudit.insert(audit.row(actor, 'account.device_sign_out', target(row), detail));
      });
      accessTokens.forgetUser(userId);
    },
  };
}

export type UserSessionService = ReturnType<typeof createUserSessionService>;
