import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Store } from '../store/index.js';
import { createAccessTokenService } from './access-tokens.js';
import { createAccountService } from './accounts.js';
import { createApiTokenService } from './api-tokens.js';
import { createAuditService } from './audit.js';
import { createConsoleSessionService } from './console-sessions.js';
import { createLoginOptionsService } from './login-options.js';
import type { PasswordHasher } from './passwords.js';
import { createSettingsService } from './settings.js';
import { createSignInService } from './sign-in.js';

export interface ServiceOptions {
  config: Config;
  store: Store;
  clock: Clock;
  passwords: PasswordHasher;
  signInLimits?: { perAddress: number; perName: number; windowMs: number };
}

/** Builds every service over one store. Only app.ts and the CLI call this. */
export function createServices({ config, store, clock, passwords, signInLimits }: ServiceOptions) {
  const audit = createAuditService({ store, clock });
  const settings = createSettingsService({ store, clock, audit });
  const accessTokens = createAccessTokenService({ store, clock, ttlDays: config.tokenTtlDays });
  return {
    audit,
    settings,
    accessTokens,
    accounts: createAccountService({ store, clock, passwords, audit, accessTokens }),
    apiTokens: createApiTokenService({ store, clock, audit }),
    consoleSessions: createConsoleSessionService({
      store,
      clock,
      ttlHours: config.sessionTtlHours,
      rememberDays: config.rememberMeDays,
    }),
    loginOptions: createLoginOptionsService(),
    signIn: createSignInService({ store, clock, passwords, settings, ...(signInLimits ? { limits: signInLimits } : {}) }),
  };
}

export type Services = ReturnType<typeof createServices>;
