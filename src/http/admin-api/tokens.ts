import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError } from '../../errors.js';
import { parseScopes, scopeAllows, type ScopeArea } from '../../services/api-tokens.js';
import type { HttpContext } from '../context.js';
import { actorOf, requireAdmin } from '../plugins/auth.js';
import { ApiError, IdParams, PageOf, pageOf } from '../schemas.js';
import { ApiTokenInfo, TokenCreateBody, TokenCreated, TokenListQuery, adminSecurity as security } from './schemas.js';

const tags = ['Admin: API tokens'];
const errors = { '4xx': ApiError };

/** `scope` has passed parseScopes: `admin` or `<area>:read|write`. */
function holds(granted: readonly string[], scope: string): boolean {
  if (scope === 'admin') return granted.includes('admin');
  const [area, access] = scope.split(':') as [ScopeArea, 'read' | 'write'];
  return scopeAllows(granted, area, access);
}

/**
 * An API token with `settings:write` may make tokens, but none with a scope it lacks itself:
 * otherwise any token could mint an `admin` one. Administrators' sessions may grant anything.
 */
function checkMayGrant(request: FastifyRequest, scopes: string[]): void {
  const principal = request.principal;
  if (principal?.kind !== 'token') return;
  const missing = scopes.find((scope) => !holds(principal.token.scopes, scope));
  if (missing !== undefined) {
    throw new AppError('auth.scope', { message: `This API token cannot grant the scope "${missing}", which it does not hold` });
  }
}

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
      const { name, expires_in_days } = request.body;
      const scopes = parseScopes(request.body.scopes);
      checkMayGrant(request, scopes);
      const created = await apiTokens.create(actorOf(request), { name, scopes, expiresInDays: expires_in_days });
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
