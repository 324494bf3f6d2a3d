import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { Actor, AuditService } from './audit.js';
import { authorityFor, requireAdminOver, type Authority } from './authority.js';
import type { PasswordHasher } from './passwords.js';
import type { SecretBox } from './secret-box.js';
import type { ChallengePurpose } from '../store/two-factor.js';
import { hashToken, newId, randomToken } from './secrets.js';
import { smtpConfigured } from './smtp-settings.js';
import { base32Encode, matchTotp, newTotpSecret, otpauthUri } from './totp.js';

/** How many backup codes a confirmed enrolment gets, each usable once. */
export const BACKUP_CODE_COUNT = 10;
/** How long the second step of a sign-in may wait for its code. */
export const CHALLENGE_TTL_MS = 5 * 60_000;
/** How long a required person has to set 2FA up at sign-in (scan, type the first code). */
export const ENROL_TTL_MS = 15 * 60_000;
/** How long "trust this device" skips the second step. */
export const TRUST_TTL_MS = 30 * 24 * 60 * 60_000;
/** How long an e-mailed sign-in code works. */
export const EMAIL_CODE_TTL_MS = 10 * 60_000;
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

/** A device to trust or check: a RustDesk client by id + uuid, or a browser by its trust cookie's token. */
export type TrustedDeviceRef = { kind: 'client'; deviceId: string; uuid: string } | { kind: 'console'; token: string };

/** A trusted device as its owner sees it in My account. */
export interface TrustedDeviceInfo {
  id: string;
  kind: 'client' | 'console';
  /** The RustDesk id, or '' for a browser. */
  device_id: string;
  label: string;
  created_at: number;
  expires_at: number;
}

/** The single sign-on a second step follows: the session it gets is tied to the provider's. */
export interface SsoOrigin {
  providerId: string;
  sid: string;
  /** The sign-in's ID token, sealed, kept for the console session's logout hint (console only). */
  sealedIdToken?: string | undefined;
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
  /** The mail service (Settings → SMTP), for e-mailed sign-in codes; without it, e-mail verification is unavailable. */
  mail?: { send(message: { to: string; subject: string; text: string }): Promise<void>; configured(): Promise<boolean> };
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

  /** What ties a trust to the password it was given under: a password change voids it. */
  async function passwordMark(userId: string): Promise<string> {
    const row = await store.users.findById(userId);
    return hashToken(`trust-mark:${row?.password_hash ?? ''}`);
  }

  /** Whether the device skips the second step: trusted by this user, unexpired, since the last password change. */
  async function isTrusted(userId: string, device: TrustedDeviceRef): Promise<boolean> {
    if (device.kind === 'console' && !device.token) return false;
    if (device.kind === 'client' && !device.deviceId && !device.uuid) return false;
    const ref = device.kind === 'client' ? device : { kind: 'console' as const, tokenHash: hashToken(device.token) };
    const key = ref.kind === 'client' ? { kind: 'client' as const, deviceId: ref.deviceId, deviceUuid: ref.uuid } : ref;
    return store.twoFactor.isTrusted(userId, key, await passwordMark(userId), clock.now());
  }

  /**
   * Trusts a device for 30 days (TRUST_TTL_MS), after the person proved their second factor on
   * it. A browser gets a random token for its trust cookie (only its hash is stored); returns it.
   */
  async function trustDevice(actor: Actor, user: TwoFactorUser, device: { kind: 'client'; deviceId: string; uuid: string; label: string } | { kind: 'console'; label: string }): Promise<string> {
    const now = clock.now();
    const token = device.kind === 'console' ? randomToken('trust_') : '';
    await store.twoFactor.purgeTrustedDevices(now);
    const mark = await passwordMark(user.id);
    await store.transaction(async (tx) => {
      await tx.twoFactor.insertTrustedDevice({
        id: newId(), userId: user.id, kind: device.kind, deviceId: device.kind === 'client' ? device.deviceId : '',
        deviceUuid: device.kind === 'client' ? device.uuid : '', tokenHash: token ? hashToken(token) : '', label: device.label,
        passwordMark: mark, createdAt: now, expiresAt: now + TRUST_TTL_MS,
      });
      await tx.consoleAudit.insert(
        audit.row(actor, 'user.2fa_trust_device', target(user), { kind: device.kind, ...(device.kind === 'client' ? { device_id: device.deviceId } : {}) }),
      );
    });
    return token;
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

    /** Whether the user's sign-ins have a second step of their own (TOTP or e-mailed codes). */
    async hasSecondFactor(userId: string): Promise<boolean> {
      return (await store.twoFactor.getTotp(userId))?.confirmedAt != null || (await store.twoFactor.emailVerificationOn(userId));
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
      // Required 2FA is renewed, not turned off (an administrator may reset it).
      if (await store.twoFactor.isRequired(user.id)) throw new AppError('tfa.required_by_admin');
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
    adminStatus: (userId: string) =>
      Promise.all([store.twoFactor.getTotp(userId), store.twoFactor.isRequired(userId), store.twoFactor.emailVerificationOn(userId)]).then(
        ([totp, required, email]) => ({ enabled: totp?.confirmedAt != null, required, email_verification: email }),
      ),

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

    /**
     * A second step for this user and device: the opaque secret to echo, only its hash stored.
     * `purpose` `enrol`: 2FA is required and must be set up before a session; `sso`: the
     * single sign-on it follows; `codeHash`: an e-mailed code's hash.
     */
    async challenge(
      userId: string,
      channel: 'client' | 'console',
      device: { deviceId: string; uuid: string },
      options: { purpose?: ChallengePurpose; sso?: SsoOrigin | undefined; codeHash?: string } = {},
    ): Promise<string> {
      const now = clock.now();
      await store.twoFactor.purgeChallenges(now);
      const secret = randomToken('tfa_');
      const purpose = options.purpose ?? 'code';
      await store.twoFactor.insertChallenge(
        {
          secretHash: hashToken(secret), userId, channel, deviceId: device.deviceId, deviceUuid: device.uuid,
          expiresAt: now + (purpose === 'enrol' ? ENROL_TTL_MS : CHALLENGE_TTL_MS),
          purpose, ssoProviderId: options.sso?.providerId ?? '', ssoSid: options.sso?.sid ?? '', ssoIdToken: options.sso?.sealedIdToken ?? '', codeHash: options.codeHash ?? '',
        },
        now,
      );
      return secret;
    },

    /**
     * What a sign-in of this user needs after its first factor (the password, or a single
     * sign-on whose provider asks for local 2FA): nothing, a code (unless the device is
     * trusted), or setting 2FA up first because an administrator requires it.
     */
    async secondStepFor(userId: string, device: TrustedDeviceRef): Promise<'none' | 'code' | 'enrol' | 'email'> {
      if ((await store.twoFactor.getTotp(userId))?.confirmedAt != null) return (await isTrusted(userId, device)) ? 'none' : 'code';
      if (await store.twoFactor.isRequired(userId)) return 'enrol';
      // E-mail verification without TOTP. Without a mail server it fails closed (the send
      // refuses): turning SMTP off cannot quietly drop anyone's second factor.
      if (await store.twoFactor.emailVerificationOn(userId)) return (await isTrusted(userId, device)) ? 'none' : 'email';
      return 'none';
    },

    /**
     * An e-mailed sign-in code's challenge: six digits sent to the person's address, only their
     * hash kept, valid 10 minutes, once, bound like any other second step.
     */
    async emailChallenge(
      user: { id: string; name: string; email: string },
      channel: 'client' | 'console',
      device: { deviceId: string; uuid: string },
      sso?: SsoOrigin,
    ): Promise<string> {
      if (!deps.mail) throw new AppError('mail.not_configured');
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const now = clock.now();
      await store.twoFactor.purgeChallenges(now);
      const secret = randomToken('tfa_');
      await store.twoFactor.insertChallenge(
        {
          secretHash: hashToken(secret), userId: user.id, channel, deviceId: device.deviceId, deviceUuid: device.uuid,
          expiresAt: now + EMAIL_CODE_TTL_MS, purpose: 'email', ssoProviderId: sso?.providerId ?? '', ssoSid: sso?.sid ?? '', ssoIdToken: sso?.sealedIdToken ?? '',
          codeHash: hashToken(`email-code:${secret}:${code}`),
        },
        now,
      );
      await deps.mail.send({
        to: user.email,
        subject: `deskgate sign-in code: ${code}`,
        text: `Your deskgate sign-in code for ${user.name} is ${code}.\n\nIt works once, for 10 minutes. If you did not just sign in, someone knows your password: change it.`,
      });
      return secret;
    },

    /** Whether `code` is the e-mailed code of this challenge (compared as hashes, bound to its secret). */
    emailCodeMatches(challenge: { secretHash: string; codeHash: string }, secret: string, code: string): boolean {
      if (!/^\d{6}$/.test(code) || !challenge.codeHash) return false;
      const expected = Buffer.from(challenge.codeHash);
      const given = Buffer.from(hashToken(`email-code:${secret}:${code}`));
      return expected.length === given.length && timingSafeEqual(expected, given);
    },

    /** E-mail login verification of a person: on or off, and whether they could turn it on now. */
    async emailVerification(userId: string): Promise<{ enabled: boolean; available: boolean }> {
      const [enabled, configured, row] = await Promise.all([
        store.twoFactor.emailVerificationOn(userId),
        deps.mail?.configured() ?? Promise.resolve(false),
        store.users.findById(userId),
      ]);
      return { enabled, available: configured && !!row?.email };
    },

    /**
     * Turns e-mail login verification on (the person, with SMTP set up and an address) or off
     * (the person, an administrator, or the command line; an administrator's needs `admin`).
     */
    async setEmailVerification(actor: Actor, user: TwoFactorUser, on: boolean, authority?: Authority): Promise<void> {
      const row = await store.users.findById(user.id);
      if (!row) throw new AppError('user.not_found');
      if (actor.type !== 'cli' && actor.id !== user.id) {
        if (on) throw new AppError('tfa.email_self_only');
        requireAdminOver(authorityFor(actor, authority), row, 'Turning off an administrator’s e-mail login verification');
      }
      if (on && !(await deps.mail?.configured())) throw new AppError('mail.not_configured');
      if (on && !row.email) throw new AppError('tfa.email_missing');
      await store.transaction(async (tx) => {
        if (on) {
          // Checked again under the administrators' lock, which turning e-mail off takes too:
          // nobody comes to rely on e-mailed codes while the mail server is being removed.
          await tx.users.lockAdministrators();
          if (!(await smtpConfigured(tx))) throw new AppError('mail.not_configured');
        }
        if (!(await tx.twoFactor.setEmailVerification(user.id, on, clock.now()))) return;
        // Trust given under e-mail verification goes with it.
        if (!on && !(await tx.twoFactor.getTotp(user.id))) await tx.twoFactor.revokeTrustedDevices(user.id);
        await tx.consoleAudit.insert(audit.row(actor, on ? 'user.email_verification_on' : 'user.email_verification_off', target(user)));
      });
    },

    /** Whether an administrator requires 2FA of the user (directly or through a group). */
    isRequired: (userId: string) => store.twoFactor.isRequired(userId),

    isTrusted,

    trustDevice,

    /**
     * Trusts one of the person's signed-in RustDesk clients (by its sign-in's id, as My account
     * lists them). The client cannot ask for it itself: its code step sends no such field
     * (spec/rustdesk-client-api.md §4.1 LoginRequest), so the person does it here.
     */
    async trustSignedInClient(actor: Actor, user: TwoFactorUser, signInId: string): Promise<void> {
      const totpOn = (await store.twoFactor.getTotp(user.id))?.confirmedAt != null;
      if (!totpOn && !(await store.twoFactor.emailVerificationOn(user.id))) throw new AppError('tfa.not_enabled');
      const token = (await store.accessTokens.listForUser(user.id, clock.now())).find((row) => row.id === signInId);
      if (!token || (!token.device_id && !token.device_uuid)) throw new AppError('tfa.trusted_device_not_found');
      const info = token.device_info;
      const label = [info.name, info.os].filter((part) => typeof part === 'string' && part).join(' · ');
      await trustDevice(actor, user, { kind: 'client', deviceId: token.device_id, uuid: token.device_uuid, label: label || token.device_id });
    },

    /** The person's trusted devices (only those whose trust still counts). */
    async trustedDevices(userId: string): Promise<TrustedDeviceInfo[]> {
      const mark = await passwordMark(userId);
      const now = clock.now();
      const rows = await store.twoFactor.listTrustedDevices(userId, now);
      const live = [];
      for (const row of rows) {
        // A trust given under an older password no longer counts: it is not shown either.
        const key = row.kind === 'client' ? { kind: 'client' as const, deviceId: row.deviceId, deviceUuid: row.deviceUuid } : undefined;
        if (key && !(await store.twoFactor.isTrusted(userId, key, mark, now))) continue;
        live.push({ id: row.id, kind: row.kind, device_id: row.deviceId, label: row.label, created_at: row.createdAt, expires_at: row.expiresAt });
      }
      return live;
    },

    /** Revokes one trusted device of the person, or (no id) all of them. */
    async revokeTrusted(actor: Actor, user: TwoFactorUser, id?: string): Promise<void> {
      await store.transaction(async (tx) => {
        const revoked = await tx.twoFactor.revokeTrustedDevices(user.id, id);
        if (id !== undefined && revoked === 0) throw new AppError('tfa.trusted_device_not_found');
        if (revoked > 0) await tx.consoleAudit.insert(audit.row(actor, 'user.2fa_revoke_trust', target(user), { count: revoked }));
      });
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
