import type { AddressInfo } from 'node:net';
import type { FetchLike } from '../../../src/oidc/client.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { createApiToken, createUser } from '../../support/fixtures.js';
import { startIdp, type Idp } from '../../support/idp.js';
import { ensureConsoleBuilt } from './console-build.js';

export const ADMIN = { name: 'admin', password: 'admin password 1' };

export interface ConsoleServer {
  t: TestApp;
  /** Where the browser opens the console: http://localhost:<port>. */
  base: string;
  idp: Idp;
  /** An API token with every scope, to arrange data as a script would. */
  admin: { headers: Record<string, string> };
  /** Calls the admin API with the token. */
  call(method: string, url: string, payload?: unknown): Promise<{ status: number; body: unknown }>;
  close(): Promise<void>;
}

/**
 * A real deskgate on 127.0.0.1 and a free port, opened as http://localhost:<port>, and the
 * in-process OpenID provider on http://127.0.0.1:<other port>: two sites, as in production,
 * so the browser applies its cross-site cookie rules to the sign-in round trip.
 */
export async function startConsoleServer(options: { oidcFetch?: FetchLike } = {}): Promise<ConsoleServer> {
  ensureConsoleBuilt();
  // `oidcFetch`: hosted providers (Entra ID, GitHub) simulated, as in test/oidc/entra.test.ts.
  const t = await buildTestApp('sqlite', options.oidcFetch ? { oidcFetch: options.oidcFetch } : {});
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const base = `http://localhost:${(t.app.server.address() as AddressInfo).port}`;
  const idp = await startIdp([
    { client_id: 'deskgate-console', client_secret: 'console-secret', redirect_uris: [`${base}/api/oidc/callback`], post_logout_redirect_uris: [`${base}/`] },
  ]);
  await createUser(t, { name: ADMIN.name, password: ADMIN.password, is_admin: true });
  const admin = await createApiToken(t, ['admin'], 'setup script');
  return {
    t,
    base,
    idp,
    admin,
    async call(method, url, payload) {
      const response = await t.app.inject({ method: method as 'GET', url, headers: admin.headers, ...(payload === undefined ? {} : { payload: payload as object }) });
      return { status: response.statusCode, body: response.body ? (JSON.parse(response.body) as unknown) : undefined };
    },
    async close() {
      await idp.close();
      await t.close();
    },
  };
}
