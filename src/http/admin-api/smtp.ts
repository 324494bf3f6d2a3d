import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { SmtpInput, SmtpSettings } from '../../domain/smtp.js';
import type { HttpContext } from '../context.js';
import { actorOf, authorityOf, requireAdmin } from '../plugins/auth.js';
import { ApiError, Text } from '../schemas.js';
import { adminSecurity as security } from './schemas.js';

const tags = ['Admin: SMTP'];
const errors = { '4xx': ApiError };

/**
 * Settings → SMTP: the mail server for invitations, password resets and e-mailed sign-in codes.
 * Changing it needs `admin` (the service checks): whoever picks the server reads every link.
 */
export const smtpRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { smtpSettings, mail } = ctx.services;

  app.get(
    '/api/admin/smtp',
    {
      onRequest: requireAdmin(ctx, 'settings', 'read'),
      schema: { tags, security, summary: 'The SMTP settings (never the password)', response: { 200: SmtpSettings, ...errors } },
    },
    async () => smtpSettings.get(),
  );

  app.put(
    '/api/admin/smtp',
    {
      onRequest: requireAdmin(ctx, 'settings', 'write'),
      schema: {
        tags,
        security,
        summary: 'Change the SMTP settings; fields left out keep their value (needs the admin scope)',
        body: Type.Object(SmtpInput.properties, { additionalProperties: false }),
        response: { 200: SmtpSettings, ...errors },
      },
    },
    async (request) => smtpSettings.update(actorOf(request), request.body, authorityOf(request)),
  );

  app.post(
    '/api/admin/smtp/test',
    {
      onRequest: requireAdmin(ctx, 'settings', 'write'),
      schema: {
        tags,
        security,
        summary: 'Send a test e-mail with the saved settings',
        description: 'Answers with the mail server’s final reply; a refusal is a 4xx whose message quotes what the server said.',
        body: Type.Object({ to: Text(320, { minLength: 3 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ response: Type.String({ description: 'What the server answered, e.g. 250 OK' }) }), ...errors },
      },
    },
    async (request) => mail.test(request.body.to),
  );
};
