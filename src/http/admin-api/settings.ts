import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AppError } from '../../errors.js';
import { isSettingName } from '../../services/settings.js';
import type { HttpContext } from '../context.js';
import { actorOf, requireAdmin } from '../plugins/auth.js';
import { ApiError } from '../schemas.js';
import { Settings, SettingsBody, adminSecurity as security } from './schemas.js';

const tags = ['Admin: settings'];
const errors = { '4xx': ApiError };

/**
 * Run-time settings. Turning password sign-in off is allowed and audited; if that locks the
 * administrators out, `deskgate settings password-login on` turns it back on (DESIGN.md).
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
      const entries = Object.entries(request.body);
      // Refuse a misspelt setting before changing any, so a request applies whole or not at all.
      const unknown = entries.find(([name]) => !isSettingName(name));
      if (unknown) throw new AppError('settings.unknown', { message: `Unknown setting "${unknown[0].slice(0, 64)}"` });
      for (const [name, value] of entries) await settings.set(actorOf(request), name, value);
      return settings.all();
    },
  );
};
