import type { Config } from '../config.js';
import { AppError } from '../errors.js';
import type { Actor } from './audit.js';
import type { Authority } from './authority.js';
import type { SettingsService } from './settings.js';
import { CALLBACK_PATH } from './sso-sign-in.js';

/** The settings of the Settings → OIDC page, with the redirect URI they give (read-only). */
export interface OidcSettingsView {
  public_url: string;
  redirect_uri: string;
  /** Where the redirect URI's origin comes from (DESIGN.md "Public URL"). */
  redirect_uri_source: 'DESKGATE_PUBLIC_URL' | 'saved' | 'request';
  max_authorized_users: number;
  confirm_client_sign_in: boolean;
  password_login: boolean;
}

export interface OidcSettingsChange {
  public_url?: string | undefined;
  max_authorized_users?: number | undefined;
  confirm_client_sign_in?: boolean | undefined;
  password_login?: boolean | undefined;
}

/** The origin of an http(s) address the console sent (its page URL); '' clears the saved one. */
function toOrigin(publicUrl: string): string {
  if (publicUrl === '') return publicUrl;
  try {
    return new URL(publicUrl).origin;
  } catch {
    throw new AppError('settings.invalid_value', { message: 'public_url must be an http(s) origin' });
  }
}

/**
 * Settings → OIDC's page-level settings: the public URL (saved as an origin), the cap on users
 * single sign-on creates, the client sign-in confirmation, and password sign-in.
 */
export function createOidcSettingsService(deps: {
  config: Config;
  settings: SettingsService;
  /** The base of every redirect URI: DESKGATE_PUBLIC_URL, else the saved origin, else the request's (`sso.publicBase`). */
  publicBase: (requestOrigin: string) => Promise<string>;
}) {
  const { config, settings, publicBase } = deps;

  return {
    /** The page's settings, and the redirect URI deskgate sends providers for a request from `requestOrigin`. */
    async get(requestOrigin: string): Promise<OidcSettingsView> {
      const saved = await settings.get('public_url');
      const base = await publicBase(requestOrigin);
      return {
        public_url: saved,
        redirect_uri: `${base}${CALLBACK_PATH}`,
        redirect_uri_source: config.publicUrl ? 'DESKGATE_PUBLIC_URL' : saved ? 'saved' : 'request',
        max_authorized_users: await settings.get('max_authorized_users'),
        confirm_client_sign_in: await settings.get('confirm_client_sign_in'),
        password_login: await settings.get('password_login'),
      };
    },

    /**
     * Saves what the page sent, whole or not at all. The console sends its page's address as
     * `public_url`: only its origin is kept. `password_login` needs `settings:write` besides
     * `oidc:write` (settings.ts), checked against `authority`, what the caller holds.
     */
    async save(actor: Actor, change: OidcSettingsChange, authority?: Authority): Promise<void> {
      const values: Record<string, unknown> = Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
      if (typeof change.public_url === 'string') values.public_url = toOrigin(change.public_url);
      await settings.setMany(actor, values, authority);
    },
  };
}

export type OidcSettingsService = ReturnType<typeof createOidcSettingsService>;
