import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { User } from '../domain/user.js';
import type { AccessTokenService, DeviceBinding } from './access-tokens.js';
import type { Actor } from './audit.js';
import type { ConsoleSessionService, SignedInSession } from './console-sessions.js';
import type { LdapSignInService } from './ldap-sign-in.js';
import type { LdapService, LdapTestReport } from './ldap.js';
import type { PasswordHasher } from './passwords.js';
import { createRateLimiter } from './rate-limiter.js';
import { newId, newTimeOrderedId } from './secrets.js';
import type { SettingsService } from './settings.js';
import type { TwoFactorService } from './two-factor.js';
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

/** The second step of a RustDesk client's sign-in (§4.3 step 3): the code, the echoed secret, the same device. */
export interface ClientCodeSignIn {
  secret: string;
  code: string;
  ip: string;
  device: Omit<DeviceBinding, 'ip'>;
}

/** A client's sign-in: a token, or (2FA on) the secret of the second step the client must echo with a code. */
export type ClientSignInResult =
  | { kind: 'token'; accessToken: string; user: User }
  | { kind: 'second_factor'; secret: string; user: User };

/** A console sign-in: a session, or (2FA on) the secret of the second step. */
export type ConsoleSignInResult =
  | { kind: 'session'; cookie: string; session: SignedInSession; user: UserDetail }
  | { kind: 'second_factor'; secret: string };

/** Console challenges are bound to no device. */
const NO_DEVICE = { deviceId: '', uuid: '' };

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
  twoFactor: Pick<TwoFactorService, 'isEnabled' | 'challenge' | 'openChallenge' | 'useCode' | 'wrongCode' | 'takeChallenge'>;
  limits?: { perAddress: number; perName: number; windowMs: number };
  /** LDAP / Active Directory: checks the passwords of the names that are the directory's (ldap-sign-in.ts). */
  directory?: Pick<LdapSignInService, 'handles' | 'verify'>;
  /** Settings → LDAP → Test, which checks a password when given one (see `testDirectory`). */
  directoryTest?: Pick<LdapService, 'test'>;
}) {
  const { store, clock, passwords, settings, accessTokens, consoleSessions, users, twoFactor } = deps;
  const limits = deps.limits ?? { perAddress: 30, perName: 10, windowMs: 60_000 };
  const byAddress = createRateLimiter({ clock, limit: limits.perAddress, windowMs: limits.windowMs });
  const byName = createRateLimiter({ clock, limit: limits.perName, windowMs: limits.windowMs });

  // A real argon2id hash of a random password: unknown users cost one verification too.
  let dummyHash: Promise<string> | undefined;
  const dummy = () => (dummyHash ??= passwords.hash(newId()));

  async function fail(attempt: PasswordAttempt, reason: string, detail?: string): Promise<void> {
    const now = clock.now();
    await store.signInAttempts.recordFailure({
      id: newTimeOrderedId(now),
      created_at: now,
      ip: attempt.ip,
      name: attempt.name.slice(0, 128),
      reason,
      channel: attempt.channel,
      ...(detail ? { detail: detail.slice(0, 1000) } : {}),
    });
  }

  /**
   * The directory's verdict on the password: the account, or a refusal that counts as a wrong
   * password. A directory that cannot be reached, or a directory user with no account to sign in
   * to, is recorded and answered with its own `ldap.*` error (the person's password may be right).
   */
  async function checkWithDirectory(
    directory: Pick<LdapSignInService, 'verify'>,
    attempt: PasswordAttempt,
    user: User | undefined,
  ): Promise<{ user: User | undefined; ok: boolean }> {
    try {
      const verdict = await directory.verify(attempt.name, attempt.password, user);
      return verdict.kind === 'user' ? { user: verdict.user, ok: true } : { user, ok: false };
    } catch (error) {
      // The detail (each step of the directory's answer) is for the administrator reading the log.
      if (error instanceof AppError) await fail(attempt, error.code.replace('.', '_'), error.detail);
      throw error;
    }
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

    let user = await store.users.findByName(attempt.name);
    let ok: boolean;
    if (deps.directory && (await deps.directory.handles(user))) {
      ({ user, ok } = await checkWithDirectory(deps.directory, attempt, user));
    } else {
      const stored = user?.password_hash ?? (await dummy());
      ok = (await passwords.verify(stored, attempt.password)) && user?.password_hash != null;
    }

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
    // With 2FA on, the password alone does not clear a failure streak: the code does, so
    // signing in with the password again cannot reset the count of wrong codes.
    if (throttle && !(await twoFactor.isEnabled(user.id))) await store.signInAttempts.clearThrottle(nameKey);
    return user;
  }

  /**
   * Checks the code of a second step against its challenge, with the password's defences: the
   * rate limits, the lock-out (a wrong code counts as a failure of the user's name and is
   * recorded), and a challenge that is single use, short-lived and bound to the device.
   */
  async function verifyCode(
    channel: 'client' | 'console',
    input: { secret: string; code: string; ip: string; device: { deviceId: string; uuid: string }; backup: boolean },
  ): Promise<User> {
    const anonymous: PasswordAttempt = { name: '', password: '', ip: input.ip, channel };
    if (!byAddress.hit(`ip:${input.ip}`)) {
      await fail(anonymous, 'rate_limited');
      throw new AppError('auth.rate_limited');
    }
    let challenge;
    try {
      challenge = await twoFactor.openChallenge(input.secret, channel, input.device);
    } catch (error) {
      await fail(anonymous, 'tfa_expired');
      throw error;
    }
    const user = await store.users.findById(challenge.userId);
    if (!user) throw new AppError('tfa.challenge_expired');
    const attempt: PasswordAttempt = { name: user.name, password: '', ip: input.ip, channel };
    const nameKey = user.name.toLowerCase().slice(0, 128);
    if (!byName.hit(`name:${nameKey}`)) {
      await fail(attempt, 'rate_limited');
      throw new AppError('auth.rate_limited');
    }
    const now = clock.now();
    const throttle = await store.signInAttempts.throttle(nameKey);
    if (throttle && throttle.lockedUntil > now) {
      await fail(attempt, 'locked');
      throw new AppError('auth.locked');
    }
    if (!(await twoFactor.useCode(user.id, input.code, { backup: input.backup }))) {
      const { failures } = await store.signInAttempts.countFailure(nameKey, now, now - STREAK_RESET_MS);
      const lockMs = lockDuration(failures);
      if (lockMs) await store.signInAttempts.lockUntil(nameKey, now + lockMs);
      await fail(attempt, lockMs ? 'bad_tfa_code_locked' : 'bad_tfa_code');
      await twoFactor.wrongCode(challenge.secretHash);
      throw new AppError('tfa.invalid_code');
    }
    if (!(await twoFactor.takeChallenge(challenge.secretHash))) throw new AppError('tfa.challenge_expired');
    if (user.status !== 1) {
      await fail(attempt, 'disabled');
      throw new AppError('auth.user_disabled');
    }
    if (throttle) await store.signInAttempts.clearThrottle(nameKey);
    return user;
  }

  /**
   * Settings → LDAP → Test with a password checks that password against the directory, so it
   * keeps a sign-in's defences: an administrator's console (or a stolen API token) must not
   * become a way round them to try directory passwords. The rate limits and the lock-out of the
   * name apply, and a wrong password counts as a failed sign-in of that name and is in the
   * failed sign-ins log (its detail says it came from Test, and who ran it). A right password
   * does not clear a failure streak: only a sign-in does. Without a password nothing is checked.
   */
  async function testDirectory(actor: Actor, input: { username: string; password?: string | undefined }): Promise<LdapTestReport> {
    if (!deps.directoryTest) throw new AppError('ldap.not_configured');
    // An empty password is never sent (ldap.ts says so in the report): nothing is tried.
    if (!input.password) return deps.directoryTest.test(input);
    const attempt: PasswordAttempt = { name: input.username, password: input.password, ip: actor.ip, channel: 'console' };
    const detail = `Settings → LDAP → Test, run by ${actor.name}`;
    const nameKey = attempt.name.toLowerCase().slice(0, 128);
    if (!byAddress.hit(`ip:${attempt.ip}`) || !byName.hit(`name:${nameKey}`)) {
      await fail(attempt, 'rate_limited', detail);
      throw new AppError('auth.rate_limited');
    }
    const now = clock.now();
    const throttle = await store.signInAttempts.throttle(nameKey);
    if (throttle && throttle.lockedUntil > now) {
      await fail(attempt, 'locked', detail);
      throw new AppError('auth.locked');
    }
    const report = await deps.directoryTest.test(input);
    if (report.steps.some((step) => step.step === 'user_bind' && !step.ok)) {
      const { failures } = await store.signInAttempts.countFailure(nameKey, now, now - STREAK_RESET_MS);
      const lockMs = lockDuration(failures);
      if (lockMs) await store.signInAttempts.lockUntil(nameKey, now + lockMs);
      await fail(attempt, lockMs ? 'bad_credentials_locked' : 'bad_credentials', detail);
    }
    return report;
  }

  return {
    verifyPassword,
    testDirectory,

    /**
     * A RustDesk client's password sign-in (spec/rustdesk-client-api.md §4.3): the password with
     * all its defences, then an access token bound to the device the client reported.
     */
    async clientPassword(input: ClientPasswordSignIn): Promise<ClientSignInResult> {
      const user = await verifyPassword({ name: input.name, password: input.password, ip: input.ip, channel: 'client' });
      if (await twoFactor.isEnabled(user.id)) {
        const secret = await twoFactor.challenge(user.id, 'client', { deviceId: input.device.deviceId, uuid: input.device.uuid });
        return { kind: 'second_factor', secret, user };
      }
      const accessToken = await accessTokens.issue(user.id, { ...input.device, ip: input.ip });
      return { kind: 'token', accessToken, user };
    },

    /**
     * The client's second step (§4.3 step 3): a current TOTP code (the client sends only six
     * characters, so never a backup code) for the secret of the first step, from the same device.
     */
    async clientCode(input: ClientCodeSignIn): Promise<{ accessToken: string; user: User }> {
      const device = { deviceId: input.device.deviceId, uuid: input.device.uuid };
      const user = await verifyCode('client', { secret: input.secret, code: input.code, ip: input.ip, device, backup: false });
      const accessToken = await accessTokens.issue(user.id, { ...input.device, ip: input.ip });
      return { accessToken, user };
    },

    /**
     * A console sign-in with a password: the same defences, then a console session. Returns the
     * session's cookie value, the session and the user as the console shows them.
     */
    async consolePassword(input: ConsolePasswordSignIn): Promise<ConsoleSignInResult> {
      const signedIn = await verifyPassword({ name: input.name, password: input.password, ip: input.ip, channel: 'console' });
      if (await twoFactor.isEnabled(signedIn.id)) {
        return { kind: 'second_factor', secret: await twoFactor.challenge(signedIn.id, 'console', NO_DEVICE) };
      }
      const { cookie, session } = await consoleSessions.create(signedIn, { remember: input.remember, ip: input.ip, userAgent: input.userAgent });
      return { kind: 'session', cookie, session, user: await users.get(signedIn.id) };
    },

    /**
     * The console's second step: a current TOTP code or one of the backup codes (the console is
     * where someone who lost their phone signs in to renew 2FA), for the secret of the first step.
     */
    async consoleCode(input: { secret: string; code: string; ip: string; userAgent: string; remember: boolean }) {
      const signedIn = await verifyCode('console', { secret: input.secret, code: input.code, ip: input.ip, device: NO_DEVICE, backup: true });
      const { cookie, session } = await consoleSessions.create(signedIn, { remember: input.remember, ip: input.ip, userAgent: input.userAgent });
      return { cookie, session, user: await users.get(signedIn.id) };
    },
  };
}

export type SignInService = ReturnType<typeof createSignInService>;
