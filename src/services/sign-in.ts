import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { User } from '../domain/user.js';
import type { AccessTokenService, DeviceBinding } from './access-tokens.js';
import type { ConsoleSessionService, SignedInSession } from './console-sessions.js';
import type { PasswordHasher } from './passwords.js';
import { createRateLimiter } from './rate-limiter.js';
import { newId, newTimeOrderedId } from './secrets.js';
import type { SettingsService } from './settings.js';
import type { UserDetail, UserService } from './users.js';

export interface PasswordAttempt {
  name: string;
  password: string;
  ip: string;
  /** `client` (RustDesk /api/login) or `console`. */
  channel: 'client' | 'console';
}

/** A RustDesk client's password sign-in (/api/login): who, from where, and the device to bind the token to. */
export interface ClientPasswordSignIn {
  name: string;
  password: string;
  ip: string;
  device: Omit<DeviceBinding, 'ip'>;
}

/** A console sign-in with a password (POST /api/session). */
export interface ConsolePasswordSignIn {
  name: string;
  password: string;
  ip: string;
  userAgent: string;
  /** A longer absolute lifetime. */
  remember: boolean;
}

/** After this many consecutive failures a username is locked; each further one doubles the lock. */
export const LOCK_AFTER = 5;
const FIRST_LOCK_MS = 60_000;
const MAX_LOCK_MS = 60 * 60_000;
/** A failure streak older than this is forgotten. */
const STREAK_RESET_MS = 24 * 60 * 60_000;

export function lockDuration(failures: number): number {
  if (failures < LOCK_AFTER) return 0;
  return Math.min(FIRST_LOCK_MS * 2 ** (failures - LOCK_AFTER), MAX_LOCK_MS);
}

/**
 * Password sign-in with its defences: per-address and per-username rate limits, a lock-out
 * with growing back-off shared through the database, a failure record for the alarm log, and
 * the same answer (and the same argon2 cost) whether or not the user exists.
 */
export function createSignInService(deps: {
  store: Store;
  clock: Clock;
  passwords: PasswordHasher;
  settings: SettingsService;
  accessTokens: Pick<AccessTokenService, 'issue'>;
  consoleSessions: Pick<ConsoleSessionService, 'create'>;
  users: Pick<UserService, 'get'>;
  limits?: { perAddress: number; perName: number; windowMs: number };
}) {
  const { store, clock, passwords, settings, accessTokens, consoleSessions, users } = deps;
  const limits = deps.limits ?? { perAddress: 30, perName: 10, windowMs: 60_000 };
  const byAddress = createRateLimiter({ clock, limit: limits.perAddress, windowMs: limits.windowMs });
  const byName = createRateLimiter({ clock, limit: limits.perName, windowMs: limits.windowMs });

  // A real argon2id hash of a random password: unknown users cost one verification too.
  let dummyHash: Promise<string> | undefined;
  const dummy = () => (dummyHash ??= passwords.hash(newId()));

  async function fail(attempt: PasswordAttempt, reason: string): Promise<void> {
    const now = clock.now();
    await store.signInAttempts.recordFailure({
      id: newTimeOrderedId(now),
      created_at: now,
      ip: attempt.ip,
      name: attempt.name.slice(0, 128),
      reason,
      channel: attempt.channel,
    });
  }

  /** Returns the user on success; throws an `auth.*` AppError otherwise. */
  async function verifyPassword(attempt: PasswordAttempt): Promise<User> {
    const nameKey = attempt.name.toLowerCase().slice(0, 128);
    if (!byAddress.hit(`ip:${attempt.ip}`) || !byName.hit(`name:${nameKey}`)) {
      await fail(attempt, 'rate_limited');
      throw new AppError('auth.rate_limited');
    }
    if (!(await settings.get('password_login'))) {
      throw new AppError('auth.password_login_disabled');
    }

    const now = clock.now();
    const throttle = await store.signInAttempts.throttle(nameKey);
    if (throttle && throttle.lockedUntil > now) {
      await fail(attempt, 'locked');
      throw new AppError('auth.locked');
    }

    const user = await store.users.findByName(attempt.name);
    const stored = user?.password_hash ?? (await dummy());
    const ok = (await passwords.verify(stored, attempt.password)) && user?.password_hash != null;

    if (!user || !ok) {
      // The lock follows the count this failure got from the increment itself, so concurrent
      // guesses cannot share one reading of the counter (DESIGN.md "Safety rules").
      const { failures } = await store.signInAttempts.countFailure(nameKey, now, now - STREAK_RESET_MS);
      const lockMs = lockDuration(failures);
      if (lockMs) await store.signInAttempts.lockUntil(nameKey, now + lockMs);
      await fail(attempt, lockMs ? 'bad_credentials_locked' : 'bad_credentials');
      throw new AppError('auth.invalid_credentials');
    }
    if (user.status !== 1) {
      await fail(attempt, 'disabled');
      throw new AppError('auth.user_disabled');
    }
    if (throttle) await store.signInAttempts.clearThrottle(nameKey);
    return user;
  }

  return {
    verifyPassword,

    /**
     * A RustDesk client's password sign-in (spec/rustdesk-client-api.md §4.3): the password with
     * all its defences, then an access token bound to the device the client reported.
     */
    async clientPassword(input: ClientPasswordSignIn): Promise<{ accessToken: string; user: User }> {
      const user = await verifyPassword({ name: input.name, password: input.password, ip: input.ip, channel: 'client' });
      const accessToken = await accessTokens.issue(user.id, { ...input.device, ip: input.ip });
      return { accessToken, user };
    },

    /**
     * A console sign-in with a password: the same defences, then a console session. Returns the
     * session's cookie value, the session and the user as the console shows them.
     */
    async consolePassword(input: ConsolePasswordSignIn): Promise<{ cookie: string; session: SignedInSession; user: UserDetail }> {
      const signedIn = await verifyPassword({ name: input.name, password: input.password, ip: input.ip, channel: 'console' });
      const { cookie, session } = await consoleSessions.create(signedIn, { remember: input.remember, ip: input.ip, userAgent: input.userAgent });
      return { cookie, session, user: await users.get(signedIn.id) };
    },
  };
}

export type SignInService = ReturnType<typeof createSignInService>;
