import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HttpContext } from '../context.js';

/** `/api/account/*`: the signed-in person's own profile, password, sessions and device tokens. */
export const accountRoutes: FastifyPluginAsyncTypebox<HttpContext> = async () => {};
