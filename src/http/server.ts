import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import { AppError } from '../errors.js';
import { accountRoutes } from './account-api/account.js';
import { accountDeviceRoutes } from './account-api/devices.js';
import { adminRoutes } from './admin-api/index.js';
import { registerTolerantBodyParser } from './body-parser.js';
import { addressBookRoutes } from './client-api/address-books.js';
import { auditRoutes } from './client-api/audit.js';
import { deviceCliRoutes } from './client-api/device-cli.js';
import { deviceRoutes } from './client-api/devices.js';
import { clientGroupRoutes } from './client-api/groups.js';
import { loginRoutes } from './client-api/login.js';
import { oidcClientRoutes } from './client-api/oidc.js';
import { consoleRoutes } from './console.js';
import type { HttpContext } from './context.js';
import { healthRoutes, type DatabasePing } from './health.js';
import { logAuditRecord } from './activity-log.js';
import { withLogRedaction } from './log-redaction.js';
import { oidcLogoutRoutes } from './oidc-logout.js';
import { oidcPageRoutes } from './oidc-pages.js';
import { mailLinkRoutes } from './mail-links.js';
import { sessionRoutes } from './session.js';
import { sendError } from './wire-errors.js';

export interface ServerOptions {
  logger: FastifyServerOptions['logger'];
  db: DatabasePing;
}

/**
 * Fastify's request lines, one per request (method, URL, status, time), at `debug`; a request
 * that errors stays at `error`. The URL goes through the redacting `req` serializer.
 */
class RequestsAtDebug extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else request.log.debug({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }

  override routeNotFound(request: FastifyRequest): void {
    request.log.debug({ req: request }, 'route not found');
  }
}

/** 1 MiB fits any RustDesk request (the largest, an address book push, is far smaller). */
const BODY_LIMIT = 1024 * 1024;

/** The Fastify instance with its plugins in order: parser, errors, OpenAPI, routes. */
export async function createServer(ctx: HttpContext, options: ServerOptions) {
  const { config } = ctx;
  const app = Fastify({
    // URLs, errors and messages pass through redaction: no secret in a log line (DESIGN.md).
    logger: withLogRedaction(options.logger ?? false),
    // One line per request is too much at `info`: requests are logged at `debug`, and `info`
    // holds sign-ins, failures, administrative changes, start-up and errors (activity-log.ts).
    logController: new RequestsAtDebug(),
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy.length > 0 ? [...config.trustProxy] : false,
    // Older clients (≤ 1.4.0) keep a trailing slash in the API URL: `https://host//api/login`.
    routerOptions: { ignoreDuplicateSlashes: true, ignoreTrailingSlash: true, maxParamLength: 200 },
    // Bad URLs and over-long parameters get our JSON error shape too, never Fastify's own.
    frameworkErrors: (error, request, reply) => sendError(error, request, reply),
    ajv: { customOptions: { allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  ctx.services.audit.onRecord((record) => logAuditRecord(app.log, record));
  // Whoever triggered a message is told only that it failed; the log says what the server said.
  ctx.services.mail.onFailure((failure) => app.log.warn({ event: 'mail_failed', code: failure.code, detail: failure.detail }, `e-mail not sent: ${failure.code}`));

  registerTolerantBodyParser(app);
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  app.setNotFoundHandler((request, reply) => sendError(new AppError('request.not_found'), request, reply));

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'deskgate',
        version: '1',
        description: 'The RustDesk client API, the console session API and the admin API of deskgate.',
      },
      components: {
        securitySchemes: {
          apiToken: { type: 'http', scheme: 'bearer', description: 'An API token (dgt_…) with scopes' },
          session: { type: 'apiKey', in: 'cookie', name: 'deskgate_session' },
          csrf: { type: 'apiKey', in: 'header', name: 'X-CSRF-Token' },
        },
      },
    },
  });

  await app.register(healthRoutes, { db: options.db });
  await app.register(loginRoutes, ctx);
  await app.register(oidcClientRoutes, ctx);
  await app.register(deviceRoutes, ctx);
  await app.register(clientGroupRoutes, ctx);
  await app.register(deviceCliRoutes, ctx);
  await app.register(auditRoutes, ctx);
  await app.register(addressBookRoutes, ctx);
  await app.register(oidcPageRoutes, ctx);
  await app.register(oidcLogoutRoutes, ctx);
  await app.register(sessionRoutes, ctx);
  await app.register(mailLinkRoutes, ctx);
  await app.register(accountRoutes, ctx);
  await app.register(accountDeviceRoutes, ctx);
  await app.register(adminRoutes, ctx);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(consoleRoutes, ctx);
  return app;
}

export type Server = Awaited<ReturnType<typeof createServer>>;
