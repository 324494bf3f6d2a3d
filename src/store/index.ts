import { createAccessTokenStore } from './access-tokens.js';
import { createApiTokenStore } from './api-tokens.js';
import { createAuthProviderStore } from './auth-providers.js';
import { createClientSignInStore } from './client-sign-ins.js';
import { createConsoleAuditStore } from './console-audit.js';
import { createConsoleSessionStore } from './console-sessions.js';
import type { Db } from './db.js';
import { createGroupStore } from './groups.js';
import { createIdentityStore } from './identities.js';
import { createSettingsStore } from './settings.js';
import { createSignInAttemptStore } from './sign-in-attempts.js';
import { createSignInTransactionStore } from './sign-in-transactions.js';
import { createUserStore } from './users.js';

/** Every table group's store over one database. */
export function createStore(db: Db) {
  const k = db.kysely;
  const users = createUserStore(k);
  const consoleAudit = createConsoleAuditStore(k);
  return {
    db,
    users,
    groups: createGroupStore(k),
    accessTokens: createAccessTokenStore(k),
    apiTokens: createApiTokenStore(k),
    consoleSessions: createConsoleSessionStore(k),
    consoleAudit,
    signInAttempts: createSignInAttemptStore(k),
    settings: createSettingsStore(k),
    authProviders: createAuthProviderStore(k),
    signInTransactions: createSignInTransactionStore(k),
    clientSignIns: createClientSignInStore(k),
    identities: createIdentityStore(k, { users, consoleAudit }),
  };
}

export type Store = ReturnType<typeof createStore>;
