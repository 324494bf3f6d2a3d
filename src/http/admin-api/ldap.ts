import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { LdapSettings, LdapSettingsInput } from '../../domain/ldap.js';
import type { HttpContext } from '../context.js';
import { actorOf, authorityOf, requireAdmin } from '../plugins/auth.js';
import { ApiError } from '../schemas.js';
import { adminSecurity as security } from './schemas.js';

const tags = ['Admin: settings'];
const errors = { '4xx': ApiError };

const Step = Type.Object({
  step: Type.Union([Type.Literal('connect'), Type.Literal('bind'), Type.Literal('search'), Type.Literal('user_bind')]),
  ok: Type.Boolean(),
  message: Type.String(),
});

const TestReport = Type.Object({
  ok: Type.Boolean({ description: 'Every step passed (with a password: it is right)' }),
  steps: Type.Array(Step),
  user: Type.Optional(
    Type.Object({
      dn: Type.String(),
      id: Type.String({ description: 'The stable id that links the entry to its account' }),
      username: Type.String(),
      email: Type.String(),
      display_name: Type.String(),
      groups: Type.Array(Type.String(), { description: 'Values of the group attribute' }),
      linked_account: Type.String({ description: 'The account linked to this entry; empty: a first sign-in would create one' }),
      deskgate_groups: Type.Array(Type.String(), { description: 'The deskgate groups those name' }),
      is_admin: Type.Union([Type.Boolean(), Type.Null()], { description: 'Whether the administrators group makes them one; null when none is set' }),
    }),
  ),
});

const TestBody = Type.Object({
  username: Type.String({ minLength: 1, maxLength: 256 }),
  password: Type.Optional(Type.String({ maxLength: 1024, description: 'Also check this password by binding as the entry found' })),
});

/**
 * Settings → LDAP. The server, the bind account and the administrators group need `admin`
 * besides the route's scope (services/ldap.ts); the bind password is write-only.
 */
export const ldapRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { ldap, signIn } = ctx.services;

  app.get(
    '/api/admin/ldap',
    {
      onRequest: requireAdmin(ctx, 'settings', 'read'),
      schema: { tags, security, summary: 'LDAP / Active Directory sign-in settings (the bind password is never shown)', response: { 200: LdapSettings, ...errors } },
    },
    async () => ldap.get(),
  );

  app.put(
    '/api/admin/ldap',
    {
      onRequest: requireAdmin(ctx, 'settings', 'write'),
      schema: {
        tags,
        security,
        summary: 'Change LDAP settings; fields left out keep their value',
        body: LdapSettingsInput,
        response: { 200: LdapSettings, ...errors },
      },
    },
    async (request) => ldap.update(actorOf(request), request.body, authorityOf(request)),
  );

  app.post(
    '/api/admin/ldap/test',
    {
      onRequest: requireAdmin(ctx, 'settings', 'write'),
      schema: {
        tags,
        security,
        summary:
          'Test the saved LDAP settings: bind, search for a username, and optionally check a password (rate-limited like a sign-in; a wrong one counts toward the lock-out)',
        body: TestBody,
        response: { 200: TestReport, ...errors },
      },
    },
    // With a password, Test is a password check: sign-in's rate limits and lock-out apply (sign-in.ts).
    async (request) => signIn.testDirectory(actorOf(request), request.body),
  );
};
