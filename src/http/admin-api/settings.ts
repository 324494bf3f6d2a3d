import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HttpContext } from '../context.js';
import { actorOf, authorityOf, requireAdmin } from '../plugins/auth.js';
import { ApiError } from '../schemas.js';
import { Settings, SettingsBody, adminSecurity as security } from './schemas.js';

const tags = ['Admin: settings'];
const errors = { '4xx': ApiError };

/**
 * Run-time settings. Turning password sign-in off is allowed and audited; if that locks the
 * administrators out, `deskgate settings password-login on` turns it back on (DESIGN.md). The
 * OIDC page's settings need `oidc:write` here too (services/settings.ts).
 */
export const settingsRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { settings } = ctx.services;

  app.get(
    '/api/admin/settings',
    {
      onRequest: requireAdmin(ctx, 'settings', 'read'),
      schema: { tags, security, summary: 'Current settings', response: { 200: Settings, ...errors } },
    },
    async () => settings.all(),
  );

  app.put(
    '/api/admin/settings',
    {
      onRequest: requireAdmin(ctx, 'settings', 'write'),
      schema: {
        tags,
        security,
        summary: 'Change settings; settings left out keep their value',
        body: SettingsBody,
        response: { 200: Settings, ...errors },
      },
    },
    async (request) => {
      // Whole or not at all; each setting needs its own scope (OIDC ones `oidc:write`).
      await settings.setMany(actorOf(request), request.body, authorityOf(request));
      return settings.all();
    },
  );
};
