import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import type { Actor } from '../../services/audit.js';
import { holds, type Authority } from '../../services/authority.js';
import type { HttpContext } from '../context.js';
import { bearerToken } from '../plugins/auth.js';
import { ErrorBody } from './schemas.js';

const tags = ['RustDesk client: deployment'];

declare module 'fastify' {
  interface FastifyRequest {
    cliActor?: Actor;
    /** The API token's scopes: putting a device into an address book needs `address_books:write` too. */
    cliAuthority?: Authority;
  }
}

/** §5.5: what the command line reads; anything else is printed as an error. */
const DeployAnswer = Type.Object({ result: Type.Union([Type.Literal('OK'), Type.Literal('NOT_ENABLED'), Type.Literal('INVALID_INPUT'), Type.Literal('ID_TAKEN')]) });

const asObject = (body: unknown): Record<string, unknown> =>
  typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};

/**
 * `rustdesk --assign` and `rustdesk --deploy` (spec/rustdesk-client-api.md §5.4, §5.5, §12 item
 * 16): an API token from the console with `devices:write` (and `address_books:write` for the
 * `address_book_*` fields), never a person's client token. The
 * command line prints any body it does not expect, so every refusal is `{"error": "…"}`.
 */
export const deviceCliRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { apiTokens, deviceCli } = ctx.services;

  /** onRequest: before the body is read, so a caller without the scope learns nothing from it. */
  async function requireDevicesWrite(request: FastifyRequest): Promise<void> {
    const bearer = bearerToken(request);
    const token = bearer ? await apiTokens.verify(bearer) : undefined;
    if (!token) throw new AppError('auth.invalid_token', { message: 'Invalid token: use an API token made in the console (Settings → Tokens) with devices:write' });
    if (!holds({ scopes: token.scopes }, 'devices:write')) throw new AppError('auth.scope', { message: 'This API token lacks the devices:write scope' });
    request.cliActor = { type: 'token', id: token.id, name: token.name, ip: request.ip };
    request.cliAuthority = { scopes: token.scopes };
  }

  const actor = (request: FastifyRequest): Actor => {
    if (!request.cliActor) throw new AppError('auth.required');
    return request.cliActor;
  };

  // §5.4: success is 200 with an empty body (the client prints "Done!").
  app.post(
    '/api/devices/cli',
    {
      onRequest: requireDevicesWrite,
      schema: {
        tags,
        summary: 'rustdesk --assign: set a device’s owner, device group, note, desktop user or name, or put it into a shared address book; an empty 200 when done',
        body: Type.Unknown({
          description:
            '{id, uuid, user_name?, device_group_name?, note?, device_username?, device_name?, address_book_name?, address_book_tag?, address_book_alias?, address_book_password?, address_book_note?}',
        }),
        response: { 200: Type.String({ maxLength: 0, description: 'Empty: done' }), '4xx': ErrorBody },
      },
    },
    async (request, reply) => {
      await deviceCli.assign(actor(request), asObject(request.body), request.cliAuthority ?? { scopes: [] });
      return reply.status(200).send('');
    },
  );

  // §5.5: a body that does not parse is INVALID_INPUT too. Every result is a 200: the command line
  // reads only the body (§12 item 5), and a 4xx is kept for `{"error"}` bodies.
  app.post(
    '/api/devices/deploy',
    {
      onRequest: requireDevicesWrite,
      config: { ignoreBadBody: true },
      schema: {
        tags,
        summary: 'rustdesk --deploy: OK (deployed, while rendezvous.admission is deployment), NOT_ENABLED (deployment is not required), INVALID_INPUT or ID_TAKEN',
        body: Type.Unknown({ description: '{id, uuid, pk}' }),
        response: { 200: DeployAnswer, '4xx': ErrorBody },
      },
    },
    async (request) => {
      return { result: await deviceCli.deploy(actor(request), asObject(request.body)) };
    },
  );
};
