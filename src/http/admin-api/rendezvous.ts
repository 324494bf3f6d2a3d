import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { RendezvousClientSettings } from '../../domain/rendezvous.js';
import type { HttpContext } from '../context.js';
import { requestOrigin } from '../origin.js';
import { requireAdmin } from '../plugins/auth.js';
import { ApiError } from '../schemas.js';
import { adminSecurity as security } from './schemas.js';

const tags = ['Admin: rendezvous'];
const errors = { '4xx': ApiError };

/** Settings → Key: the public key and what RustDesk clients enter. Only the public half ever leaves here. */
export const rendezvousRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { rendezvousKey } = ctx.services;

  app.get(
    '/api/admin/rendezvous',
    {
      onRequest: requireAdmin(ctx, 'settings', 'read'),
      schema: {
        tags,
        security,
        summary: 'The rendezvous public key and the client settings (ID server, Relay server, API server, Key)',
        response: { 200: RendezvousClientSettings, ...errors },
      },
    },
    async (request) => rendezvousKey.clientSettings(requestOrigin(request)),
  );
};
