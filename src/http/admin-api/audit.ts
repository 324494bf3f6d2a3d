import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HttpContext } from '../context.js';
import { requireAdmin } from '../plugins/auth.js';
import { ApiError, PageOf, pageOf } from '../schemas.js';
import { AuditQuery, AuditRecord, SignInFailure, SignInFailureQuery, adminSecurity as security } from './schemas.js';

const tags = ['Admin: logs'];
const errors = { '4xx': ApiError };

/** Logs → Console (who changed what) and Logs → Alarm (failed sign-ins), newest first. */
export const auditRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { audit, signInFailures } = ctx.services;
  const read = requireAdmin(ctx, 'audit', 'read');

  app.get(
    '/api/admin/audit/console',
    {
      onRequest: read,
      schema: {
        tags,
        security,
        summary: 'Console audit log: every administrative change',
        querystring: AuditQuery,
        response: { 200: PageOf(AuditRecord), ...errors },
      },
    },
    async (request) => {
      const { action, actor, target, from, to } = request.query;
      return audit.list({ action, actor, target, from, to }, pageOf(request.query));
    },
  );

  app.get(
    '/api/admin/audit/sign-in-failures',
    {
      onRequest: read,
      schema: {
        tags,
        security,
        summary: 'Alarm log: failed, locked-out and rate-limited sign-ins, by password and by single sign-on',
        querystring: SignInFailureQuery,
        response: { 200: PageOf(SignInFailure), ...errors },
      },
    },
    async (request) => {
      const { kind, provider_id: providerId } = request.query;
      return signInFailures.list(pageOf(request.query), { kind, providerId });
    },
  );
};
