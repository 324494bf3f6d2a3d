import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { Actor, AuditService } from './audit.js';
import { authorityFor, requireAdminOver, type Authority } from './authority.js';
import type { PasswordHasher } from './passwords.js';
import type { SecretBox } from './secret-box.js';
import { hashToken, randomToken } from './secrets.js';
import { base32Encode, matchTotp, newTotpSecret, otpauthUri } from './totp.js';

/** How many backup codes a confirmed enrolment gets, each usable once. */
export const BACKUP_CODE_COUNT = 10;
/** How long the second step of a sign-in may wait for its code. */
export const CHALLENGE_TTL_MS = 5 * 60_000;
/** Wrong codes one challenge takes before it is spent (each also counts toward the lock-out). */
export const CHALLENGE_MAX_ATTEMPTS = 5;

/** Whom a change is about: the user as the audit names them. */
export interface TwoFactorUser {
  id: string;
  name: string;
}

/** What a person proves to disable or renew 2FA: their password or a current code. */
export interface TwoFactorProof {
  password?: string | undefined;
  code?: string | undefined;
}

export interface TwoFactorStatus {
  enabled: boolean;
  /** An enrolment was started and waits for its confirming code. */
  pending: boolean;
  backup_codes_left: number;
  /** An administrator requires 2FA of this person (directly or through a group). */
  required: boolean;
}

/** Backup codes as people type them: ten base32 characters in two groups (xxxxx-xxxxx). */
function newBackupCode(): string {
  const text = base32Encode(randomBytes(7)).slice(0, 10).toLowerCase();
  return `${text.slice(0, 5)}-${text.slice(5)}`;
}

/** Case, spaces and dashes do not matter in a backup code. */
function normaliseBackupCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

/**
 * Two-factor sign-in with TOTP (RFC 6238, see totp.ts): enrolment with a confirming code, ten
 * single-use backup codes stored hashed, disable and renew with the password or a current code,
 * an administrator's reset and requirement, and the short-lived challenges of a sign-in's second
 * step. The seed is sealed with the secret box. Every change writes its console audit row in the
 * same transaction.
 */
export function createTwoFactorService(deps: {
  store: Store;
  clock: Clock;
  audit: AuditService;
  secretBox: SecretBox;
  passwords: PasswordHasher;
  issuer?: string;
}) {
  const { store, clock, audit, secretBox, passwords } = deps;
  const issuer = deps.issuer ?? 'deskgate';
  const target = (user: TwoFactorUser) => ({ type: 'user', id: user.id, name: user.name });

  /** Uses a TOTP code (or, when `backup`, a backup code) of the user: true once per code. */
  async function useCode(userId: string, code: string, options: { backup: boolean }): Promise<boolean> {
    const totp = await store.twoFactor.getTotp(userId);
    if (!totp || totp.confirmedAt === null) return false;
    const now = clock.now();
    if (/^\d{6}$/.test(code)) {
      const step = matchTotp(secretBox.open(totp.secret), code, now, totp.lastStep);
      return step !== null && (await store.twoFactor.useStep(userId, step, now));
    }
    if (!options.backup) return false;
    const normalised = normaliseBackupCode(code);
    if (normalised.length !== 10) return false;
    return store.twoFactor.useBackupCode(userId, hashToken(normalised), now);
  }

  async function checkProof(user: TwoFactorUser, proof: TwoFactorProof): Promise<void> {
    if (proof.code) {
      if (await useCode(user.id, proof.code, { backup: true })) return;
      throw new AppError('tfa.wrong_proof', { detail: 'wrong code' });
    }
    if (proof.password !== undefined) {
      const row = await store.users.findById(user.id);
      if (row?.password_hash && (await passwords.verify(row.password_hash, proof.password))) return;
      throw new AppError('tfa.wrong_proof', { detail: 'wrong password' });
    }
    throw new AppError('tfa.wrong_proof', { detail: 'no proof' });
  }

  async function start(actor: Actor, user: TwoFactorUser): Promise<{ secret: string; uri: string }> {
    const secret = newTotpSecret();
    await store.transaction(async (tx) => {
      if (!(await tx.twoFactor.startTotp(user.id, secretBox.seal(secret), clock.now()))) throw new AppError('tfa.already_enabled');
      await tx.consoleAudit.insert(audit.row(actor, 'user.2fa_start', target(user)));
    });
    return { secret, uri: otpauthUri({ issuer, account: user.name, secret }) };
  }

  return {
    useCode,

    async status(userId: string): Promise<TwoFactorStatus> {
      const [totp, left, required] = await Promise.all([
        store.twoFactor.getTotp(userId),
        store.twoFactor.unusedBackupCodes(userId),
        store.twoFactor.isRequired(userId),
      ]);
      return { enabled: totp?.confirmedAt != null, pending: totp !== undefined && totp.confirmedAt === null, backup_codes_left: left, required };
    },

    async isEnabled(userId: string): Promise<boolean> {
      return (await store.twoFactor.getTotp(userId))?.confirmedAt != null;
    },

    /** Starts an enrolment: the seed, shown once, and its otpauth:// URI for a QR code. */
    start,

    /** Confirms the started enrolment with a code from the app; returns the backup codes, shown once. */
    async confirm(actor: Actor, user: TwoFactorUser, code: string): Promise<{ backup_codes: string[] }> {
      const totp = await store.twoFactor.getTotp(user.id);
      if (!totp || totp.confirmedAt !== null) throw new AppError('tfa.not_pending');
      const now = clock.now();
      const step = matchTotp(secretBox.open(totp.secret), code, now, 0);
      if (step === null) throw new AppError('tfa.confirm_failed');
      const codes = Array.from({ length: BACKUP_CODE_COUNT }, newBackupCode);
      await store.transaction(async (tx) => {
        if (!(await tx.twoFactor.confirmTotp(user.id, step, now))) throw new AppError('tfa.not_pending');
        await tx.twoFactor.replaceBackupCodes(user.id, codes.map((c) => hashToken(normaliseBackupCode(c))), now);
        await tx.consoleAudit.insert(audit.row(actor, 'user.2fa_enable', target(user)));
      });
      return { backup_codes: codes };
    },

    /** Turns 2FA off, proven with the password or a current (or backup) code. */
    async disable(actor: Actor, user: TwoFactorUser, proof: TwoFactorProof): Promise<void> {
      if (!(await store.twoFactor.getTotp(user.id))) throw new AppError('tfa.not_enabled');
      await checkProof(user, proof);
      await store.transaction(async (tx) => {
        await tx.twoFactor.removeTotp(user.id);
        await tx.consoleAudit.insert(audit.row(actor, 'user.2fa_disable', target(user)));
      });
    },

    /**
     * Renews 2FA (a new phone, or used-up backup codes): proven like disable, it drops the old
     * seed and codes and starts a new enrolment, to be confirmed like the first.
     */
    async renew(actor: Actor, user: TwoFactorUser, proof: TwoFactorProof): Promise<{ secret: string; uri: string }> {
      if (!(await store.twoFactor.getTotp(user.id))) throw new AppError('tfa.not_enabled');
      await checkProof(user, proof);
      await store.transaction(async (tx) => {
        await tx.twoFactor.removeTotp(user.id);
        await tx.consoleAudit.insert(audit.row(actor, 'user.2fa_renew', target(user)));
      });
      return start(actor, user);
    },

    /**
     * An administrator's reset: the user signs in with the password alone until they enrol again.
     * Resetting an administrator's needs the `admin` scope (it weakens their sign-in).
     */
    /** The administrator's view of a user's 2FA. */
    adminStatus: (userId: string) => Promise.all([store.twoFactor.getTotp(userId), store.twoFactor.isRequired(userId)]).then(([totp, required]) => ({
      enabled: totp?.confirmedAt != null,
      required,
    })),

    async reset(actor: Actor, user: TwoFactorUser, authority?: Authority): Promise<void> {
      const row = await store.users.findById(user.id);
      if (!row) throw new AppError('user.not_found');
      requireAdminOver(authorityFor(actor, authority), row, 'Resetting an administrator’s two-factor sign-in');
      await store.transaction(async (tx) => {
        if (!(await tx.twoFactor.removeTotp(user.id))) throw new AppError('tfa.not_enabled');
        await tx.consoleAudit.insert(audit.row(actor, 'user.2fa_reset', target(user)));
      });
    },

    /** An administrator requires 2FA of a user or a user group's members, or no longer does. */
    async setRequired(actor: Actor, subject: { type: 'user' | 'user_group'; id: string; name: string }, required: boolean): Promise<boolean> {
      await store.transaction(async (tx) => {
        const key = subject.type === 'user' ? { userId: subject.id } : { groupId: subject.id };
        if (!(await tx.twoFactor.setRequired(key, required, clock.now()))) return;
        await tx.consoleAudit.insert(audit.row(actor, `${subject.type}.2fa_require`, subject, { required }));
      });
      return required;
    },

    /** A second step for this user and device: the opaque secret to echo, only its hash stored. */
    async challenge(userId: string, channel: 'client' | 'console', device: { deviceId: string; uuid: string }): Promise<string> {
      const now = clock.now();
      await store.twoFactor.purgeChallenges(now);
      const secret = randomToken('tfa_');
      await store.twoFactor.insertChallenge(
        { secretHash: hashToken(secret), userId, channel, deviceId: device.deviceId, deviceUuid: device.uuid, expiresAt: now + CHALLENGE_TTL_MS },
        now,
      );
      return secret;
    },

    /**
     * The live challenge of this secret for this channel and device, or an
     * `tfa.challenge_expired` error (unknown, expired, spent or another device's).
     */
    async openChallenge(secret: string, channel: 'client' | 'console', device: { deviceId: string; uuid: string }) {
      const challenge = await store.twoFactor.getChallenge(hashToken(secret));
      if (
        !challenge || challenge.expiresAt <= clock.now() || challenge.channel !== channel ||
        challenge.deviceId !== device.deviceId || challenge.deviceUuid !== device.uuid
      ) {
        throw new AppError('tfa.challenge_expired');
      }
      return challenge;
    },

    /** Counts a wrong code on the challenge; spends it after CHALLENGE_MAX_ATTEMPTS. */
    async wrongCode(secretHash: string): Promise<void> {
      const attempts = await store.twoFactor.countAttempt(secretHash);
      if (attempts >= CHALLENGE_MAX_ATTEMPTS) await store.twoFactor.takeChallenge(secretHash);
    },

    /** Spends the challenge: true for the one caller that does. */
    takeChallenge: (secretHash: string) => store.twoFactor.takeChallenge(secretHash),
  };
}

export type TwoFactorService = ReturnType<typeof createTwoFactorService>;
