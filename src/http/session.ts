import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { PROVIDER_TYPES } from '../domain/auth-provider.js';
import { AppError } from '../errors.js';
import { logSignIn } from './activity-log.js';
import type { HttpContext } from './context.js';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from './cookies.js';
import { isSameOrigin, requestOrigin } from './origin.js';
import { authenticate } from './plugins/auth.js';
import { ApiError, ConsoleUser } from './schemas.js';

const tags = ['Console session'];

const SessionReply = Type.Object({
  user: ConsoleUser,
  csrf_token: Type.String({ description: 'Send as X-CSRF-Token on every state-changing request' }),
  expires_at: Type.Integer(),
  remember: Type.Boolean(),
});

/** Two-factor sign-in is on: send a code with this secret to POST /api/session/2fa (within 5 minutes). */
const SecondFactorReply = Type.Object({ two_factor_required: Type.Literal(true), secret: Type.String() });

const SignInOptions = Type.Object({
  password_login: Type.Boolean({ description: 'Whether the username and password form is offered' }),
  providers: Type.Array(
    Type.Object({
      name: Type.String({ description: 'Sign in with GET /api/oidc/login/<name>?return_to=/path' }),
      type: Type.Unsafe<(typeof PROVIDER_TYPES)[number]>({ type: 'string', enum: [...PROVIDER_TYPES] }),
      display_name: Type.String({ description: 'The button reads "Continue with <display_name>"' }),
      icon: Type.String({ description: 'Sanitised SVG markup, or empty; show only as an image' }),
    }),
  ),
});

function mediaType(request: FastifyRequest): string {
  return String(request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

/**
 * onRequest guard for the console's state-changing session routes, run before the body is
 * read. A cross-site page can make a browser send a form (urlencoded, multipart, text/plain)
 * or a no-cors fetch (text/plain, or no type at all, which the tolerant parser would read as
 * JSON) with any body, but never `application/json` without a CORS preflight (Fetch §4.1
 * CORS-safelisted request-header): so JSON only, and only from our own origin, which stops
 * login CSRF (RFC 6749 §10.12 and OWASP's CSRF cheat sheet name both defences).
 */
export function sameOriginJsonOnly(ctx: HttpContext) {
  return async (request: FastifyRequest): Promise<void> => {
    const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    if ((request.method === 'POST' || hasBody) && mediaType(request) !== 'application/json') {
      throw new AppError('request.json_required');
    }
    const own = requestOrigin(request);
    if (!isSameOrigin(request, [own, await ctx.services.sso.publicBase(own)])) throw new AppError('request.cross_site');
  };
}

/**
 * Console sign-in (DESIGN.md "Who may call what"): an HttpOnly cookie and a CSRF token, never
 * a token readable by JavaScript, and never through the RustDesk client's /api/login.
 */
export const sessionRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { services, clock } = ctx;
  const consoleOnly = sameOriginJsonOnly(ctx);

  app.post(
    '/api/session',
    {
      onRequest: consoleOnly,
      schema: {
        tags,
        summary: 'Sign in to the console with a username and password',
        body: Type.Object({
          username: Type.String({ minLength: 1, maxLength: 128 }),
          password: Type.String({ maxLength: 1024 }),
          remember: Type.Optional(Type.Boolean({ description: 'A longer absolute lifetime' })),
        }),
        response: { 200: Type.Union([SessionReply, SecondFactorReply]), '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const { username, password, remember = false } = request.body;
      const result = await services.signIn.consolePassword({
        name: username,
        password,
        remember,
        ip: request.ip,
        userAgent: String(request.headers['user-agent'] ?? ''),
      });
      if (result.kind === 'second_factor') return { two_factor_required: true as const, secret: result.secret };
      const { cookie, session, user } = result;
      setSessionCookie(request, reply, cookie, { expiresAt: session.expiresAt, now: clock.now(), remember });
      logSignIn(request, { user, method: 'password', channel: 'console' });
      return {
        user,
        csrf_token: session.csrfToken,
        expires_at: session.expiresAt,
        remember,
      };
    },
  );

  app.post(
    '/api/session/2fa',
    {
      onRequest: consoleOnly,
      schema: {
        tags,
        summary: 'The second step of a console sign-in with two-factor sign-in on: a code from the app or a backup code',
        body: Type.Object({
          secret: Type.String({ minLength: 1, maxLength: 256, description: 'As POST /api/session answered it' }),
          code: Type.String({ minLength: 1, maxLength: 32 }),
          remember: Type.Optional(Type.Boolean()),
        }),
        response: { 200: SessionReply, '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const { secret, code, remember = false } = request.body;
      const { cookie, session, user } = await services.signIn.consoleCode({
        secret,
        code,
        remember,
        ip: request.ip,
        userAgent: String(request.headers['user-agent'] ?? ''),
      });
      setSessionCookie(request, reply, cookie, { expiresAt: session.expiresAt, now: clock.now(), remember });
      logSignIn(request, { user, method: 'password', channel: 'console' });
      return { user, csrf_token: session.csrfToken, expires_at: session.expiresAt, remember };
    },
  );

  app.get(
    '/api/session',
    {
      schema: {
        tags,
        summary: 'The current console session',
        response: { 200: SessionReply, '4xx': ApiError },
      },
    },
    async (request) => {
      const cookie = readSessionCookie(request);
      const session = cookie ? await services.consoleSessions.resolve(cookie) : undefined;
      if (!session) throw new AppError('auth.required');
      return {
        user: await services.users.get(session.user.id),
        csrf_token: session.csrfToken,
        expires_at: session.expiresAt,
        remember: session.remember,
      };
    },
  );

  // The console's first question on every load. Signed in or not are both normal answers (200),
  // so a signed-out browser shows no failed request; GET /api/session keeps its 401.
  app.get(
    '/api/session/state',
    {
      schema: {
        tags,
        summary: 'Whether this browser has a console session: the session if so, `signed_in: false` if not',
        response: {
          200: Type.Union([Type.Object({ signed_in: Type.Literal(true), ...SessionReply.properties }), Type.Object({ signed_in: Type.Literal(false) })]),
        },
      },
    },
    async (request) => {
      const cookie = readSessionCookie(request);
      const session = cookie ? await services.consoleSessions.resolve(cookie) : undefined;
      if (!session) return { signed_in: false as const };
      return {
        signed_in: true as const,
        user: await services.users.get(session.user.id),
        csrf_token: session.csrfToken,
        expires_at: session.expiresAt,
        remember: session.remember,
      };
    },
  );

  // What the console's sign-in page offers, before anyone is signed in: the enabled providers in
  // order with the names people recognise (GET /api/login-options carries only the `op` names,
  // in the shape RustDesk clients parse), and whether password sign-in is on.
  app.get(
    '/api/session/options',
    {
      schema: {
        tags,
        summary: 'What the console sign-in page offers: password sign-in and the enabled providers',
        response: { 200: SignInOptions },
      },
    },
    async () => services.signInOptions.forConsole(),
  );

  app.delete(
    '/api/session',
    {
      onRequest: consoleOnly,
      schema: {
        tags,
        summary: 'Sign out of the console',
        description:
          'A session opened by single sign-on through a provider with an end_session_endpoint answers 200 with `logout_url`: send the browser there to sign out at the provider too. Any other answers 204.',
        response: {
          200: Type.Object({ logout_url: Type.String({ description: 'The provider’s end-session URL (RP-initiated logout)' }) }),
          204: Type.Null(),
          '4xx': ApiError,
        },
      },
    },
    async (request, reply) => {
      const principal = await authenticate(request, ctx);
      if (principal.kind !== 'session') throw new AppError('auth.forbidden');
      const { logoutUrl } = await services.providerLogout.signOutConsole(principal.session, requestOrigin(request));
      clearSessionCookie(request, reply);
      if (logoutUrl) return reply.status(200).send({ logout_url: logoutUrl });
      return reply.status(204).send(null);
    },
  );
};
