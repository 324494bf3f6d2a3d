import { TypeBoxValidatorCompiler, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HttpContext } from '../context.js';
import { actorOf, requireSession, sessionOf } from '../plugins/auth.js';
import { ApiError, IdParams } from '../schemas.js';

const tags = ['Account'];
const security: { [scheme: string]: string[] }[] = [{ session: [], csrf: [] }];
const errors = { '4xx': ApiError };

const Status = Type.Object({
  enabled: Type.Boolean({ description: 'Two-factor sign-in (TOTP) is on' }),
  pending: Type.Boolean({ description: 'Set-up was started and waits for a code from the app' }),
  backup_codes_left: Type.Integer({ description: 'Unused backup codes' }),
  required: Type.Boolean({ description: 'An administrator requires it (of me, or of a group of mine)' }),
});

const Enrolment = Type.Object({
  secret: Type.String({ description: 'The base32 seed, shown this once (for typing into an app)' }),
  uri: Type.String({ description: 'otpauth:// URI for a QR code, shown this once' }),
});

const TrustedDevice = Type.Object({
  id: Type.String(),
  kind: Type.Union([Type.Literal('client'), Type.Literal('console')], { description: '`client`: a RustDesk client (by id and uuid); `console`: a browser' }),
  device_id: Type.String({ description: 'The RustDesk id; empty for a browser' }),
  label: Type.String({ description: 'The device’s name and system, or the browser’s user agent' }),
  created_at: Type.Integer(),
  expires_at: Type.Integer(),
});

const Code = Type.String({ minLength: 1, maxLength: 32 });
const Proof = Type.Object({
  password: Type.Optional(Type.String({ maxLength: 1024, description: 'My password' })),
  code: Type.Optional(Type.String({ maxLength: 32, description: 'Or a current code from the app, or a backup code' })),
});

/** `/api/account/2fa`: my two-factor sign-in (TOTP): status, set-up, confirmation, renewal and turning it off. */
export const accountTwoFactorRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  const { twoFactor } = ctx.services;
  const onRequest = requireSession(ctx);
  const me = (request: Parameters<typeof sessionOf>[0]) => {
    const { user } = sessionOf(request).session;
    return { id: user.id, name: user.name };
  };

  app.get(
    '/api/account/2fa',
    { onRequest, schema: { tags, security, summary: 'My two-factor sign-in', response: { 200: Status, ...errors } } },
    async (request) => twoFactor.status(me(request).id),
  );

  app.post(
    '/api/account/2fa/start',
    {
      onRequest,
      schema: { tags, security, summary: 'Start setting up two-factor sign-in: the seed and its QR code URI, shown once', response: { 200: Enrolment, ...errors } },
    },
    async (request) => twoFactor.start(actorOf(request), me(request)),
  );

  app.post(
    '/api/account/2fa/confirm',
    {
      onRequest,
      schema: {
        tags,
        security,
        summary: 'Turn two-factor sign-in on with a code from the app: the ten backup codes, shown once',
        body: Type.Object({ code: Code }),
        response: { 200: Type.Object({ backup_codes: Type.Array(Type.String()) }), ...errors },
      },
    },
    async (request) => twoFactor.confirm(actorOf(request), me(request), request.body.code),
  );

  app.post(
    '/api/account/2fa/disable',
    {
      onRequest,
      schema: { tags, security, summary: 'Turn two-factor sign-in off (my password or a code)', body: Proof, response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      await twoFactor.disable(actorOf(request), me(request), request.body);
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/account/2fa/renew',
    {
      onRequest,
      schema: {
        tags,
        security,
        summary: 'Renew two-factor sign-in (my password or a code): the old seed and backup codes stop working; confirm the new seed as at first',
        body: Proof,
        response: { 200: Enrolment, ...errors },
      },
    },
    async (request) => twoFactor.renew(actorOf(request), me(request), request.body),
  );

  app.get(
    '/api/account/2fa/trusted-devices',
    {
      onRequest,
      schema: { tags, security, summary: 'Devices that skip the code for 30 days (browsers and RustDesk clients)', response: { 200: Type.Object({ data: Type.Array(TrustedDevice) }), ...errors } },
    },
    async (request) => ({ data: await twoFactor.trustedDevices(me(request).id) }),
  );

  app.post(
    '/api/account/2fa/trusted-devices',
    {
      onRequest,
      schema: {
        tags,
        security,
        summary: 'Trust one of my signed-in RustDesk clients for 30 days (the client cannot ask itself)',
        body: Type.Object({ sign_in_id: Type.String({ minLength: 1, maxLength: 64, description: 'Its id in GET /api/account/devices' }) }),
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      await twoFactor.trustSignedInClient(actorOf(request), me(request), request.body.sign_in_id);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/account/2fa/trusted-devices/:id',
    { onRequest, schema: { tags, security, summary: 'Stop trusting one device', params: IdParams, response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await twoFactor.revokeTrusted(actorOf(request), me(request), request.params.id);
      return reply.status(204).send(null);
    },
  );

  app.delete(
    '/api/account/2fa/trusted-devices',
    { onRequest, schema: { tags, security, summary: 'Stop trusting every device', response: { 204: Type.Null(), ...errors } } },
    async (request, reply) => {
      await twoFactor.revokeTrusted(actorOf(request), me(request));
      return reply.status(204).send(null);
    },
  );

  const EmailVerification = Type.Object({
    enabled: Type.Boolean({ description: 'A code is e-mailed at each password sign-in (when two-factor sign-in with an app is off)' }),
    available: Type.Boolean({ description: 'It can be turned on: the mail server is set up and my profile has an e-mail address' }),
  });

  app.get(
    '/api/account/2fa/email-verification',
    { onRequest, schema: { tags, security, summary: 'My e-mail login verification', response: { 200: EmailVerification, ...errors } } },
    async (request) => twoFactor.emailVerification(me(request).id),
  );

  app.put(
    '/api/account/2fa/email-verification',
    {
      onRequest,
      schema: {
        tags,
        security,
        summary: 'Turn my e-mail login verification on (needs the mail server and an address) or off',
        body: Type.Object({ enabled: Type.Boolean() }),
        response: { 200: EmailVerification, ...errors },
      },
    },
    async (request) => {
      await twoFactor.setEmailVerification(actorOf(request), me(request), request.body.enabled);
      return twoFactor.emailVerification(me(request).id);
    },
  );
};
