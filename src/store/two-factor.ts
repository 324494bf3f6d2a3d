import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** A user's TOTP enrolment as stored: `secret` sealed; `confirmedAt` null until confirmed. */
export interface StoredTotp {
  userId: string;
  secret: string;
  confirmedAt: number | null;
  lastStep: number;
}

/** A pending second step of a password sign-in. */
export interface StoredChallenge {
  secretHash: string;
  userId: string;
  channel: string;
  deviceId: string;
  deviceUuid: string;
  attempts: number;
  expiresAt: number;
  /** `code` (a code is asked), `enrol` (2FA required, to be set up first) or `email` (an e-mailed code). */
  purpose: ChallengePurpose;
  /** The single sign-on this second step follows ('' after a password). */
  ssoProviderId: string;
  ssoSid: string;
  /** That sign-in's ID token, sealed, for the session's logout hint ('' for none). */
  ssoIdToken: string;
  /** The SHA-256 of the e-mailed code ('' unless `email`). */
  codeHash: string;
}

export type ChallengePurpose = 'code' | 'enrol' | 'email';

/** A device that skips the second step until `expiresAt`. */
export interface StoredTrustedDevice {
  id: string;
  userId: string;
  kind: 'client' | 'console';
  deviceId: string;
  deviceUuid: string;
  label: string;
  createdAt: number;
  expiresAt: number;
}

/** TOTP enrolments, backup codes, 2FA requirements and pending second steps (migration 0017). */
export function createTwoFactorStore(db: Kysely<Database>) {
  return {
    /** A RustDesk device's trust of a second step follows it to its new id (an id change, rendezvous §4.8). */
    async moveTrustedDevice(oldId: string, newId: string, uuid: string): Promise<void> {
      await db.updateTable('trusted_devices').set({ device_id: newId }).where('device_id', '=', oldId).where('device_uuid', '=', uuid).execute();
    },

    async getTotp(userId: string): Promise<StoredTotp | undefined> {
      const row = await db.selectFrom('user_totp').selectAll().where('user_id', '=', userId).executeTakeFirst();
      if (!row) return undefined;
      return { userId: row.user_id, secret: row.secret, confirmedAt: row.confirmed_at == null ? null : Number(row.confirmed_at), lastStep: Number(row.last_step) };
    },

    /** Starts an enrolment (replacing an unconfirmed one); false when a confirmed one is in place. */
    async startTotp(userId: string, sealedSecret: string, now: number): Promise<boolean> {
      await db.deleteFrom('user_totp').where('user_id', '=', userId).where('confirmed_at', 'is', null).execute();
      const inserted = await db
        .insertInto('user_totp')
        .values({ user_id: userId, secret: sealedSecret, confirmed_at: null, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('user_id').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    /** Confirms an unconfirmed enrolment with the step of the code typed; false if it was not pending. */
    async confirmTotp(userId: string, step: number, now: number): Promise<boolean> {
      const result = await db
        .updateTable('user_totp')
        .set({ confirmed_at: now, last_step: step, updated_at: now })
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Uses a step's code: true only for the one caller that moves `last_step` forward to it. */
    async useStep(userId: string, step: number, now: number): Promise<boolean> {
      const result = await db
        .updateTable('user_totp')
        .set({ last_step: step, updated_at: now })
        .where('user_id', '=', userId)
        .where('confirmed_at', 'is not', null)
        .where('last_step', '<', step)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Removes the enrolment and its backup codes; true if there was one. */
    async removeTotp(userId: string): Promise<boolean> {
      // Trust was given by proving the second factor that goes away here.
      await db.deleteFrom('trusted_devices').where('user_id', '=', userId).execute();
      await db.deleteFrom('user_backup_codes').where('user_id', '=', userId).execute();
      const result = await db.deleteFrom('user_totp').where('user_id', '=', userId).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    async replaceBackupCodes(userId: string, hashes: string[], now: number): Promise<void> {
      await db.deleteFrom('user_backup_codes').where('user_id', '=', userId).execute();
      if (hashes.length) {
        await db.insertInto('user_backup_codes').values(hashes.map((code_hash) => ({ user_id: userId, code_hash, used_at: null, created_at: now }))).execute();
      }
    },

    /** Uses a backup code: true only for the one caller that marks it used. */
    async useBackupCode(userId: string, hash: string, now: number): Promise<boolean> {
      const result = await db
        .updateTable('user_backup_codes')
        .set({ used_at: now })
        .where('user_id', '=', userId)
        .where('code_hash', '=', hash)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async unusedBackupCodes(userId: string): Promise<number> {
      const row = await db
        .selectFrom('user_backup_codes')
        .select((eb) => eb.fn.countAll<number | string>().as('n'))
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** Whether an administrator requires 2FA of the user, directly or through one of their groups. */
    async isRequired(userId: string): Promise<boolean> {
      const row = await db
        .selectFrom('two_factor_requirements as r')
        .select('r.subject')
        .where((eb) =>
          eb.or([
            eb('r.user_id', '=', userId),
            eb('r.group_id', 'in', eb.selectFrom('user_group_members').select('group_id').where('user_id', '=', userId)),
          ]),
        )
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    /** Requires 2FA of a user or a group's members (or no longer); false when nothing changed. */
    async setRequired(target: { userId: string } | { groupId: string }, required: boolean, now: number): Promise<boolean> {
      const subject = 'userId' in target ? `user:${target.userId}` : `group:${target.groupId}`;
      if (!required) {
        const result = await db.deleteFrom('two_factor_requirements').where('subject', '=', subject).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      }
      const result = await db
        .insertInto('two_factor_requirements')
        .values({ subject, user_id: 'userId' in target ? target.userId : null, group_id: 'groupId' in target ? target.groupId : null, created_at: now })
        .onConflict((oc) => oc.column('subject').doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    async insertChallenge(challenge: Omit<StoredChallenge, 'attempts'>, now: number): Promise<void> {
      await db
        .insertInto('two_factor_challenges')
        .values({
          secret_hash: challenge.secretHash, user_id: challenge.userId, channel: challenge.channel,
          device_id: challenge.deviceId, device_uuid: challenge.deviceUuid, created_at: now, expires_at: challenge.expiresAt,
          purpose: challenge.purpose, sso_provider_id: challenge.ssoProviderId, sso_sid: challenge.ssoSid, code_hash: challenge.codeHash,
          sso_id_token: challenge.ssoIdToken,
        })
        .execute();
    },

    async getChallenge(secretHash: string): Promise<StoredChallenge | undefined> {
      const row = await db.selectFrom('two_factor_challenges').selectAll().where('secret_hash', '=', secretHash).executeTakeFirst();
      if (!row) return undefined;
      return {
        secretHash: row.secret_hash, userId: row.user_id, channel: row.channel, deviceId: row.device_id,
        deviceUuid: row.device_uuid, attempts: Number(row.attempts), expiresAt: Number(row.expires_at),
        purpose: row.purpose as ChallengePurpose, ssoProviderId: row.sso_provider_id, ssoSid: row.sso_sid, codeHash: row.code_hash,
        ssoIdToken: row.sso_id_token,
      };
    },

    /** Counts a wrong code; returns the count after it (0: the challenge is gone). */
    async countAttempt(secretHash: string): Promise<number> {
      const row = await db
        .updateTable('two_factor_challenges')
        .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
        .where('secret_hash', '=', secretHash)
        .returning('attempts')
        .executeTakeFirst();
      return row ? Number(row.attempts) : 0;
    },

    /** Takes a challenge away: true only for the one caller that deleted it (single use). */
    async takeChallenge(secretHash: string): Promise<boolean> {
      const result = await db.deleteFrom('two_factor_challenges').where('secret_hash', '=', secretHash).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    async purgeChallenges(now: number): Promise<number> {
      const result = await db.deleteFrom('two_factor_challenges').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async insertTrustedDevice(device: StoredTrustedDevice & { tokenHash: string; passwordMark: string }): Promise<void> {
      await db
        .insertInto('trusted_devices')
        .values({
          id: device.id, user_id: device.userId, kind: device.kind, device_id: device.deviceId, device_uuid: device.deviceUuid,
          token_hash: device.tokenHash, label: device.label.slice(0, 256), password_mark: device.passwordMark,
          created_at: device.createdAt, expires_at: device.expiresAt,
        })
        .execute();
    },

    /**
     * Whether the user trusts this device now: a client by id + uuid, a browser by its cookie
     * token's hash; only a trust given under the current password (`passwordMark`) counts.
     */
    async isTrusted(
      userId: string,
      device: { kind: 'client'; deviceId: string; deviceUuid: string } | { kind: 'console'; tokenHash: string },
      passwordMark: string,
      now: number,
    ): Promise<boolean> {
      let query = db
        .selectFrom('trusted_devices')
        .select('id')
        .where('user_id', '=', userId)
        .where('kind', '=', device.kind)
        .where('password_mark', '=', passwordMark)
        .where('expires_at', '>', now);
      query =
        device.kind === 'client'
          ? query.where('device_id', '=', device.deviceId).where('device_uuid', '=', device.deviceUuid)
          : query.where('token_hash', '=', device.tokenHash);
      return (await query.limit(1).executeTakeFirst()) !== undefined;
    },

    /** The user's trusted devices that have not expired, the newest first. */
    async listTrustedDevices(userId: string, now: number): Promise<StoredTrustedDevice[]> {
      const rows = await db
        .selectFrom('trusted_devices')
        .selectAll()
        .where('user_id', '=', userId)
        .where('expires_at', '>', now)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .execute();
      return rows.map((row) => ({
        id: row.id, userId: row.user_id, kind: row.kind as 'client' | 'console', deviceId: row.device_id, deviceUuid: row.device_uuid,
        label: row.label, createdAt: Number(row.created_at), expiresAt: Number(row.expires_at),
      }));
    },

    /** Revokes one of the user's trusted devices (`id`) or all of them; the number revoked. */
    async revokeTrustedDevices(userId: string, id?: string): Promise<number> {
      let query = db.deleteFrom('trusted_devices').where('user_id', '=', userId);
      if (id !== undefined) query = query.where('id', '=', id);
      return Number((await query.executeTakeFirst()).numDeletedRows);
    },

    async purgeTrustedDevices(now: number): Promise<number> {
      return Number((await db.deleteFrom('trusted_devices').where('expires_at', '<=', now).executeTakeFirst()).numDeletedRows);
    },

    /**
     * Enabled administrators whose only second factor is e-mail (verification on, no TOTP): the
     * names of those whom turning SMTP off would lock out.
     */
    async adminsOnlyOnEmail(): Promise<string[]> {
      const rows = await db
        .selectFrom('email_login_verification as e')
        .innerJoin('users as u', 'u.id', 'e.user_id')
        .leftJoin('user_totp as t', (join) => join.onRef('t.user_id', '=', 'e.user_id').on('t.confirmed_at', 'is not', null))
        .select('u.name')
        .where('u.is_admin', '=', 1)
        .where('u.status', '=', 1)
        .where('t.user_id', 'is', null)
        .orderBy('u.name')
        .execute();
      return rows.map((row) => row.name);
    },

    async emailVerificationOn(userId: string): Promise<boolean> {
      return (await db.selectFrom('email_login_verification').select('user_id').where('user_id', '=', userId).executeTakeFirst()) !== undefined;
    },

    /** Turns e-mail login verification on or off; false when nothing changed. */
    async setEmailVerification(userId: string, on: boolean, now: number): Promise<boolean> {
      if (!on) return Number((await db.deleteFrom('email_login_verification').where('user_id', '=', userId).executeTakeFirst()).numDeletedRows) > 0;
      const inserted = await db
        .insertInto('email_login_verification')
        .values({ user_id: userId, created_at: now })
        .onConflict((oc) => oc.column('user_id').doNothing())
        .executeTakeFirst();
      return Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1;
    },
  };
}

export type TwoFactorStore = ReturnType<typeof createTwoFactorStore>;
