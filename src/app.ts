import type { Config } from './config.js';
import { buildCore, type BuildOptions } from './core.js';
import type { HttpContext } from './http/context.js';
import { createServer } from './http/server.js';
import { routeServices } from './services/index.js';

export { buildCore, openConfiguredDatabase, sqliteFileOf, type BuildOptions } from './core.js';

/** The composition root: config → store → services → routes. Nothing listens yet. */
export async function buildApp(config: Config, options: BuildOptions = {}) {
  const core = await buildCore(config, options);
  // PostgreSQL: hear other instances' revocations at once (services/access-tokens.ts).
  await core.db.changeNotices?.start();
  const ctx: HttpContext = { config, services: routeServices(core.services), clock: core.clock };
  const app = await createServer(ctx, { logger: options.logger ?? false, db: core.db });
  return {
    ...core,
    app,
    async close() {
      await app.close();
      await core.services.maintenance.stop();
      await core.services.accessTokens.flush();
      await core.services.devices.flush();
      core.services.registry.close();
      await core.db.close();
    },
  };
}

export type App = Awaited<ReturnType<typeof buildApp>>;
