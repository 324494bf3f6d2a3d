import type { Clock } from '../clock.js';
import { AppError, isAppError } from '../errors.js';
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
import type { AuthProviderService } from './auth-providers.js';
import type { SsoOrigin, TwoFactorService } from './two-factor.js';
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
  | { kind: 'second_factor'; secret: string; user: User; via: 'totp' | 'email' };

/**
 * The console's second step: `code` asks for a code from the app (or a backup code); `enrol`
 * means an administrator requires 2FA and the person sets it up before they get a session;
 * `email` asks for the code just e-mailed (e-mail login verification, no TOTP).
 */
export type ConsoleSecondStep = 'code' | 'enrol' | 'email';

/** A console sign-in: a session, or (2FA on or required) the secret of the second step. */
export type ConsoleSignInResult =
  | { kind: 'session'; cookie: string; session: SignedInSession; user: UserDetail }
  | { kind: 'second_factor'; secret: string; step: ConsoleSecondStep };

/** A console session opened by the second step, and the trust cookie's token when the browser was trusted. */
export interface ConsoleCodeResult {
  cookie: string;
  session: SignedInSession;
  user: UserDetail;
  trustToken: string;
  /** The provider of the single sign-on this step followed ('' after a password), for the activity log. */
  provider: string;
}

type Challenge = Awaited<ReturnType<TwoFactorService['openChallenge']>>;

/** The person as the audit names them when they act on their own sign-in. */
function actorFor(user: User, ip: string): Actor {
  return { type: 'user', id: user.id, name: user.name, ip };
}

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
  /** The token of this browser's trust cookie ('' for none). */
  trustToken?: string | undefined;
}

/** The console's second step: the secret (from the body or the pending-step cookie), the code, and whether to trust this browser. */
export interface ConsoleCodeSignIn {
  secret: string;
  code: string;
  ip: string;
  userAgent: string;
  remember: boolean;
  trust?: boolean | undefined;
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
  twoFactor: Pick<
    TwoFactorService,
    | 'isEnabled' | 'hasSecondFactor' | 'challenge' | 'openChallenge' | 'useCode' | 'wrongCode' | 'takeChallenge' | 'secondStepFor' | 'trustDevice' | 'start' | 'confirm'
    | 'emailChallenge' | 'emailCodeMatches'
  >;
  /** The lifetimes of the provider a second step after single sign-on follows. */
  providers: Pick<AuthProviderService, 'snapshot'>;
  limits?: { perAddress: number; perName: number; windowMs: number };
  /** LDAP / Active Directory: checks the passwords of the names that are the directory's (ldap-sign-in.ts). */
  directory?: Pick<LdapSignInService, 'handles' | 'verify'>;
  /** Settings → LDAP → Test, which checks a password when given one (see `testDirectory`). */
  directoryTest?: Pick<LdapService, 'test'>;
}) {
  const { store, clock, passwords, settings, accessTokens, consoleSessions, users, twoFactor, providers } = deps;
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
    // With 2FA on (an app's or e-mailed codes), the password alone does not clear a failure
    // streak: the code does, so signing in with the password again cannot reset the count of
    // wrong codes.
    if (throttle && !(await twoFactor.hasSecondFactor(user.id))) await store.signInAttempts.clearThrottle(nameKey);
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
    purpose: 'code' | 'enrol' = 'code',
    check?: (user: User) => Promise<boolean>,
  ): Promise<{ user: User; challenge: Challenge }> {
    const anonymous: PasswordAttempt = { name: '', password: '', ip: input.ip, channel };
    if (!byAddress.hit(`ip:${input.ip}`)) {
      await fail(anonymous, 'rate_limited');
      throw new AppError('auth.rate_limited');
    }
    let challenge: Challenge;
    try {
      challenge = await twoFactor.openChallenge(input.secret, channel, input.device);
      // A secret of one kind of step is no key to another (an enrolment's opens no code step).
      // An e-mailed code's step is a code step too.
      const kind = challenge.purpose === 'email' ? 'code' : challenge.purpose;
      if (kind !== purpose) throw new AppError('tfa.challenge_expired');
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
    const email = challenge.purpose === 'email';
    const right = check
      ? await check(user)
      : email
        ? twoFactor.emailCodeMatches(challenge, input.secret, input.code)
        : await twoFactor.useCode(user.id, input.code, { backup: input.backup });
    if (!right) {
      const { failures } = await store.signInAttempts.countFailure(nameKey, now, now - STREAK_RESET_MS);
      const lockMs = lockDuration(failures);
      if (lockMs) await store.signInAttempts.lockUntil(nameKey, now + lockMs);
      const reason = email ? 'bad_email_code' : 'bad_tfa_code';
      await fail(attempt, lockMs ? `${reason}_locked` : reason);
      await twoFactor.wrongCode(challenge.secretHash);
      throw new AppError('tfa.invalid_code');
    }
    if (!(await twoFactor.takeChallenge(challenge.secretHash))) throw new AppError('tfa.challenge_expired');
    if (user.status !== 1) {
      await fail(attempt, 'disabled');
      throw new AppError('auth.user_disabled');
    }
    if (throttle) await store.signInAttempts.clearThrottle(nameKey);
    return { user, challenge };
  }

  /** The single sign-on a challenge follows, with its provider's lifetimes (gone provider: none). */
  async function ssoOf(challenge: Challenge) {
    if (!challenge.ssoProviderId) return undefined;
    const provider = (await providers.snapshot()).byId.get(challenge.ssoProviderId);
    return {
      providerId: challenge.ssoProviderId, sid: challenge.ssoSid, name: provider?.name ?? '', sealedIdToken: challenge.ssoIdToken,
      ttlDays: provider?.token_ttl_days ?? 0, ttlHours: provider?.session_ttl_hours ?? 0,
    };
  }

  /** A console session for someone who passed every step; trusts the browser when asked. */
  async function openConsole(
    user: User,
    input: { ip: string; userAgent: string; remember: boolean; trust?: boolean | undefined },
    sso: { providerId: string; sid: string; ttlHours: number; name?: string; sealedIdToken?: string | undefined } | undefined,
  ): Promise<ConsoleCodeResult> {
    const trustToken = input.trust ? await twoFactor.trustDevice(actorFor(user, input.ip), user, { kind: 'console', label: input.userAgent.slice(0, 256) }) : '';
    const { cookie, session } = await consoleSessions.create(user, {
      remember: input.remember,
      ip: input.ip,
      userAgent: input.userAgent,
      ...(sso ? { sso: { providerId: sso.providerId, sid: sso.sid || undefined, ttlHours: sso.ttlHours, sealedIdToken: sso.sealedIdToken } } : {}),
    });
    return { cookie, session, user: await users.get(user.id), trustToken, provider: sso?.name ?? '' };
  }

  /**
   * After the first factor of a console sign-in (a password, or a single sign-on whose provider
   * asks for local 2FA): a session, or the second step it needs.
   */
  async function consoleAfterFirstFactor(
    user: User,
    input: { ip: string; userAgent: string; remember: boolean; trustToken?: string | undefined },
    sso?: SsoOrigin & { ttlHours: number },
  ): Promise<ConsoleSignInResult> {
    const step = await twoFactor.secondStepFor(user.id, { kind: 'console', token: input.trustToken ?? '' });
    if (step !== 'none') {
      const secret =
        step === 'email'
          ? await twoFactor.emailChallenge(user, 'console', NO_DEVICE, sso)
          : await twoFactor.challenge(user.id, 'console', NO_DEVICE, { purpose: step, sso });
      return { kind: 'second_factor', secret, step };
    }
    const opened = await openConsole(user, input, sso);
    return { kind: 'session', cookie: opened.cookie, session: opened.session, user: opened.user };
  }

  /**
   * After the first factor of a client sign-in: a token, the secret of a code step, or (2FA
   * required and not set up: the client cannot show a QR code) a refusal telling the person to
   * set it up in the console, recorded as a failed sign-in.
   */
  async function clientAfterFirstFactor(
    user: User,
    input: { ip: string; device: Omit<DeviceBinding, 'ip'> },
    sso?: SsoOrigin & { ttlDays: number },
  ): Promise<ClientSignInResult> {
    const device = { deviceId: input.device.deviceId, uuid: input.device.uuid };
    const step = await twoFactor.secondStepFor(user.id, { kind: 'client', ...device });
    if (step === 'enrol') {
      await fail({ name: user.name, password: '', ip: input.ip, channel: 'client' }, 'tfa_not_set_up');
      throw new AppError('tfa.enrol_in_console');
    }
    if (step === 'code') return { kind: 'second_factor', secret: await twoFactor.challenge(user.id, 'client', device, { sso }), user, via: 'totp' };
    if (step === 'email') return { kind: 'second_factor', secret: await twoFactor.emailChallenge(user, 'client', device, sso), user, via: 'email' };
    const accessToken = await accessTokens.issue(user.id, { ...input.device, ip: input.ip }, sso);
    return { kind: 'token', accessToken, user };
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
      return clientAfterFirstFactor(user, input);
    },

    /**
     * A client's single sign-on through a provider whose policy asks for local 2FA
     * (`require_local_2fa`): the same second step as after a password, and the token it leads
     * to keeps the provider's session and lifetime.
     */
    clientAfterSso: (user: User, input: { ip: string; device: Omit<DeviceBinding, 'ip'> }, sso: SsoOrigin & { ttlDays: number }) =>
      clientAfterFirstFactor(user, input, sso),

    /** The console's single sign-on through such a provider: a session, or the second step. */
    consoleAfterSso: (user: User, input: { ip: string; userAgent: string; trustToken?: string | undefined }, sso: SsoOrigin & { ttlHours: number }) =>
      consoleAfterFirstFactor(user, { ...input, remember: false }, sso),

    /**
     * The client's second step (§4.3 step 3): a current TOTP code (the client sends only six
     * characters, so never a backup code) for the secret of the first step, from the same device.
     */
    async clientCode(input: ClientCodeSignIn): Promise<{ accessToken: string; user: User }> {
      const device = { deviceId: input.device.deviceId, uuid: input.device.uuid };
      const { user, challenge } = await verifyCode('client', { secret: input.secret, code: input.code, ip: input.ip, device, backup: false });
      const sso = await ssoOf(challenge);
      const accessToken = await accessTokens.issue(user.id, { ...input.device, ip: input.ip }, sso && { providerId: sso.providerId, sid: sso.sid, ttlDays: sso.ttlDays });
      return { accessToken, user };
    },

    /**
     * A console sign-in with a password: the same defences, then a console session. Returns the
     * session's cookie value, the session and the user as the console shows them.
     */
    async consolePassword(input: ConsolePasswordSignIn): Promise<ConsoleSignInResult> {
      const signedIn = await verifyPassword({ name: input.name, password: input.password, ip: input.ip, channel: 'console' });
      return consoleAfterFirstFactor(signedIn, input);
    },

    /**
     * The console's second step: a current TOTP code or one of the backup codes (the console is
     * where someone who lost their phone signs in to renew 2FA), for the secret of the first step.
     */
    async consoleCode(input: ConsoleCodeSignIn): Promise<ConsoleCodeResult> {
      const { user, challenge } = await verifyCode('console', { secret: input.secret, code: input.code, ip: input.ip, device: NO_DEVICE, backup: true });
      return openConsole(user, input, await ssoOf(challenge));
    },

    /** Which step a pending console secret is for (the console asks after a single sign-on); undefined when none is live. */
    async consolePending(secret: string): Promise<ConsoleSecondStep | undefined> {
      if (!secret) return undefined;
      try {
        const challenge = await twoFactor.openChallenge(secret, 'console', NO_DEVICE);
        return challenge.purpose;
      } catch {
        return undefined;
      }
    },

    /**
     * Enrolment at sign-in, first half: for the secret of an `enrol` step (2FA required, not
     * set up), the new seed and its otpauth:// URI. No session exists until it is confirmed.
     */
    async consoleEnrolStart(input: { secret: string }): Promise<{ secret: string; uri: string }> {
      const challenge = await twoFactor.openChallenge(input.secret, 'console', NO_DEVICE);
      if (challenge.purpose !== 'enrol') throw new AppError('tfa.challenge_expired');
      const user = await store.users.findById(challenge.userId);
      if (!user || user.status !== 1) throw new AppError('tfa.challenge_expired');
      return twoFactor.start(actorFor(user, ''), user);
    },

    /**
     * Enrolment at sign-in, second half: the first code from the app turns 2FA on (wrong codes
     * count like wrong sign-in codes), then the session opens; the backup codes are shown once.
     */
    async consoleEnrolConfirm(input: ConsoleCodeSignIn): Promise<ConsoleCodeResult & { backupCodes: string[] }> {
      let backupCodes: string[] = [];
      const check = async (user: User) => {
        try {
          backupCodes = (await twoFactor.confirm(actorFor(user, input.ip), user, input.code)).backup_codes;
          return true;
        } catch (error) {
          if (isAppError(error, 'tfa.confirm_failed')) return false;
          throw error;
        }
      };
      const { user, challenge } = await verifyCode('console', { ...input, device: NO_DEVICE, backup: false }, 'enrol', check);
      return { ...(await openConsole(user, input, await ssoOf(challenge))), backupCodes };
    },
  };
}

export type SignInService = ReturnType<typeof createSignInService>;
