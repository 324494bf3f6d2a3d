import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildApp, type App, type BuildOptions } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createPasswordHasher } from '../../src/services/passwords.js';
import type { Engine } from '../../src/store/db.js';
import { manualClock, type ManualClock } from './clock.js';
import { createTestDatabase, type TestDatabase } from './databases.js';

/** Cheap argon2id parameters: the same algorithm, a fraction of the memory and time. */
export const testPasswords = createPasswordHasher({ memoryCost: 256, timeCost: 1 });

export interface TestApp extends App {
  config: Config;
  clock: ManualClock;
  database: TestDatabase;
}

/** A whole deskgate (not listening) on a fresh database of the given engine. */
export async function buildTestApp(
  engine: Engine = 'sqlite',
  options: {
    env?: Record<string, string>;
    signInLimits?: { perAddress: number; perName: number; windowMs: number };
    /** Outbound OIDC requests go through this (simulated hosted providers). */
    oidcFetch?: BuildOptions['oidcFetch'];
    /** `false` turns off ID-token signature checks on token-endpoint tokens (to show the negative suite can fail). */
    oidcNonRepudiation?: boolean;
    /** Fastify's logger options (tests that read the log give a `stream`); none by default. */
    logger?: BuildOptions['logger'];
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(engine);
  const dataDir = mkdtempSync(path.join(tmpdir(), 'deskgate-data-'));
  const config = loadConfig({
    DESKGATE_DATA_DIR: dataDir,
    DESKGATE_LOG_LEVEL: 'silent',
    ...(database.url ? { DATABASE_URL: database.url, DESKGATE_SECRET_KEY: 'test-secret-key-test-secret-key-0123' } : {}),
    ...options.env,
  });
  const clock = manualClock();
  const built = await buildApp(config, {
    clock,
    passwords: testPasswords,
    db: database.db,
    ...(options.signInLimits ? { signInLimits: options.signInLimits } : {}),
    ...(options.oidcFetch ? { oidcFetch: options.oidcFetch } : {}),
    ...(options.oidcNonRepudiation === false ? { oidcNonRepudiation: false } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return {
    ...built,
    config,
    clock,
    database,
    async close() {
      await built.app.close();
      await built.services.accessTokens.flush();
      built.services.registry.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
