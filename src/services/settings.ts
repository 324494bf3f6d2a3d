import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { ADMISSION_MODES, type AdmissionMode } from '../domain/device.js';
import type { Store } from '../store/index.js';
import type { Actor, AuditService } from './audit.js';
import { authorityFor, requireScope, type Authority } from './authority.js';
import { requireAdminWayIn } from './sign-in-ways.js';
import { shortLived, type ShortLived } from './short-lived.js';

/**
 * Run-time settings an administrator changes (in the database, not in configuration). Each
 * belongs to a scope, whichever route changes it: `oidc:write` must not turn password sign-in
 * off, nor `settings:write` change who may sign in by SSO (README "API tokens and scopes").
 */
const definitions = {
  /**
   * Read fresh each time (`fresh`): only password sign-ins read it, and they cost an argon2
   * verify anyway; and `deskgate settings password-login on`, the way back in, works at once.
   */
  password_login: { default: true as boolean, valid: (v: unknown) => typeof v === 'boolean', scope: 'settings:write', fresh: true },
  /** The origin saved from Settings → OIDC (DESIGN.md "Public URL"); '' until saved. */
  public_url: { default: '' as string, valid: (v: unknown) => typeof v === 'string' && (v === '' || isOrigin(v)), scope: 'oidc:write' },
  /** Cap on users created by single sign-on; 0 means no cap. */
  max_authorized_users: {
    default: 0 as number,
    valid: (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 10_000_000,
    scope: 'oidc:write',
  },
  /** Show the RustDesk client sign-in confirmation page after the provider returns. */
  confirm_client_sign_in: { default: true as boolean, valid: (v: unknown) => typeof v === 'boolean', scope: 'oidc:write' },
  /**
   * Apply the `preset-*` options a new device puts in its sysinfo (owner, device group, note).
   * Off: anyone can send them for any id (spec/rustdesk-client-api.md §5.3).
   */
  accept_device_presets: { default: false as boolean, valid: (v: unknown) => typeof v === 'boolean', scope: 'settings:write' },
  /**
   * Days to keep device audit records, the console audit and failed sign-ins (log-retention.ts);
   * 0 keeps them forever, the default, so that an upgrade never starts deleting logs unasked.
   */
  log_retention_days: {
    default: 0 as number,
    valid: (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_LOG_RETENTION_DAYS,
    scope: 'settings:write',
  },
  /**
   * The most peers one address book holds (spec/rustdesk-client-api.md §8.2 `max_peer_one_ab`,
   * which clients also enforce themselves); 0, the default, for no limit.
   */
  max_peer_one_ab: {
    default: 0 as number,
    valid: (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 1_000_000,
    scope: 'settings:write',
  },
  /**
   * Refuse punch and relay requests that carry no client token (spec/rustdesk-rendezvous.md §5):
   * only people signed in to RustDesk with deskgate can connect. Off by default, as stock hbbs.
   */
  'rendezvous.login_required': { default: false as boolean, valid: (v: unknown) => typeof v === 'boolean', scope: 'settings:write' },
  /** Who may register and be reached (domain/device.ts `AdmissionMode`); `off` by default, as stock hbbs. */
  'rendezvous.admission': {
    default: 'off' as AdmissionMode,
    valid: (v: unknown) => typeof v === 'string' && (ADMISSION_MODES as readonly string[]).includes(v),
    scope: 'settings:write',
  },
};

/** Ten years: the longest retention period (a longer wish is "forever", 0). */
export const MAX_LOG_RETENTION_DAYS = 3650;

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value.replace(/\/+$/, '');
  } catch {
    return false;
  }
}

export type SettingName = keyof typeof definitions;
export type SettingValues = { [K in SettingName]: (typeof definitions)[K]['default'] };

export function isSettingName(name: string): name is SettingName {
  return Object.hasOwn(definitions, name);
}

/** How long a setting read on the sign-in paths is answered from memory (the token cache's rule). */
export const SETTINGS_CACHE_MS = 5_000;

export function createSettingsService({ store, clock, audit }: { store: Store; clock: Clock; audit: AuditService }) {
  // Read on every sign-in: kept for a few seconds. A change on this instance clears it at once;
  // other instances see it within SETTINGS_CACHE_MS.
  const cache = new Map<SettingName, ShortLived<unknown>>();

  async function read(name: SettingName): Promise<unknown> {
    const value = await store.settings.get(name);
    return definitions[name].valid(value) ? value : definitions[name].default;
  }

  function get<K extends SettingName>(name: K): Promise<SettingValues[K]> {
    if ('fresh' in definitions[name]) return read(name) as Promise<SettingValues[K]>;
    let value = cache.get(name);
    if (!value) {
      value = shortLived(clock, SETTINGS_CACHE_MS, () => read(name));
      cache.set(name, value);
    }
    return value.get() as Promise<SettingValues[K]>;
  }

  /**
   * Changes several settings, whole or not at all: every name, value and scope (`authority`:
   * what the caller holds) is checked before any is written. Turning password sign-in off is
   * refused (409 `signin.would_lock_out`) when no enabled administrator could sign in after it.
   */
  async function setMany(actor: Actor, values: Record<string, unknown>, authority?: Authority): Promise<void> {
    const held = authorityFor(actor, authority);
    const entries = Object.entries(values);
    for (const [name, value] of entries) {
      if (!isSettingName(name)) throw new AppError('settings.unknown', { message: `Unknown setting "${name.slice(0, 64)}"` });
      if (!definitions[name].valid(value)) throw new AppError('settings.invalid_value');
      requireScope(held, definitions[name].scope, `Changing ${name}`);
    }
    await store.transaction(async (tx) => {
      // No lock-out: refused if no enabled administrator could sign in after it (sign-in-ways.ts).
      if (values.password_login === false) await requireAdminWayIn(tx, [{ kind: 'password_login_off' }]);
      for (const [name, value] of entries as [SettingName, unknown][]) {
        await tx.settings.set(name, value, clock.now());
        await tx.consoleAudit.insert(audit.row(actor, 'settings.update', { type: 'setting', id: name, name }, { [name]: value }));
      }
    });
    // After the commit: a read in between would cache the old value again.
    for (const [name] of entries as [SettingName, unknown][]) cache.get(name)?.clear();
  }

  return {
    get,

    async all(): Promise<SettingValues> {
      const result: Record<string, unknown> = {};
      for (const name of Object.keys(definitions) as SettingName[]) result[name] = await get(name);
      return result as SettingValues;
    },

    async set(actor: Actor, name: string, value: unknown, authority?: Authority): Promise<void> {
      if (!isSettingName(name)) throw new AppError('settings.unknown');
      await setMany(actor, { [name]: value }, authority);
    },

    setMany,
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
