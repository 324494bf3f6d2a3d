import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { PROVIDER_TYPES } from '../domain/auth-provider.js';
import type { HttpContext } from './context.js';

const SignInOptions = Type.Object({
  password_login: Type.Boolean({ description: 'Whether the username and password form is offered' }),
  providers: Type.Array(
    Type.Object({
      name: Type.String({ description: 'Sign in with GET /api/oidc/login/<name>?return_to=/path' }),
      type: Type.Unsafe<(typeof PROVIDER_TYPES)[number]>({ type: 'string', enum: [...PROVIDER_TYPES] }),
      display_name: Type.String({ description: 'The button reads "Continue with <display_name>"' }),
      icon: Type.String({ description: 'Sanitised SVG markup, or empty; show only as an image' }),
    }),
  ),
});

/**
 * What the console's sign-in page offers, before anyone is signed in: the enabled providers in
 * order with the names people recognise (GET /api/login-options carries only the `op` names,
 * in the shape RustDesk clients parse), and whether password sign-in is on.
 */
export const signInOptionsRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  const { providers, settings } = ctx.services;
  app.get(
    '/api/session/options',
    {
      schema: {
        tags: ['Console session'],
        summary: 'What the console sign-in page offers: password sign-in and the enabled providers',
        response: { 200: SignInOptions },
      },
    },
    async () => ({
      password_login: await settings.get('password_login'),
      providers: (await providers.list())
        .filter((p) => p.enabled)
        .map((p) => ({ name: p.name, type: p.type, display_name: p.display_name, icon: p.icon })),
    }),
  );
};
