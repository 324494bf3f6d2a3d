import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../errors.js';
import type { HttpContext } from './context.js';
import { errorStatus, sendError } from './wire-errors.js';

const tags = ['Single sign-on'];

/** A logout token is a few kilobytes; the form carrying it is refused above this. */
const LOGOUT_BODY_LIMIT = 64 * 1024;

const invalid = (detail: string) => new AppError('oidc.logout_token_invalid', { detail });

/** Back-Channel Logout 1.0 §2.8: 400, `error` (and a description), never cached. */
function refuse(request: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  reply.header('cache-control', 'no-store');
  const status = error instanceof AppError ? errorStatus[error.code] : ((error as { statusCode?: number }).statusCode ?? 500);
  // The database failing is not the token's fault: answered as any server error.
  if (status >= 500) return sendError(error, request, reply);
  const code = error instanceof AppError ? error.code : 'request.invalid';
  const detail = error instanceof AppError ? error.detail : (error as Error).message;
  request.log.info({ code, detail }, 'back-channel logout refused');
  const description = error instanceof AppError ? error.publicMessage : 'The request is not a logout token form';
  return reply.status(400).type('application/json; charset=utf-8').send({ error: 'invalid_request', error_description: description });
}

/**
 * POST /api/oidc/backchannel-logout, where identity providers send back-channel logout tokens
 * (OpenID Connect Back-Channel Logout 1.0; register `<public URL>/api/oidc/backchannel-logout`
 * at the provider). Its own body parsing and errors: whatever arrives, the answer is 200 or a
 * 400 with `{"error": "invalid_request"}`, and never cached.
 */
export const oidcLogoutRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: LOGOUT_BODY_LIMIT }, (_request, body, done) => done(null, body));
  app.setErrorHandler((error, request, reply) => refuse(request, reply, error));

  app.post(
    '/api/oidc/backchannel-logout',
    {
      schema: {
        tags,
        summary: 'Back-channel logout: the identity provider ends a person’s sign-ins',
        description: 'application/x-www-form-urlencoded with one `logout_token`; 200 when accepted, 400 `{"error": "invalid_request"}` otherwise.',
      },
      bodyLimit: LOGOUT_BODY_LIMIT,
    },
    async (request, reply) => {
      const type = String(request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (type !== 'application/x-www-form-urlencoded') throw invalid(`content type ${type || '(none)'} is not a form`);
      const body = typeof request.body === 'string' ? request.body : '';
      if (body.includes('\0') || body.toLowerCase().includes('%00')) throw invalid('NUL character in the form');
      const tokens = new URLSearchParams(body).getAll('logout_token');
      if (tokens.length !== 1) throw invalid(`${tokens.length} logout_token fields`);
      const ended = await ctx.services.providerLogout.backChannel(tokens[0] ?? '', request.ip);
      request.log.info(
        { provider: ended.provider, user: ended.user?.name, client_tokens: ended.client_tokens, console_sessions: ended.console_sessions },
        'back-channel logout',
      );
      return reply.status(200).header('cache-control', 'no-store').send();
    },
  );
};
