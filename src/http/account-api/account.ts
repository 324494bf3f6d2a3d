import { TypeBoxValidatorCompiler, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PASSWORD_MAX } from '../../services/passwords.js';
import { PROVIDER_TYPES } from '../../domain/auth-provider.js';
import type { HttpContext } from '../context.js';
import { clearSessionCookie } from '../cookies.js';
import { setTxCookie } from '../oidc-browser-binding.js';
import { requestOrigin } from '../origin.js';
import { actorOf, authorityOf, requireSession, sessionOf } from '../plugins/auth.js';
import { ApiError, ConsoleUser, DeviceTokenInfo, Email, IdParams, SessionInfo, Text } from '../schemas.js';
import { accountAddressBookRoutes } from './address-books.js';
import { accountConnectionRoutes } from './connections.js';
import { accountTwoFactorRoutes } from './two-factor.js';

const tags = ['Account'];
const security: { [scheme: string]: string[] }[] = [{ session: [], csrf: [] }];
const errors = { '4xx': ApiError };

const ProfileBody = Type.Object({ display_name: Type.Optional(Text(128)), email: Type.Optional(Email) });

const PasswordChangeBody = Type.Object({
  current_password: Type.Optional(
    Type.String({ maxLength: 1024, description: 'Required unless the account has no password yet (made by SSO)' }),
  ),
  new_password: Type.String({ maxLength: PASSWORD_MAX }),
});

const SignInMethods = Type.Object({
  has_password: Type.Boolean(),
  providers: Type.Array(
    Type.Object({
      name: Type.String(),
      type: Type.Unsafe<(typeof PROVIDER_TYPES)[number]>({ type: 'string', enum: [...PROVIDER_TYPES] }),
      display_name: Type.String(),
      icon: Type.String({ description: 'Sanitised SVG markup, or empty; show only as an image' }),
      linked: Type.Boolean({ description: 'I have an identity linked through this provider' }),
    }),
    { description: 'The enabled providers, in the sign-in page’s order' },
  ),
  identities: Type.Array(
    Type.Object({
      id: Type.String(),
      provider_name: Type.String({ description: 'Empty when the provider was deleted' }),
      provider_display_name: Type.String(),
      provider_enabled: Type.Boolean(),
      subject: Type.String({ description: 'Who the provider says I am (its `sub`)' }),
      email: Type.String({ description: 'As the provider last reported it; never used to link' }),
      created_at: Type.Integer(),
      last_sign_in_at: Type.Integer(),
    }),
  ),
});

/** `/api/account/*`: the signed-in person's own profile, password, sessions, device tokens and sign-in methods. */
export const accountRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  // Strict JSON bodies and the caller checked before the body is read, as in admin-api/index.ts.
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  const { users, userSessions, accountLinks } = ctx.services;
  const onRequest = requireSession(ctx);
  await app.register(accountConnectionRoutes, ctx);
  await app.register(accountAddressBookRoutes, ctx);
  await app.register(accountTwoFactorRoutes, ctx);

  app.get(
    '/api/account',
    { onRequest, schema: { tags, security, summary: 'My profile', response: { 200: ConsoleUser, ...errors } } },
    async (request) => users.get(sessionOf(request).session.user.id),
  );

  app.patch(
    '/api/account',
    {
      onRequest,
      schema: { tags, security, summary: 'Change my display name or e-mail', body: ProfileBody, response: { 200: ConsoleUser, ...errors } },
    },
    async (request) => {
      const { display_name, email } = request.body;
      return users.updateOwnProfile(actorOf(request), sessionOf(request).session.user.id, { display_name, email });
    },
  );

  app.post(
    '/api/account/password',
    {
      onRequest,
      schema: {
        tags,
        security,
        summary: 'Change my password; my RustDesk client tokens and my other console sessions end',
        body: PasswordChangeBody,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const { session } = sessionOf(request);
      const { current_password, new_password } = request.body;
      await userSessions.changeOwnPassword(
        actorOf(request),
        session.user.id,
        { current: current_password, next: new_password },
        session.id,
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/account/sessions',
    {
      onRequest,
      schema: {
        tags,
        security,
        summary: 'My console sessions; `current` marks this one',
        response: { 200: Type.Object({ total: Type.Integer(), data: Type.Array(SessionInfo) }), ...errors },
      },
    },
    async (request) => {
      const { session } = sessionOf(request);
      const sessions = await userSessions.sessionsOf(session.user.id);
      return { total: sessions.length, data: sessions.map((s) => ({ ...s, current: s.id === session.id })) };
    },
  );

  app.delete(
    '/api/account/sessions/:id',
    {
      onRequest,
      schema: { tags, security, summary: 'End one of my console sessions', params: IdParams, response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      const { session } = sessionOf(request);
      await userSessions.endOwnSession(actorOf(request), session.user.id, request.params.id);
      if (request.params.id === session.id) clearSessionCookie(request, reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/account/devices',
    {
      onRequest,
      schema: {
        tags,
        security,
        summary: 'RustDesk clients signed in as me (never their tokens)',
        response: { 200: Type.Object({ total: Type.Integer(), data: Type.Array(DeviceTokenInfo) }), ...errors },
      },
    },
    async (request) => {
      const devices = await userSessions.devicesOf(sessionOf(request).session.user.id);
      return { total: devices.length, data: devices };
    },
  );

  app.delete(
    '/api/account/devices/:id',
    {
      onRequest,
      schema: { tags, security, summary: 'Sign one RustDesk client out', params: IdParams, response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      await userSessions.signOutOwnDevice(actorOf(request), sessionOf(request).session.user.id, request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/api/account/identities',
    {
      onRequest,
      schema: { tags, security, summary: 'How I sign in: password, the enabled providers, my linked identities', response: { 200: SignInMethods, ...errors } },
    },
    async (request) => accountLinks.list(sessionOf(request).session.user.id),
  );

  app.post(
    '/api/account/identities',
    {
      onRequest,
      schema: {
        tags,
        security,
        summary:
          'Connect a provider: send the browser to `redirect` to sign in there; the identity it vouches for is linked to my account when it comes back (never one linked to another account)',
        body: Type.Object({ provider: Type.String({ minLength: 1, maxLength: 64, description: 'The provider’s name' }) }),
        response: { 200: Type.Object({ redirect: Type.String() }), ...errors },
      },
    },
    async (request, reply) => {
      const started = await accountLinks.start({
        sessionId: sessionOf(request).session.id,
        providerName: request.body.provider,
        requestOrigin: requestOrigin(request),
      });
      setTxCookie(request, reply, started.browserCookie, started.formPost);
      return { redirect: started.redirect };
    },
  );

  app.delete(
    '/api/account/identities/:id',
    {
      onRequest,
      schema: {
        tags,
        security,
        summary:
          'Disconnect a provider: unlink one of my identities; my RustDesk client tokens and other console sessions end. Refused when I would have no password and no other identity at an enabled provider',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const { session } = sessionOf(request);
      await accountLinks.unlink(actorOf(request), session.user.id, request.params.id, { authority: authorityOf(request), sessionId: session.id });
      return reply.status(204).send(null);
    },
  );
};
