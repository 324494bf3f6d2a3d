import type { UserStatus } from '../../src/domain/user.js';
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
