import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyServerOptions } from 'fastify';
import { AppError } from '../errors.js';
import { accountRoutes } from './account-api/account.js';
import { adminRoutes } from './admin-api/index.js';
import { registerTolerantBodyParser } from './body-parser.js';
import { loginRoutes } from './client-api/login.js';
import { oidcClientRoutes } from './client-api/oidc.js';
import { consoleRoutes } from './console.js';
import type { HttpContext } from './context.js';
import { healthRoutes, type DatabasePing } from './health.js';
import { withLogRedaction } from './log-redaction.js';
import { oidcPageRoutes } from './oidc-pages.js';
import { sessionRoutes } from './session.js';
import { sendError } from './wire-errors.js';

export interface ServerOptions {
  logger: FastifyServerOptions['logger'];
  db: DatabasePing;
}

/** 1 MiB fits any RustDesk request (the largest, an address book push, is far smaller). */
const BODY_LIMIT = 1024 * 1024;

/** The Fastify instance with its plugins in order: parser, errors, OpenAPI, routes. */
export async function createServer(ctx: HttpContext, options: ServerOptions) {
  const { config } = ctx;
  const app = Fastify({
    // URLs, errors and messages pass through redaction: no secret in a log line (DESIGN.md).
    logger: withLogRedaction(options.logger ?? false),
    bodyLimit: BODY_LIMIT,
    trustProxy: config.trustProxy.length > 0 ? [...config.trustProxy] : false,
    // Older clients (≤ 1.4.0) keep a trailing slash in the API URL: `https://host//api/login`.
    routerOptions: { ignoreDuplicateSlashes: true, ignoreTrailingSlash: true, maxParamLength: 200 },
    // Bad URLs and over-long parameters get our JSON error shape too, never Fastify's own.
    frameworkErrors: (error, request, reply) => sendError(error, request, reply),
    ajv: { customOptions: { allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

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
  await app.register(oidcPageRoutes, ctx);
  await app.register(sessionRoutes, ctx);
  await app.register(accountRoutes, ctx);
  await app.register(adminRoutes, ctx);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await app.register(consoleRoutes, ctx);
  return app;
}

export type Server = Awaited<ReturnType<typeof createServer>>;
