import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { logSignIn } from '../activity-log.js';
import type { HttpContext } from '../context.js';
import { deviceInfoOf } from './device-info.js';
import { requestOrigin } from '../origin.js';
import { ErrorBody, LoginResponse } from './schemas.js';
import { pendingUserPayload, toUserPayload } from './user-payload.js';

const tags = ['RustDesk client'];

/** spec/rustdesk-client-api.md §4.6: single sign-on from the RustDesk client. */
export const oidcClientRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, { services }) => {
  app.post(
    '/api/oidc/auth',
    {
      schema: {
        tags,
        summary: 'Start a RustDesk client single sign-on; `url` opens in the browser',
        body: Type.Object({
          op: Type.String({ minLength: 1, maxLength: 64 }),
          id: Type.String({ maxLength: 256 }),
          uuid: Type.String({ maxLength: 256 }),
          deviceInfo: Type.Optional(Type.Unknown()),
        }),
        response: { 200: Type.Object({ code: Type.String(), url: Type.String() }), '4xx': ErrorBody },
      },
    },
    async (request) => {
      const { op, id, uuid, deviceInfo } = request.body;
      // `apiDomain` (sent by newer clients) is never used: the public URL decides (DESIGN.md).
      return services.sso.startForClient({
        providerName: op,
        deviceId: id,
        uuid,
        deviceInfo: deviceInfoOf(deviceInfo),
        ip: request.ip,
        requestOrigin: requestOrigin(request),
      });
    },
  );

  app.get(
    '/api/oidc/auth-query',
    {
      schema: {
        tags,
        summary: 'Poll a RustDesk client sign-in: pending, then the token once',
        querystring: Type.Object({
          code: Type.String({ minLength: 1, maxLength: 200 }),
          id: Type.String({ maxLength: 256 }),
          uuid: Type.String({ maxLength: 256 }),
        }),
        response: { 200: Type.Union([LoginResponse, ErrorBody]), '4xx': ErrorBody },
      },
    },
    async (request) => {
      const { code, id, uuid } = request.query;
      // Pending, failed, denied…: thrown as `oidc.client_*` codes; wire-errors.ts sends each as
      // the exact `{"error"}` text the client reads (§12 items 4 and 5).
      const result = await services.sso.authQuery({ code, deviceId: id, uuid });
      if (result.kind === 'second_factor') {
        // §4.6 item 4: the client shows the same code dialog as after a password, and sends the
        // code to POST /api/login (type "email_code") with this secret, from the same device.
        if (result.via === 'email') {
          return { access_token: '', type: 'email_check', tfa_type: 'email_check', secret: result.secret, user: { ...pendingUserPayload(result.user), email: result.user.email } };
        }
        return { access_token: '', type: 'email_check', tfa_type: 'tfa_check', secret: result.secret, user: pendingUserPayload(result.user) };
      }
      logSignIn(request, { user: result.user, method: 'sso', provider: result.provider, channel: 'client' });
      return {
        access_token: result.token,
        type: 'access_token',
        user: toUserPayload(result.user, result.provider),
      };
    },
  );
};

