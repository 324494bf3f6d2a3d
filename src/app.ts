import type { Config } from './config.js';
import { buildCore, type BuildOptions } from './core.js';
import type { HttpContext } from './http/context.js';
import { createServer } from './http/server.js';
import { apiTunnel } from './http/api-tunnel.js';
import { startRustdeskServer } from './rendezvous/rustdesk-server.js';
import { routeServices } from './services/index.js';
import { createRendezvousBus } from './services/rendezvous-bus.js';

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
    config,
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

/**
 * The ID/rendezvous server and the relay (DESKGATE_RENDEZVOUS=on), on this app's services and
 * key, with the API tunnel answered by its routes, and on PostgreSQL the bus to the other
 * instances. `serve` starts it after the HTTP API listens; `close()` stops it and the bus.
 */
export async function startRendezvousFor(built: App, options: { now?: () => number } = {}) {
  const { config, app, services } = built;
  const key = await services.rendezvousKey.ensure();
  const bus = createRendezvousBus({ store: built.store, onError: (error) => app.log.warn({ err: error }, 'rendezvous broadcast failed') });
  await bus?.start();
  try {
    const server = await startRustdeskServer({
      config,
      directory: services.rendezvousDirectory,
      seed: key.seed,
      bus,
      httpProxy: apiTunnel(app),
      log: app.log,
      now: options.now ?? (() => built.clock.now()),
    });
    return {
      ...server,
      async close() {
        await server.close();
        await bus?.close();
      },
    };
  } catch (error) {
    await bus?.close();
    throw error;
  }
}
