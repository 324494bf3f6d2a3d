import type { Kysely } from 'kysely';
import { createAccessTokenStore } from './access-tokens.js';
import { createAddressBookStore } from './address-books.js';
import { createApiTokenStore } from './api-tokens.js';
import { createAuthProviderStore } from './auth-providers.js';
import { createClientSignInStore } from './client-sign-ins.js';
import { createConsoleAuditStore } from './console-audit.js';
import { createConsoleSessionStore } from './console-sessions.js';
import type { Db } from './db.js';
import { createDeviceAuditStore } from './device-audit.js';
import { createDeviceGroupStore } from './device-groups.js';
import { createDeviceStore } from './devices.js';
import { createGroupStore } from './groups.js';
import { createIdentityStore } from './identities.js';
import { createLdapLinkStore } from './ldap-links.js';
import { createLeaseStore } from './leases.js';
import { createLogPruningStore } from './log-pruning.js';
import { createLogoutTokenStore } from './logout-tokens.js';
import { createMailLinkStore } from './mail-links.js';
import type { Database } from './schema.js';
import { createSettingsStore } from './settings.js';
import { createSignInAttemptStore } from './sign-in-attempts.js';
import { createSignInTransactionStore } from './sign-in-transactions.js';
import { createStrategyStore } from './strategies.js';
import { createTwoFactorStore } from './two-factor.js';
import { createUserStore } from './users.js';

/** Every table group's store over one executor: the database, or one transaction. */
function modulesOver(k: Kysely<Database>) {
  const users = createUserStore(k);
  const consoleAudit = createConsoleAuditStore(k);
  return {
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
    logoutTokens: createLogoutTokenStore(k),
    devices: createDeviceStore(k),
    deviceGroups: createDeviceGroupStore(k),
    deviceAudit: createDeviceAuditStore(k),
    leases: createLeaseStore(k),
    logPruning: createLogPruningStore(k),
    addressBooks: createAddressBookStore(k),
    twoFactor: createTwoFactorStore(k),
    ldapLinks: createLdapLinkStore(k),
    mailLinks: createMailLinkStore(k),
    strategies: createStrategyStore(k),
  };
}

type Modules = ReturnType<typeof modulesOver>;

export interface Store extends Modules {
  readonly db: Db;
  /**
   * Runs `fn` in one transaction: what it writes through `tx` commits together or not at all
   * (an error thrown out of `fn` rolls everything back). Inside, use `tx` only: on SQLite the
   * transaction holds the single connection, so a query through the outer store would wait for
   * it forever; on PostgreSQL it would run outside the transaction. Nested calls join the
   * transaction they are in.
   */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
}

/** A store bound to one transaction (its modules compile their precompiled queries anew, for admin paths only). */
function transactionStore(db: Db, trx: Kysely<Database>): Store {
  const tx: Store = { db, ...modulesOver(trx), transaction: (fn) => fn(tx) };
  return tx;
}

/** Every table group's store over one database. */
export function createStore(db: Db): Store {
  return {
    db,
    ...modulesOver(db.kysely),
    // Kysely's transaction: on SQLite it holds the driver's connection (so precompiled queries
    // of others wait their turn through the mutex instead of running inside it, see db.ts
    // `RunNow`); on PostgreSQL it takes one pooled connection for its whole length.
    transaction: (fn) => db.kysely.transaction().execute((trx) => fn(transactionStore(db, trx))),
  };
}
