import { TypeBoxValidatorCompiler, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HttpContext } from './context.js';
import { ApiError, Text } from './schemas.js';
import { sameOriginJsonOnly } from './session.js';

const tags = ['Console session'];
const errors = { '4xx': ApiError };

/** A link's token, as the console read it from the link's fragment. */
const Token = Type.String({ minLength: 16, maxLength: 128, pattern: '^[A-Za-z0-9_-]+$' });
const Password = Type.String({ maxLength: 1024 });

/** What "Forgot password?" answers whatever happened: it never says whether an account exists. */
export const RESET_REQUESTED =
  'If an account with a password matches and has an e-mail address, a link to choose a new password is on its way. It works for one hour.';

/**
 * The pages a link from an e-mail opens, before anyone is signed in: accepting an invitation and
 * resetting a forgotten password. JSON from the console's own origin only, like sign-in.
 */
export const mailLinkRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { invitations, passwordResets } = ctx.services;
  const consoleOnly = sameOriginJsonOnly(ctx);
  // Strict JSON bodies, as under /api/admin/: the server-wide ajv coerces types for RustDesk clients.
  app.setValidatorCompiler(TypeBoxValidatorCompiler);

  app.get(
    '/api/session/password-reset',
    {
      schema: {
        tags,
        summary: 'Whether the sign-in page offers "Forgot password?"',
        description: 'True when password sign-in is on, SMTP is set up and the public URL is known (links never use the request’s own host).',
        response: { 200: Type.Object({ available: Type.Boolean() }) },
      },
    },
    async () => ({ available: await passwordResets.available() }),
  );

  app.post(
    '/api/session/password-reset',
    {
      onRequest: consoleOnly,
      schema: {
        tags,
        summary: 'Forgot password: e-mails a link to the account with this username or e-mail address, if it has a password',
        body: Type.Object({ login: Text(254, { minLength: 1 }) }, { additionalProperties: false }),
        response: { 202: Type.Object({ message: Type.String() }), ...errors },
      },
    },
    async (request, reply) => {
      await passwordResets.request({ login: request.body.login, ip: request.ip });
      return reply.status(202).send({ message: RESET_REQUESTED });
    },
  );

  app.post(
    '/api/session/password-reset/inspect',
    {
      onRequest: consoleOnly,
      schema: {
        tags,
        summary: 'Whose password a reset link sets (the link still works)',
        body: Type.Object({ token: Token }, { additionalProperties: false }),
        response: { 200: Type.Object({ name: Type.String() }), ...errors },
      },
    },
    async (request) => passwordResets.inspect(request.body.token, request.ip),
  );

  app.post(
    '/api/session/password-reset/complete',
    {
      onRequest: consoleOnly,
      schema: {
        tags,
        summary: 'Set the new password with a reset link; signs the account out everywhere',
        body: Type.Object({ token: Token, password: Password }, { additionalProperties: false }),
        response: { 200: Type.Object({ name: Type.String() }), ...errors },
      },
    },
    async (request) => passwordResets.complete({ ...request.body, ip: request.ip }),
  );

  app.post(
    '/api/session/invitation/inspect',
    {
      onRequest: consoleOnly,
      schema: {
        tags,
        summary: 'What an invitation link is for: the address, and the username if the administrator chose one',
        body: Type.Object({ token: Token }, { additionalProperties: false }),
        response: { 200: Type.Object({ email: Type.String(), name: Type.String({ description: 'Empty: the person chooses one' }) }), ...errors },
      },
    },
    async (request) => invitations.inspect(request.body.token, request.ip),
  );

  app.post(
    '/api/session/invitation/accept',
    {
      onRequest: consoleOnly,
      schema: {
        tags,
        summary: 'Accept an invitation: makes the account with this password; then sign in as usual',
        body: Type.Object({ token: Token, name: Type.Optional(Text(64)), password: Password }, { additionalProperties: false }),
        response: { 200: Type.Object({ name: Type.String() }), ...errors },
      },
    },
    async (request) => {
      const { name } = await invitations.accept({ ...request.body, ip: request.ip });
      return { name };
    },
  );
};
