import type { ProviderInput } from '../../src/domain/auth-provider.js';
import type { UserStatus } from '../../src/domain/user.js';
import { newId } from '../../src/services/secrets.js';
import { systemActor } from '../../src/services/audit.js';
import type { TestApp } from './app.js';

export const PASSWORD = 'correct horse battery';

export async function createUser(
  t: TestApp,
  input: { name: string; password?: string; is_admin?: boolean; status?: UserStatus; email?: string },
) {
  return t.services.users.create(systemActor, { password: PASSWORD, ...input });
}

/** Signs in through POST /api/session and returns what a browser would hold. */
export async function signInConsole(t: TestApp, name: string, password = PASSWORD) {
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/session',
    payload: { username: name, password },
    // What a browser adds to the console's own fetch (POST /api/session is same-origin only).
    headers: { 'sec-fetch-site': 'same-origin' },
  });
  if (response.statusCode !== 200) throw new Error(`console sign-in failed: ${response.statusCode} ${response.body}`);
  const setCookie = String(response.headers['set-cookie']);
  const cookie = setCookie.split(';')[0] ?? '';
  const body = response.json() as { csrf_token: string };
  return { cookie, csrf: body.csrf_token, headers: { cookie, 'x-csrf-token': body.csrf_token } };
}

export async function createApiToken(t: TestApp, scopes: string[], name = 'script') {
  const { token } = await t.services.apiTokens.create(systemActor, { name, scopes });
  return { token, headers: { authorization: `Bearer ${token}` } };
}

/**
 * A provider made through the service, turned on: new providers start disabled, and most tests
 * sign in through the one they make.
 */
export async function createProvider(t: TestApp, input: ProviderInput) {
  return t.services.providers.create(systemActor, { enabled: true, ...input });
}

/** The link columns a sign-in through a provider other than Entra ID leaves empty. */
export const NO_ENTRA_KEY = { tenant_id: '', object_id: '', refresh_token: '', revalidated_at: 0 };

/** Links `userId` through a provider as a finished single sign-on would (no sign-in made). */
export async function linkIdentity(t: TestApp, userId: string, providerId: string, subject = `sub-${userId}`) {
  const provider = await t.services.providers.get(providerId);
  const now = t.clock.now();
  await t.store.identities.insert({ ...NO_ENTRA_KEY, id: newId(), user_id: userId, provider_id: providerId, issuer: provider.issuer, subject, email: '', created_at: now, last_sign_in_at: now });
}
