import type { Clock } from '../clock.js';
import { UserStatus, type User } from '../domain/user.js';
import { AppError } from '../errors.js';
import { recordBadMailLink } from './sign-in-failures.js';
import type { Store } from '../store/index.js';
import type { AccessTokenService } from './access-tokens.js';
import type { AuditService } from './audit.js';
import type { MailService } from './mail.js';
import type { PasswordHasher } from './passwords.js';
import { createRateLimiter } from './rate-limiter.js';
import { hashToken, randomToken } from './secrets.js';
import type { SettingsService } from './settings.js';
import { endSignInsIn } from './user-sessions.js';
import { checkPassword } from './users.js';

/** How long a reset link works. */
export const RESET_TTL_MS = 3600_000;
/** The console page the link opens; the token rides in the fragment, which no server or proxy logs. */
export const RESET_PATH = '/reset-password';

export interface ResetLimits {
  /** Requests per IP address per window (in memory, per instance: it blunts floods). */
  perAddress: number;
  windowMs: number;
  /** Links sent to one account per hour (in the database: every instance agrees). */
  perAccount: number;
}

const DEFAULT_LIMITS: ResetLimits = { perAddress: 10, windowMs: 15 * 60_000, perAccount: 3 };
const ACCOUNT_WINDOW_MS = 3600_000;

/**
 * "Forgot password?" on the console's sign-in page. Offered only to accounts that have a local
 * password (never to single sign-on only or directory accounts, which would gain one), and
 * answered the same whether an account exists or not: the mail goes out after the answer.
 * Using a link sets the password and ends every sign-in, as a password change does.
 */
export function createPasswordResetService(deps: {
  store: Store;
  clock: Clock;
  audit: AuditService;
  mail: Pick<MailService, 'send' | 'configured'>;
  passwords: PasswordHasher;
  accessTokens: Pick<AccessTokenService, 'forgetUser'>;
  settings: Pick<SettingsService, 'get'>;
  /**
   * The configured public URL, '' when none. Never the request's own origin: anyone can send a
   * Host header, and a link to their host would hand them the token.
   */
  publicUrl: () => Promise<string>;
  limits?: ResetLimits;
}) {
  const { store, clock, audit, mail } = deps;
  const limits = deps.limits ?? DEFAULT_LIMITS;
  const byAddress = createRateLimiter({ clock, limit: limits.perAddress, windowMs: limits.windowMs });
  const inFlight = new Set<Promise<void>>();

  const eligible = (user: User) => user.password_hash !== null && user.status === UserStatus.Normal && user.email !== '';

  async function available(): Promise<boolean> {
    return (await deps.settings.get('password_login')) && (await mail.configured()) && (await deps.publicUrl()) !== '';
  }

  async function accountsFor(login: string): Promise<User[]> {
    const byName = await store.users.findByName(login);
    if (byName) return [byName];
    return login.includes('@') ? store.users.findByEmail(login, 5) : [];
  }

  async function sendLink(user: User, ip: string): Promise<void> {
    const now = clock.now();
    const token = randomToken();
    const reset = { tokenHash: hashToken(token), userId: user.id, ip, createdAt: now, expiresAt: now + RESET_TTL_MS };
    const recorded = await store.transaction((tx) => tx.mailLinks.insertPasswordResetUnderCap(reset, limits.perAccount, now - ACCOUNT_WINDOW_MS));
    if (!recorded) return;
    const link = `${(await deps.publicUrl()).replace(/\/+$/, '')}${RESET_PATH}#token=${token}`;
    await mail.send({
      to: user.email,
      subject: 'Reset your deskgate password',
      text: [
        `Someone (hopefully you) asked to reset the password of the deskgate account "${user.name}".`,
        '',
        'Open this link to choose a new password (it works once, for one hour):',
        link,
        '',
        'Choosing a new password signs this account out everywhere. If you did not ask for this, ignore this message: your password stays as it is.',
      ].join('\n'),
    });
  }

  /** A link that does not (or no longer) work: recorded as a failed sign-in, then refused. */
  async function invalid(ip: string, name?: string): Promise<never> {
    await recordBadMailLink(store, clock.now(), { reason: 'invalid_reset_link', ip, name });
    throw new AppError('reset.invalid');
  }

  return {
    available,

    /**
     * Answers before anything is looked up or sent, so neither the answer nor its timing says
     * whether the account exists; a failed send is logged by the mail service.
     */
    async request(input: { login: string; ip: string }): Promise<void> {
      if (!byAddress.hit(input.ip)) throw new AppError('auth.rate_limited');
      if (!(await available())) throw new AppError('reset.unavailable');
      const work = (async () => {
        for (const user of (await accountsFor(input.login.trim())).filter(eligible)) await sendLink(user, input.ip);
      })()
        .catch(() => {
          // mail.* failures reach the server's log through the mail service; nothing to tell the asker.
        })
        .finally(() => inFlight.delete(work));
      inFlight.add(work);
    },

    /** Waits for the links being sent (tests, and a clean shutdown). */
    async flush(): Promise<void> {
      await Promise.all([...inFlight]);
    },

    /** What the reset page shows: whose password it sets. */
    async inspect(token: string, ip: string): Promise<{ name: string }> {
      const reset = await store.mailLinks.findPasswordReset(hashToken(token), clock.now());
      const user = reset && (await store.users.findById(reset.userId));
      if (!user || !eligible(user)) return invalid(ip, user?.name);
      return { name: user.name };
    },

    async complete(input: { token: string; password: string; ip: string }): Promise<{ name: string }> {
      checkPassword(input.password);
      const pending = await store.mailLinks.findPasswordReset(hashToken(input.token), clock.now());
      if (!pending) return invalid(input.ip);
      const passwordHash = await deps.passwords.hash(input.password);
      const now = clock.now();
      const user = await store.transaction(async (tx) => {
        const reset = await tx.mailLinks.usePasswordReset(hashToken(input.token), now);
        const row = reset && (await tx.users.findById(reset.userId));
        // Disabled, or turned into a single sign-on only account since the link was sent.
        if (!row || !eligible(row)) throw new AppError('reset.invalid');
        await tx.users.update(row.id, { password_hash: passwordHash, updated_at: now });
        const ended = await endSignInsIn(tx, now, row.id);
        const actor = { type: 'user' as const, id: row.id, name: row.name, ip: input.ip };
        await tx.consoleAudit.insert(audit.row(actor, 'account.password_reset_by_email', { type: 'user', id: row.id, name: row.name }, ended));
        return row;
      });
      deps.accessTokens.forgetUser(user.id);
      return { name: user.name };
    },
  };
}

export type PasswordResetService = ReturnType<typeof createPasswordResetService>;
