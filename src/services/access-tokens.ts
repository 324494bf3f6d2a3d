import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { ChangeNotices } from '../store/change-notices.js';
import type { Store } from '../store/index.js';
import type { AccessToken } from '../domain/access-token.js';
import { UserStatus, type User } from '../domain/user.js';
import { hashToken, newId, randomToken } from './secrets.js';

export interface DeviceBinding {
  deviceId: string;
  uuid: string;
  /** As the client reported it: `{os, type, name}`. */
  deviceInfo: Record<string, unknown>;
  ip: string;
}

export interface VerifiedToken {
  tokenId: string;
  user: User;
  deviceId: string;
  uuid: string;
}

/** How long a verified token is trusted without asking the database (DESIGN.md: seconds). */
export const CACHE_MS = 5_000;
/**
 * As long, while the database's change notices are heard (PostgreSQL): a revocation, or any
 * change of the token's user, drops the entry on every instance when it commits, so the entry
 * need not lapse by itself soon. Still bounded, as a last resort against a notice gone astray.
 */
export const NOTIFIED_CACHE_MS = 10 * 60_000;
const CACHE_MAX = 50_000;
/** How many of the latest notices are remembered, to tell whether one concerned a check in flight. */
const RECENT_NOTICES = 1_024;
/** last_used_at is written at most this often per token, not on every call. */
const TOUCH_EVERY_MS = 60_000;
/** Pending last-used times are written together, off the request path, this often. */
const FLUSH_EVERY_MS = 1_000;

/** A provider's session id as kept beside a sign-in: one that fits a column and a log line, else none (''). */
export function storableSid(sid: string | undefined): string {
  return sid && sid.length <= 255 && !/\p{Cc}/u.test(sid) ? sid : '';
}

/**
 * Access tokens handed to RustDesk clients. Verified tokens are cached; revocation on this
 * instance takes effect at once. On PostgreSQL, while `notices` are heard, a revocation or a
 * change of the user anywhere (another instance, the command line, SQL) drops the entry when the
 * database's notice arrives, and entries live NOTIFIED_CACHE_MS; otherwise (SQLite, or the
 * notices' connection lost) they live CACHE_MS, so other instances see a change within that.
 */
export function createAccessTokenService({
  store,
  clock,
  ttlDays,
  notices = store.db.changeNotices,
}: {
  store: Store;
  clock: Clock;
  ttlDays: number;
  /** Changes to tokens and users made anywhere (PostgreSQL); none on SQLite. */
  notices?: ChangeNotices | undefined;
}) {
  /** `lastUsedAt`: as written, or about to be; a long-kept entry writes it too, once a minute. */
  const cache = new Map<string, { value: VerifiedToken; expiresAt: number; tokenExpiresAt: number; lastUsedAt: number }>();
  /**
   * Counts notices and losses of the notices' connection, and keeps the latest of them ('*' for
   * a loss). A check that read the database while one about its token or user arrived may hold
   * a row older than the notice, already applied: that row is not kept.
   */
  let changes = 0;
  const recent: string[] = [];
  function noted(payload: string): void {
    changes++;
    recent[changes % RECENT_NOTICES] = payload;
  }
  function changedSince(before: number, hash: string, userId: string): boolean {
    if (changes - before >= RECENT_NOTICES) return true;
    for (let seq = before + 1; seq <= changes; seq++) {
      const payload = recent[seq % RECENT_NOTICES] ?? '*';
      if (payload === '*' || payload.slice(2) === (payload.startsWith('t:') ? hash : userId)) return true;
    }
    return false;
  }
  notices?.onNotice((payload) => {
    noted(payload);
    if (payload.startsWith('t:')) cache.delete(payload.slice(2));
    else if (payload.startsWith('u:')) forgetUser(payload.slice(2));
  });
  notices?.onLost(() => {
    noted('*');
    cache.clear();
  });
  const touched = new Set<string>();
  const issueListeners: ((userId: string, device: DeviceBinding) => Promise<void>)[] = [];
  let flushTimer: NodeJS.Timeout | undefined;

  /** Writes the pending last-used times in one statement. Informational: a failure is dropped. */
  async function flush(): Promise<void> {
    clearTimeout(flushTimer);
    flushTimer = undefined;
    const ids = [...touched];
    touched.clear();
    await store.accessTokens.touchMany(ids, clock.now()).catch(() => {});
  }

  function touchLater(id: string): void {
    touched.add(id);
    flushTimer ??= setTimeout(() => void flush(), FLUSH_EVERY_MS).unref();
  }

  function forgetHashes(hashes: string[]) {
    for (const hash of hashes) cache.delete(hash);
  }

  function forgetUser(userId: string): void {
    for (const [hash, entry] of cache) if (entry.value.user.id === userId) cache.delete(hash);
  }

  async function verify(token: string): Promise<VerifiedToken> {
    if (!token || token.length > 512) throw new AppError('auth.invalid_token');
    const hash = hashToken(token);
    const now = clock.now();
    const cached = cache.get(hash);
    if (cached && cached.expiresAt > now && cached.tokenExpiresAt > now) {
      if (now - cached.lastUsedAt > TOUCH_EVERY_MS) {
        cached.lastUsedAt = now;
        touchLater(cached.value.tokenId);
      }
      return cached.value;
    }

    const changesBefore = changes;
    const notified = notices?.listening === true;
    const found = await store.accessTokens.findWithUser(hash);
    if (!found || found.token.revoked_at !== null || found.token.expires_at <= now || found.user.status !== UserStatus.Normal) {
      cache.delete(hash);
      throw new AppError('auth.invalid_token');
    }
    const value: VerifiedToken = {
      tokenId: found.token.id,
      user: found.user,
      deviceId: found.token.device_id,
      uuid: found.token.device_uuid,
    };
    let lastUsedAt = found.token.last_used_at;
    if (now - lastUsedAt > TOUCH_EVERY_MS) {
      lastUsedAt = now;
      touchLater(found.token.id);
    }
    // A row read while a notice about it arrived may be older than the notice: used once, not kept.
    const keepMs = !notified ? CACHE_MS : changedSince(changesBefore, hash, found.user.id) ? 0 : NOTIFIED_CACHE_MS;
    if (keepMs > 0) {
      if (cache.size >= CACHE_MAX) cache.clear();
      cache.set(hash, { value, expiresAt: now + keepMs, tokenExpiresAt: found.token.expires_at, lastUsedAt });
    }
    return value;
  }

  return {
    /**
     * A new token for a client. One from a single sign-on records its provider and the
     * provider's session id (`sid`, so a back-channel logout of that session reaches it), and
     * lives the shorter of DESKGATE_TOKEN_TTL_DAYS and the provider's `token_ttl_days` (0: the
     * global value).
     */
    async issue(userId: string, device: DeviceBinding, sso?: { providerId: string; sid: string; ttlDays: number }): Promise<string> {
      const token = randomToken();
      const now = clock.now();
      const days = sso && sso.ttlDays > 0 ? Math.min(ttlDays, sso.ttlDays) : ttlDays;
      await store.accessTokens.insert({
        id: newId(),
        token_hash: hashToken(token),
        user_id: userId,
        device_id: device.deviceId,
        device_uuid: device.uuid,
        device_info: device.deviceInfo,
        ip: device.ip,
        created_at: now,
        last_used_at: now,
        expires_at: now + days * 86_400_000,
        revoked_at: null,
        sso_provider_id: sso?.providerId ?? '',
        sso_sid: sso ? storableSid(sso.sid) : '',
      });
      for (const listener of issueListeners) await listener(userId, device);
      return token;
    },

    /** Calls `listener` after each token is issued, before the client gets it (the device's owner follows who signed in). */
    onIssue(listener: (userId: string, device: DeviceBinding) => Promise<void>): void {
      issueListeners.push(listener);
    },

    /** Throws `auth.invalid_token` for an unknown, expired or revoked token or a disabled user. */
    verify,

    /**
     * A token as a client presents it with the device it reports: the token is bound to the device
     * it was issued to, so a client reporting another machine's uuid is refused.
     */
    async verifyForDevice(token: string, uuid: unknown): Promise<VerifiedToken> {
      const verified = await verify(token);
      if (typeof uuid === 'string' && uuid !== '' && verified.uuid !== '' && uuid !== verified.uuid) {
        throw new AppError('auth.invalid_token');
      }
      return verified;
    },

    /** Writes pending last-used times now (at shutdown, and in tests). */
    flush,

    async revokeToken(token: string): Promise<void> {
      forgetHashes(await store.accessTokens.revoke({ tokenHash: hashToken(token) }, clock.now()));
    },

    /** Revokes one token by id; with `userId`, only if it is that user's. */
    async revokeById(id: string, userId?: string): Promise<boolean> {
      const hashes = await store.accessTokens.revoke({ id, ...(userId ? { userId } : {}) }, clock.now());
      forgetHashes(hashes);
      return hashes.length > 0;
    },

    /** Drops the cached verifications of tokens revoked through a transaction (their hashes), after it commits. */
    forgetTokens: forgetHashes,

    async revokeAllForUser(userId: string): Promise<number> {
      const hashes = await store.accessTokens.revoke({ userId }, clock.now());
      forgetHashes(hashes);
      return hashes.length;
    },

    /** Drops cached verifications of a user whose status or rights changed. */
    forgetUser,

    async listForUser(userId: string): Promise<AccessToken[]> {
      return store.accessTokens.listForUser(userId, clock.now());
    },
  };
}

export type AccessTokenService = ReturnType<typeof createAccessTokenService>;
