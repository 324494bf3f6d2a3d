import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { Actor, AuditService } from './audit.js';

/** Run-time settings an administrator changes (in the database, not in configuration). */
const definitions = {
  password_login: { default: true, valid: (v: unknown) => typeof v === 'boolean' },
} as const;

export type SettingName = keyof typeof definitions;
export type SettingValues = { [K in SettingName]: (typeof definitions)[K]['default'] };

export function isSettingName(name: string): name is SettingName {
  return Object.hasOwn(definitions, name);
}

export function createSettingsService({ store, clock, audit }: { store: Store; clock: Clock; audit: AuditService }) {
  return {
    async get<K extends SettingName>(name: K): Promise<SettingValues[K]> {
      const value = await store.settings.get(name);
      return (definitions[name].valid(value) ? value : definitions[name].default) as SettingValues[K];
    },

    async all(): Promise<SettingValues> {
      const result: Record<string, unknown> = {};
      for (const name of Object.keys(definitions) as SettingName[]) result[name] = await this.get(name);
      return result as SettingValues;
    },

    async set(actor: Actor, name: string, value: unknown): Promise<void> {
      if (!isSettingName(name)) throw new AppError('settings.unknown');
      if (!definitions[name].valid(value)) throw new AppError('settings.invalid_value');
      await store.settings.set(name, value, clock.now());
      await audit.record(actor, 'settings.update', { type: 'setting', id: name, name }, { [name]: value });
    },
  };
}

export type SettingsService = ReturnType<typeof createSettingsService>;
