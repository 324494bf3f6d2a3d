import { TypeBoxValidatorCompiler, type FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { HttpContext } from '../context.js';
import { addressBookAdminRoutes } from './address-books.js';
import { auditRoutes } from './audit.js';
import { deviceAuditRoutes } from './device-audit.js';
import { deviceGroupRoutes } from './device-groups.js';
import { deviceAdminRoutes } from './devices.js';
import { groupAccessRoutes } from './group-access.js';
import { groupRoutes } from './groups.js';
import { identityRoutes } from './identities.js';
import { ldapRoutes } from './ldap.js';
import { invitationRoutes } from './invitations.js';
import { oidcSettingsRoutes } from './oidc-settings.js';
import { providerRoutes } from './providers.js';
import { providerTestSignInRoutes } from './provider-test-sign-in.js';
import { rendezvousRoutes } from './rendezvous.js';
import { settingsRoutes } from './settings.js';
import { smtpRoutes } from './smtp.js';
import { strategyRoutes } from './strategies.js';
import { tokenRoutes } from './tokens.js';
import { twoFactorAdminRoutes } from './two-factor.js';
import { userRoutes } from './users.js';

/**
 * `/api/admin/*`: administrators (session) and scripts (API tokens with scopes). Every route
 * checks its caller at `onRequest`, before the body is read or validated: an anonymous caller
 * gets 401 whatever it sends, and learns nothing from validation messages.
 */
export const adminRoutes: FastifyPluginAsyncTypebox<HttpContext> = async (app, ctx) => {
  // Strict JSON bodies: the server-wide ajv coerces types for RustDesk clients, which here would
  // take `"name": 42` or `"group_ids": "x"` as valid. Query strings and params are still converted
  // from text (TypeBox truncates: `current=1.5` reads as 1), then bounded by their schemas.
  app.setValidatorCompiler(TypeBoxValidatorCompiler);
  await app.register(userRoutes, ctx);
  await app.register(groupRoutes, ctx);
  await app.register(groupAccessRoutes, ctx);
  await app.register(twoFactorAdminRoutes, ctx);
  await app.register(deviceGroupRoutes, ctx);
  await app.register(deviceAdminRoutes, ctx);
  await app.register(addressBookAdminRoutes, ctx);
  await app.register(tokenRoutes, ctx);
  await app.register(auditRoutes, ctx);
  await app.register(deviceAuditRoutes, ctx);
  await app.register(settingsRoutes, ctx);
  await app.register(oidcSettingsRoutes, ctx);
  await app.register(providerRoutes, ctx);
  await app.register(providerTestSignInRoutes, ctx);
  await app.register(identityRoutes, ctx);
  await app.register(ldapRoutes, ctx);
  await app.register(smtpRoutes, ctx);
  await app.register(invitationRoutes, ctx);
  await app.register(rendezvousRoutes, ctx);
  await app.register(strategyRoutes, ctx);
};
