import path from 'node:path';
import type { FastifyServerOptions } from 'fastify';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { FetchLike } from './oidc/client.js';
import { createServices } from './services/index.js';
import type { SsoLimits } from './services/sso-sign-in.js';
import { createPasswordHasher, type PasswordHasher } from './services/passwords.js';
import { openDatabase, type Db } from './store/db.js';
import { createStore, type Store } from './store/index.js';

/** Configuration → database → store → services, without HTTP: what the CLI needs. */
export interface BuildOptions {
  clock?: Clock;
  passwords?: PasswordHasher;
  logger?: FastifyServerOptions['logger'];
  /** Use this database instead of opening one from the configuration (tests). */
  db?: Db;
  signInLimits?: { perAddress: number; perName: number; windowMs: number };
  ssoLimits?: SsoLimits;
  oidcFetch?: FetchLike;
  oidcNonRepudiation?: boolean;
}

export function sqliteFileOf(config: Config): string {
  return path.join(config.dataDir, 'deskgate.db');
}

export function openConfiguredDatabase(config: Config): Db {
  return openDatabase({ databaseUrl: config.databaseUrl, sqliteFile: sqliteFileOf(config) });
}

/** Store and services without HTTP: what the CLI uses. */
export async function buildCore(config: Config, options: BuildOptions = {}) {
  const clock = options.clock ?? systemClock;
  const db = options.db ?? openConfiguredDatabase(config);
  await db.migrate();
  const store: Store = createStore(db);
  const services = createServices({
    config,
    store,
    clock,
    passwords: options.passwords ?? createPasswordHasher(),
    ...(options.signInLimits ? { signInLimits: options.signInLimits } : {}),
    ...(options.ssoLimits ? { ssoLimits: options.ssoLimits } : {}),
    ...(options.oidcFetch ? { oidcFetch: options.oidcFetch } : {}),
    ...(options.oidcNonRepudiation === false ? { oidcNonRepudiation: false } : {}),
  });
  return { clock, db, store, services };
}

