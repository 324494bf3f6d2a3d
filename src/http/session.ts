import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { PROVIDER_TYPES } from '../domain/auth-provider.js';
import { AppError } from '../errors.js';
import { logSignIn } from './activity-log.js';
import type { HttpContext } from './context.js';
import { PENDING_STEP_COOKIE, TRUST_COOKIE, clearSessionCookie, readCookie, readSessionCookie, setSessionCookie, setSignInCookie } from './cookies.js';
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

/** What the second step asks: a code (`code`), or setting two-factor sign-in up first because it is required (`enrol`). */
const SecondStep = Type.Union([Type.Literal('code'), Type.Literal('enrol'), Type.Literal('email')], {
  description:
    '`code`: send a code from the app to POST /api/session/2fa (within 5 minutes); `email`: the same with the code just e-mailed (within 10 minutes); `enrol`: 2FA is required: POST /api/session/2fa/enrol/start, then /confirm (within 15 minutes)',
});

/** Two-factor sign-in is on (or required): the second step and its secret. */
const SecondFactorReply = Type.Object({ two_factor_required: Type.Literal(true), secret: Type.String(), step: SecondStep });

/** The secret of a second step: from the body, or (after a single sign-on) from the pending-step cookie. */
const StepSecret = Type.Optional(
  Type.String({ minLength: 1, maxLength: 256, description: 'As POST /api/session answered it; after a single sign-on the browser’s cookie carries it' }),
);

const TRUST_SECONDS = 30 * 24 * 60 * 60;

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
        trustToken: readCookie(request, TRUST_COOKIE),
      });
      if (result.kind === 'second_factor') return { two_factor_required: true as const, secret: result.secret, step: result.step };
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

  /** Opens the session of a passed second step: its cookie, the trust cookie if asked, the pending step's cookie cleared. */
  function opened(
    request: FastifyRequest,
    reply: FastifyReply,
    result: { cookie: string; session: { expiresAt: number; csrfToken: string }; trustToken: string; user: Static<typeof ConsoleUser> },
    remember: boolean,
  ) {
    setSessionCookie(request, reply, result.cookie, { expiresAt: result.session.expiresAt, now: clock.now(), remember });
    if (result.trustToken) setSignInCookie(request, reply, TRUST_COOKIE, result.trustToken, TRUST_SECONDS);
    if (readCookie(request, PENDING_STEP_COOKIE)) setSignInCookie(request, reply, PENDING_STEP_COOKIE, '', 0);
    return { user: result.user, csrf_token: result.session.csrfToken, expires_at: result.session.expiresAt, remember };
  }

  const stepSecret = (request: FastifyRequest, secret: string | undefined): string => secret ?? readCookie(request, PENDING_STEP_COOKIE);
  const userAgent = (request: FastifyRequest) => String(request.headers['user-agent'] ?? '');

  app.post(
    '/api/session/2fa',
    {
      onRequest: consoleOnly,
      schema: {
        tags,
        summary: 'The second step of a console sign-in with two-factor sign-in on: a code from the app or a backup code',
        body: Type.Object({
          secret: StepSecret,
          code: Type.String({ minLength: 1, maxLength: 32 }),
          remember: Type.Optional(Type.Boolean()),
          trust: Type.Optional(Type.Boolean({ description: 'Trust this browser for 30 days: no code is asked here until then (a cookie)' })),
        }),
        response: { 200: SessionReply, '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const { code, remember = false, trust = false } = request.body;
      const result = await services.signIn.consoleCode({ secret: stepSecret(request, request.body.secret), code, remember, trust, ip: request.ip, userAgent: userAgent(request) });
      logSignIn(request, result.provider ? { user: result.user, method: 'sso', provider: result.provider, channel: 'console' } : { user: result.user, method: 'password', channel: 'console' });
      return opened(request, reply, result, remember);
    },
  );

  app.post(
    '/api/session/2fa/enrol/start',
    {
      onRequest: consoleOnly,
      schema: {
        tags,
        summary: 'Two-factor sign-in is required and not set up: the new seed and its QR code URI, shown once (no session yet)',
        body: Type.Object({ secret: StepSecret }),
        response: { 200: Type.Object({ secret: Type.String(), uri: Type.String() }), '4xx': ApiError },
      },
    },
    async (request) => services.signIn.consoleEnrolStart({ secret: stepSecret(request, request.body.secret) }),
  );

  app.post(
    '/api/session/2fa/enrol/confirm',
    {
      onRequest: consoleOnly,
      schema: {
        tags,
        summary: 'Turn the required two-factor sign-in on with a code from the app: the session, and the ten backup codes shown once',
        body: Type.Object({
          secret: StepSecret,
          code: Type.String({ minLength: 1, maxLength: 32 }),
          remember: Type.Optional(Type.Boolean()),
          trust: Type.Optional(Type.Boolean({ description: 'Trust this browser for 30 days' })),
        }),
        response: { 200: Type.Object({ ...SessionReply.properties, backup_codes: Type.Array(Type.String()) }), '4xx': ApiError },
      },
    },
    async (request, reply) => {
      const { code, remember = false, trust = false } = request.body;
      const result = await services.signIn.consoleEnrolConfirm({ secret: stepSecret(request, request.body.secret), code, remember, trust, ip: request.ip, userAgent: userAgent(request) });
      logSignIn(request, result.provider ? { user: result.user, method: 'sso', provider: result.provider, channel: 'console' } : { user: result.user, method: 'password', channel: 'console' });
      return { ...opened(request, reply, result, remember), backup_codes: result.backupCodes };
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
          200: Type.Union([
            Type.Object({ signed_in: Type.Literal(true), ...SessionReply.properties }),
            Type.Object({
              signed_in: Type.Literal(false),
              second_factor: Type.Optional(Type.Union([Type.Literal('code'), Type.Literal('enrol'), Type.Literal('email')], { description: 'A single sign-on waits for this second step (its secret is in a cookie)' })),
            }),
          ]),
        },
      },
    },
    async (request) => {
      const cookie = readSessionCookie(request);
      const session = cookie ? await services.consoleSessions.resolve(cookie) : undefined;
      if (!session) {
        const pending = await services.signIn.consolePending(readCookie(request, PENDING_STEP_COOKIE));
        return { signed_in: false as const, ...(pending ? { second_factor: pending } : {}) };
      }
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
