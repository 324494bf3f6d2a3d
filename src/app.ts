import path from 'node:path';
import type { FastifyServerOptions } from 'fastify';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import type { HttpContext } from './http/context.js';
import { createServer } from './http/server.js';
import { createServices } from './services/index.js';
import { createPasswordHasher, type PasswordHasher } from './services/passwords.js';
import { openDatabase, type Db } from './store/db.js';
import { createStore, type Store } from './store/index.js';

export interface BuildOptions {
  clock?: Clock;
  passwords?: PasswordHasher;
  logger?: FastifyServerOptions['logger'];
  /** Use this database instead of opening one from the configuration (tests). */
  db?: Db;
  signInLimits?: { perAddress: number; perName: number; windowMs: number };
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
  });
  return { clock, db, store, services };
}

/** The composition root: config → store → services → routes. Nothing listens yet. */
export async function buildApp(config: Config, options: BuildOptions = {}) {
  const core = await buildCore(config, options);
  const ctx: HttpContext = { config, services: core.services, clock: core.clock };
  const app = await createServer(ctx, { logger: options.logger ?? false, db: core.db });
  return {
    ...core,
    app,
    async close() {
      await app.close();
      await core.db.close();
    },
  };
}

export type App = Awaited<ReturnType<typeof buildApp>>;
