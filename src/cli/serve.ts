import type { Command } from 'commander';
import { bootstrap } from '../services/bootstrap.js';
import { configOf, type Io } from './context.js';

export function registerServe(program: Command, io: Io): void {
  program
    .command('serve')
    .description('run the API server and console (default port 21114)')
    .action(async (_options, command: Command) => {
      const config = configOf(command, io);
      // Loaded here so that the other commands do not pay for the HTTP stack.
      const { buildApp, startRendezvousFor } = await import('../app.js');
      const built = await buildApp(config, {
        logger: {
          level: config.logLevel,
          // Request logs carry method, URL and address only; these never appear even if added.
          redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
        },
      });
      const first = await bootstrap(config, built.store, built.services);
      if (first.generatedPassword) {
        io.out(
          [
            '',
            '  deskgate created the administrator account:',
            `    username: ${first.createdAdmin}`,
            `    password: ${first.generatedPassword}`,
            '  It is shown this once. Sign in and change it, or run: deskgate user passwd ' + first.createdAdmin,
            '',
          ].join('\n'),
        );
      } else if (first.createdAdmin) {
        io.out(`deskgate created the administrator "${first.createdAdmin}" from DESKGATE_ADMIN_PASSWORD.`);
      }
      // The rendezvous key pair: made now on first start, so every instance agrees on it from the outset.
      const key = await built.services.rendezvousKey.ensure();
      io.out(`Key for RustDesk clients (deskgate key show): ${key.publicKeyBase64}`);

      // Expired sign-ins, tokens and sessions are purged now and every ten minutes.
      const purge = () =>
        built.services.maintenance.purgeExpired().catch((error: unknown) => built.app.log.warn({ err: error }, 'purge failed'));
      await purge();
      const timer = setInterval(purge, 10 * 60_000);
      timer.unref();
      // People with a refresh token are checked again at their provider (a round a minute), and
      // old log records are pruned (hourly, by one instance at a time).
      built.services.maintenance.start((error, work) => built.app.log.warn({ err: error }, `${work} round failed`));

      let rustdesk: Awaited<ReturnType<typeof startRendezvousFor>> | undefined;
      const shutdown = async () => {
        clearInterval(timer);
        await rustdesk?.close();
        await built.close();
        process.exit(0);
      };
      process.once('SIGINT', shutdown);
      process.once('SIGTERM', shutdown);
      const address = await built.app.listen({ port: config.port, host: config.host });
      // Fastify names one address; on all interfaces (the default) say so, and where to look here.
      const everywhere = config.host === '0.0.0.0' || config.host === '::';
      io.out(everywhere ? `deskgate listening on port ${config.port} of every address, this machine: ${address} (${built.db.engine})` : `deskgate listening on ${address} (${built.db.engine})`);
      if (config.rendezvous) {
        rustdesk = await startRendezvousFor(built);
        const p = rustdesk.ports;
        io.out(
          `deskgate is the RustDesk ID server on ${config.host} port ${p.main} (TCP and UDP; NAT test ${p.query}, WebSocket ${p.ws}) and the relay on port ${p.relay} (WebSocket ${p.relayWs})`,
        );
      }
    });
}
