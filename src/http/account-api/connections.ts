import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DeviceAuditRecord } from '../../domain/device-audit.js';
import type { HttpContext } from '../context.js';
import { ConnectionFilterQuery, connectionFilter } from '../device-log-queries.js';
import { requireSession, sessionOf } from '../plugins/auth.js';
import { ApiError, PageOf, PageQuery, pageOf } from '../schemas.js';

const tags = ['Account'];
const security: { [scheme: string]: string[] }[] = [{ session: [], csrf: [] }];

/**
 * `GET /api/account/connections`: the connections to the devices the signed-in person owns, as
 * Logs → Connections shows them to administrators, with the same filters. Anyone with a console
 * session; another person's devices and devices without an owner are never among them.
 */
export const accountConnectionRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { deviceAudit } = ctx.services;

  app.get(
    '/api/account/connections',
    {
      onRequest: requireSession(ctx),
      schema: {
        tags,
        security,
        summary: 'Connections to the devices I own, newest first',
        querystring: Type.Object({ ...PageQuery, ...ConnectionFilterQuery }),
        response: { 200: PageOf(DeviceAuditRecord), '4xx': ApiError },
      },
    },
    async (request) => {
      const ownerId = sessionOf(request).session.user.id;
      return deviceAudit.list('conn', { ...connectionFilter(request.query), ownerId }, pageOf(request.query));
    },
  );
};
