import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { HttpContext } from '../context.js';
import { setTxCookie } from '../oidc-browser-binding.js';
import { requestOrigin } from '../origin.js';
import { requireAdmin } from '../plugins/auth.js';
import { ApiError, IdParams } from '../schemas.js';
import { adminSecurity as security } from './schemas.js';

const tags = ['Admin: single sign-on'];
const errors = { '4xx': ApiError };

const Verdict = Type.Object({
  rule: Type.String({
    description:
      'The rule: a policy field (allowed_tenants, allowed_email_domains, allowed_orgs, allow_anyone, auto_register, username_claim, groups_claim, admin_groups), max_authorized_users, account_enabled or groups_overage',
  }),
  ok: Type.Boolean({ description: 'The rule lets this person in (for groups and administrator: what they would get)' }),
  message: Type.String({ description: 'The verdict in plain words' }),
  fix: Type.Optional(Type.String({ description: 'What to change' })),
});

export const TestSignInReport = Type.Object({
  provider_id: Type.String(),
  provider_name: Type.String(),
  started_at: Type.Integer({ description: 'When the test sign-in began (as its start answered), ms since the epoch' }),
  finished_at: Type.Integer({ description: 'When the provider’s answer came back' }),
  ok: Type.Boolean({ description: 'The sign-in at the provider worked and every verdict admits the person' }),
  error: Type.Union([Type.Object({ code: Type.String(), message: Type.String() }), Type.Null()], {
    description: 'The sign-in at the provider failed: why (no verdicts then)',
  }),
  identity: Type.Union([
    Type.Object({
      subject: Type.String(),
      issuer: Type.String(),
      name: Type.String(),
      email: Type.String(),
      email_verified: Type.Boolean(),
      tenant: Type.String({ description: 'Microsoft Entra ID: the tid claim; empty elsewhere' }),
      claims: Type.Array(Type.String(), { description: 'The names of the claims the provider sent' }),
    }),
    Type.Null(),
  ]),
  verdicts: Type.Array(Verdict),
});

/**
 * Settings → OIDC → Test sign-in: an administrator signs in through a provider (enabled or not)
 * in a tab of their own; the callback reports each policy rule's verdict on them instead of
 * signing them in, and the console reads the latest report here.
 */
export const providerTestSignInRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { testSignIns } = ctx.services;

  app.post(
    '/api/admin/oidc/providers/:id/test-sign-in',
    {
      // Write, as the provider test: it opens the client secret and talks to the provider.
      onRequest: requireAdmin(ctx, 'oidc', 'write'),
      schema: {
        tags,
        security,
        summary: 'Begin a test sign-in through a provider, enabled or not: open `url` in a browser',
        description:
          'Sets the transaction cookie that binds the sign-in to this browser. After the provider, the callback shows each policy rule’s verdict on the person who signed in, signs no one in and creates nothing; GET this path reads the report',
        params: IdParams,
        response: {
          200: Type.Object({
            url: Type.String({ description: 'The provider’s authorization URL' }),
            started_at: Type.Integer({ description: 'The report of this test carries the same started_at' }),
          }),
          ...errors,
        },
      },
    },
    async (request, reply) => {
      const started = await testSignIns.start({ providerId: request.params.id, requestOrigin: requestOrigin(request) });
      setTxCookie(request, reply, started.browserCookie, started.formPost);
      return { url: started.redirect, started_at: started.startedAt };
    },
  );

  app.get(
    '/api/admin/oidc/providers/:id/test-sign-in',
    {
      // Write, as starting one: the report names the person who signed in (subject, e-mail).
      onRequest: requireAdmin(ctx, 'oidc', 'write'),
      schema: {
        tags,
        security,
        summary: 'The provider’s latest test sign-in report (kept an hour), or null',
        params: IdParams,
        response: { 200: Type.Union([TestSignInReport, Type.Null()]), ...errors },
      },
    },
    async (request) => testSignIns.latest(request.params.id),
  );
};
