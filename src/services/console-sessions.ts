import type { Clock } from '../clock.js';
import type { Store } from '../store/index.js';
import type { ConsoleSession } from '../domain/console-session.js';
import { UserStatus, type User } from '../domain/user.js';
import { storableSid } from './access-tokens.js';
import { hashToken, newId, randomToken } from './secrets.js';

/** A live console session and who it signs in. */
export interface SignedInSession {
  id: string;
  user: User;
  csrfToken: string;
  expiresAt: number;
  remember: boolean;
  /** The provider a single sign-on session came through ('' for a password sign-in). */
  ssoProviderId: string;
}

export interface SessionInfo {
  id: string;
  ip: string;
  user_agent: string;
  remember: boolean;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
}

const sessionInfo = (row: ConsoleSession): SessionInfo => ({
  id: row.id,
  ip: row.ip,
  user_agent: row.user_agent,
  remember: row.remember,
  created_at: row.created_at,
  last_seen_at: row.last_seen_at,
  expires_at: row.expires_at,
});

/** Console sessions: an opaque cookie (stored hashed), a CSRF token, an absolute lifetime. */
export function createConsoleSessionService(deps: {
  store: Store;
  clock: Clock;
  ttlHours: number;
  rememberDays: number;
}) {
  const { store, clock } = deps;

  return {
    async create(
      user: User,
      options: {
        remember: boolean;
        ip: string;
        userAgent: string;
        /**
         * A single sign-on: the provider, its session id (`sid` of the ID token) if it sent one,
         * the provider's `session_ttl_hours` (0 or absent: the global lifetime alone), and the
         * sign-in's ID token, sealed, for RP-initiated logout.
         */
        sso?: { providerId: string; sid?: string | undefined; ttlHours?: number | undefined; sealedIdToken?: string | undefined } | undefined;
      },
    ): Promise<{ cookie: string; session: SignedInSession }> {
      const cookie = randomToken();
      const now = clock.now();
      const global = options.remember ? deps.rememberDays * 86_400_000 : deps.ttlHours * 3_600_000;
      // The shorter of the global lifetime and the provider's wins.
      const providerHours = options.sso?.ttlHours ?? 0;
      const lifetime = providerHours > 0 ? Math.min(global, providerHours * 3_600_000) : global;
      const row: ConsoleSession = {
        id: newId(),
        token_hash: hashToken(cookie),
        csrf_token: randomToken(),
        user_id: user.id,
        remember: options.remember,
        ip: options.ip,
        user_agent: options.userAgent.slice(0, 300),
        created_at: now,
        last_seen_at: now,
        expires_at: now + lifetime,
        revoked_at: null,
        sso_provider_id: options.sso?.providerId ?? '',
        // Only a `sid` that fits a column and a log line is kept; anything else is not one.
        sso_sid: storableSid(options.sso?.sid),
      };
      await store.consoleSessions.insert({ ...row, sso_id_token: options.sso?.sealedIdToken ?? '' });
      return {
        cookie,
        session: {
          id: row.id,
          user,
          csrfToken: row.csrf_token,
          expiresAt: row.expires_at,
          remember: options.remember,
          ssoProviderId: row.sso_provider_id,
        },
      };
    },

    /** The live session behind a cookie value, or undefined. Disabled users have none. */
    async resolve(cookie: string): Promise<SignedInSession | undefined> {
      if (!cookie || cookie.length > 200) return undefined;
      const row = await store.consoleSessions.findByHash(hashToken(cookie));
      const now = clock.now();
      if (!row || row.revoked_at !== null || row.expires_at <= now) return undefined;
      const user = await store.users.findById(row.user_id);
      if (!user || user.status !== UserStatus.Normal) return undefined;
      if (now - row.last_seen_at > 60_000) await store.consoleSessions.touch(row.id, now);
      return { id: row.id, user, csrfToken: row.csrf_token, expiresAt: row.expires_at, remember: row.remember, ssoProviderId: row.sso_provider_id };
    },

    async end(id: string, userId?: string): Promise<boolean> {
      return (await store.consoleSessions.revoke({ id, ...(userId ? { userId } : {}) }, clock.now())) > 0;
    },

    async endAllForUser(userId: string): Promise<number> {
      return store.consoleSessions.revoke({ userId }, clock.now());
    },

    async listForUser(userId: string): Promise<SessionInfo[]> {
      return (await store.consoleSessions.listForUser(userId, clock.now())).map(sessionInfo);
    },
  };
}

export type ConsoleSessionService = ReturnType<typeof createConsoleSessionService>;
