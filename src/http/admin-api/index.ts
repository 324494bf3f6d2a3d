import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HttpContext } from '../context.js';

/** `/api/admin/*`: administrators (session) and scripts (API tokens with scopes). */
export const adminRoutes: FastifyPluginAsyncTypebox<HttpContext> = async () => {};
