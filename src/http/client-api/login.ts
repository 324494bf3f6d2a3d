import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import { logSignIn } from '../activity-log.js';
import type { HttpContext } from '../context.js';
import { deviceInfoOf } from './device-info.js';
import { bearerToken } from '../plugins/auth.js';
import { ErrorBody, LoginOptions, LoginRequest, LoginResponse, UserPayload } from './schemas.js';
import { pendingUserPayload, toUserPayload } from './user-payload.js';

const tags = ['RustDesk client'];

/** The account endpoints of spec/rustdesk-client-api.md §4.2–§4.5. */
export const loginRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { services } = ctx;

  // §4.2; HEAD arrives as a TLS probe (§12 item 20) and is answered by Fastify's HEAD route.
  app.get(
    '/api/login-options',
    { schema: { tags, summary: 'Sign-in options for RustDesk clients', response: { 200: LoginOptions } } },
    async () => services.signInOptions.forClients(),
  );

  app.post(
    '/api/login',
    {
      schema: {
        tags,
        summary: 'Password sign-in for RustDesk clients',
        body: LoginRequest,
        response: { 200: LoginResponse, '4xx': ErrorBody },
      },
    },
    async (request) => {
      const body = request.body;
      const type = body.type ?? 'account';
      const device = { deviceId: body.id ?? '', uuid: body.uuid ?? '', deviceInfo: deviceInfoOf(body.deviceInfo) };
      if (type === 'email_code') {
        // §4.3 step 3: the TOTP code (tfaCode, the same as verificationCode; Sciter sends tfaCode '') and the echoed secret.
        const code = body.tfaCode || body.verificationCode;
        if (!code || !body.secret) throw new AppError('request.invalid', { message: 'verificationCode and secret are required' });
        const { accessToken, user } = await services.signIn.clientCode({ secret: body.secret, code, ip: request.ip, device });
        logSignIn(request, { user, method: 'password', channel: 'client' });
        return { access_token: accessToken, type: 'access_token', user: toUserPayload(user) };
      }
      if (type !== 'account') throw new AppError('auth.unsupported_login_type');
      if (!body.username || body.password === undefined) {
        throw new AppError('request.invalid', { message: 'username and password are required' });
      }
      const result = await services.signIn.clientPassword({ name: body.username, password: body.password, ip: request.ip, device });
      if (result.kind === 'second_factor') {
        // §4.3 step 2, §12 item 17: TOTP is type "email_check" with tfa_type "tfa_check" (a top-level
        // "tfa_check" is refused by the client). The user is only named: nothing else before the code.
        // An e-mailed code is tfa_type "email_check", and the client's dialog shows `user.email` (§4.1).
        if (result.via === 'email') {
          return { access_token: '', type: 'email_check', tfa_type: 'email_check', secret: result.secret, user: { ...pendingUserPayload(result.user), email: result.user.email } };
        }
        return { access_token: '', type: 'email_check', tfa_type: 'tfa_check', secret: result.secret, user: pendingUserPayload(result.user) };
      }
      logSignIn(request, { user: result.user, method: 'password', channel: 'client' });
      return { access_token: result.accessToken, type: 'access_token', user: toUserPayload(result.user) };
    },
  );

  // §4.4: the body is ignored and the token judged, because a 400 here signs the client out.
  app.post(
    '/api/currentUser',
    {
      config: { ignoreBadBody: true },
      schema: {
        tags,
        summary: 'The signed-in RustDesk user',
        body: Type.Unknown(),
        response: { 200: UserPayload, '4xx': ErrorBody },
      },
    },
    async (request) => {
      const uuid = (request.body as { uuid?: unknown } | undefined)?.uuid;
      const verified = await services.accessTokens.verifyForDevice(bearerToken(request) ?? '', uuid);
      return toUserPayload(verified.user);
    },
  );

  // §4.5: the client ignores the answer and clears its state whatever happens.
  app.post(
    '/api/logout',
    { config: { ignoreBadBody: true }, schema: { tags, summary: 'Sign a RustDesk client out (revokes its token)', body: Type.Unknown() } },
    async (request, reply) => {
      const token = bearerToken(request);
      if (token) await services.accessTokens.revokeToken(token);
      return reply.status(200).send();
    },
  );
};
