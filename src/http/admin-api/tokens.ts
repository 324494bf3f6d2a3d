import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HttpContext } from '../context.js';
import { actorOf, authorityOf, requireAdmin } from '../plugins/auth.js';
import { ApiError, IdParams, PageOf, pageOf } from '../schemas.js';
import { ApiTokenInfo, TokenCreateBody, TokenCreated, TokenListQuery, adminSecurity as security } from './schemas.js';

const tags = ['Admin: API tokens'];
const errors = { '4xx': ApiError };

/** API tokens for scripts (Settings → Tokens). The token string leaves the server once, at creation. */
export const tokenRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { apiTokens } = ctx.services;
  const read = requireAdmin(ctx, 'settings', 'read');
  const write = requireAdmin(ctx, 'settings', 'write');

  app.get(
    '/api/admin/tokens',
    {
      onRequest: read,
      schema: {
        tags,
        security,
        summary: 'List API tokens (never the tokens themselves)',
        querystring: TokenListQuery,
        response: { 200: PageOf(ApiTokenInfo), ...errors },
      },
    },
    async (request) => {
      // Tokens are few (made by hand), so the service lists them all and the page is cut here.
      const all = await apiTokens.list(request.query.include_revoked ?? false);
      const { current, pageSize } = pageOf(request.query);
      return { total: all.length, data: all.slice((current - 1) * pageSize, current * pageSize) };
    },
  );

  app.post(
    '/api/admin/tokens',
    {
      onRequest: write,
      schema: {
        tags,
        security,
        summary: 'Create an API token; the answer is the only time the token is shown',
        body: TokenCreateBody,
        response: { 201: TokenCreated, ...errors },
      },
    },
    async (request, reply) => {
      const { name, scopes, expires_in_days } = request.body;
      // A token grants only scopes it holds itself; an administrator's session any (the service decides).
      const created = await apiTokens.create(actorOf(request), { name, scopes, expiresInDays: expires_in_days }, authorityOf(request));
      return reply.status(201).send(created);
    },
  );

  app.delete(
    '/api/admin/tokens/:id',
    {
      onRequest: write,
      schema: { tags, security, summary: 'Revoke an API token', params: IdParams, response: { 204: Type.Null(), ...errors } },
    },
    async (request, reply) => {
      await apiTokens.revoke(actorOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};
