import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { ALL_SCOPES } from '../../../src/services/api-tokens.js';
import { systemActor } from '../../../src/services/audit.js';
import type { UserStatus } from '../../../src/domain/user.js';
import { buildTestApp, type TestApp } from '../../support/app.js';
import { testEngines } from '../../support/databases.js';
import { PASSWORD, createApiToken, createUser, signInConsole } from '../../support/fixtures.js';

/**
 * Who may call what under /api/admin/ (DESIGN.md "A credential never obtains more than it has"):
 * every admin route of the running app × every caller, and the fields and targets that need
 * more than their route. The expected scopes are the README's tables, so the README cannot
 * drift from what the server does, and a new route without a README row fails here.
 */

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
type Headers = Record<string, string>;

// ---- the README's tables ------------------------------------------------------------------

const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

/** The rows of the markdown table whose header row is `header`, as cells. */
function tableAfter(header: string): string[][] {
  const lines = README.split('\n');
  const start = lines.findIndex((line) => line.trim() === header);
  assert.ok(start >= 0, `README has no table headed ${header}`);
  const rows: string[][] = [];
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(line.slice(1, line.lastIndexOf('|')).split('|').map((cell) => cell.trim()));
  }
  return rows;
}

const ROUTE_IN_CELL = /`((?:GET|POST|PUT|PATCH|DELETE) \/api\/admin\/[^`]*)`/g;
const routesIn = (cell: string) => [...cell.matchAll(ROUTE_IN_CELL)].map((m) => m[1]!);

/** `METHOD /path` → the scope it needs, from the README's "Route | Scope" table. */
function readmeRouteScopes(): Map<string, string> {
  const scopes = new Map<string, string>();
  for (const [routes = '', scope = ''] of tableAfter('| Route | Scope |')) {
    const needed = /^`([a-z_:]+)`$/.exec(scope)?.[1];
    assert.ok(needed && ALL_SCOPES.includes(needed), `README scope cell ${scope}`);
    for (const route of routesIn(routes)) {
      assert.ok(!scopes.has(route), `README lists ${route} twice`);
      scopes.set(route, needed);
    }
  }
  return scopes;
}

/** `METHOD /path | what | needs`, one per route, from the README's field table. */
function readmeFieldRows(): Set<string> {
  const rows = new Set<string>();
  for (const [routes = '', what = '', needs = ''] of tableAfter('| Route | Field or target | Also needs |')) {
    for (const route of routesIn(routes)) rows.add(`${route} | ${what} | ${needs}`);
  }
  return rows;
}

// ---- the running app's routes ---------------------------------------------------------------

/**
 * `METHOD /path` of every route the app serves, read from Fastify's own route tree
 * (`printRoutes({ commonPrefix: false })`: one node per line, four characters per level, a
 * child's text appended to its parent's path). HEAD is left out: Fastify adds it to every GET.
 */
function appRoutes(t: TestApp): string[] {
  const parents: string[] = [];
  const routes: string[] = [];
  for (const line of t.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const node = /^((?:│ {3}| {4})*)[├└]── (.*?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!node) continue;
    const depth = node[1]!.length / 4;
    const path = (parents[depth - 1] ?? '') + node[2]!;
    parents[depth] = path;
    parents.length = depth + 1;
    for (const method of (node[3] ?? '').split(', ').filter((m) => m && m !== 'HEAD')) {
      routes.push(`${method} ${path.replace(/:(\w+)/g, '{$1}')}`);
    }
  }
  return routes;
}

// ---- what a caller holds --------------------------------------------------------------------

interface Caller {
  name: string;
  /** What it holds as scopes; `undefined` for a non-administrator's session (nothing here). */
  scopes: string[] | undefined;
  headers: Headers;
}

/** `scope` is `admin` or `<area>:<read|write>`; write implies read. */
function holds(scopes: string[] | undefined, scope: string): boolean {
  if (!scopes) return false;
  if (scopes.includes('admin')) return true;
  if (scope === 'admin') return false;
  const [area, access] = scope.split(':');
  return scopes.includes(scope) || (access === 'read' && scopes.includes(`${area}:write`));
}

const REFUSED = new Set(['auth.scope', 'auth.forbidden']);

for (const engine of await testEngines()) {
  describe(`admin API scopes: every route × every scope (${engine})`, () => {
    let t: TestApp;
    let callers: Caller[];
    let names = 0;

    before(async () => {
      t = await buildTestApp(engine, { signInLimits: { perAddress: 1000, perName: 1000, windowMs: 60_000 } });
      await createUser(t, { name: 'root', is_admin: true });
      await createUser(t, { name: 'plain' });
      callers = [
        { name: 'an administrator’s session', scopes: ['admin'], headers: (await signInConsole(t, 'root')).headers },
        { name: 'a non-administrator’s session', scopes: undefined, headers: (await signInConsole(t, 'plain')).headers },
      ];
      for (const scope of ALL_SCOPES) {
        callers.push({ name: `a ${scope} token`, scopes: [scope], headers: (await createApiToken(t, [scope], scope)).headers });
      }
      const both = ['oidc:write', 'settings:write'];
      callers.push({ name: 'an oidc:write + settings:write token', scopes: both, headers: (await createApiToken(t, both, 'both')).headers });
    });
    after(() => t.close());

    const send = (caller: Caller, request: { method: Method; url: string; payload?: unknown }) =>
      t.app.inject({
        method: request.method,
        url: request.url,
        headers: caller.headers,
        ...(request.payload === undefined ? {} : { payload: request.payload as object }),
      });

    /** Allowed: anything but 401 and the two refusals (404s and 400s show the caller got in). */
    function verdict(response: Awaited<ReturnType<typeof send>>): 'allowed' | 'refused' {
      assert.ok(response.statusCode < 500 && response.statusCode !== 401, `${response.statusCode} ${response.body}`);
      if (response.statusCode !== 403) return 'allowed';
      const code = (response.json() as { code: string }).code;
      assert.ok(REFUSED.has(code), `403 with code ${code}`);
      return 'refused';
    }

    it('has a README row for every admin route the app serves, and none for a route it does not', () => {
      const served = appRoutes(t).filter((route) => route.includes(' /api/admin/')).sort();
      assert.ok(served.length >= 30, `only ${served.length} admin routes found`);
      assert.deepEqual([...readmeRouteScopes().keys()].sort(), served);
    });

    it('allows each route to exactly the callers holding its README scope, and refuses the rest with 403', async () => {
      const scopes = readmeRouteScopes();
      const mismatches: string[] = [];
      for (const route of appRoutes(t).filter((r) => r.includes(' /api/admin/'))) {
        const [method, path] = route.split(' ') as [Method, string];
        // Unknown ids and empty bodies: a caller that gets in meets a 404 or a 400, never a change.
        const url = path.replace(/\{\w+\}/g, () => randomUUID());
        const payload = method === 'GET' || method === 'DELETE' ? undefined : {};
        for (const caller of callers) {
          const expected = holds(caller.scopes, scopes.get(route) ?? 'admin') ? 'allowed' : 'refused';
          const got = verdict(await send(caller, { method, url, ...(payload ? { payload } : {}) }));
          if (got !== expected) mismatches.push(`${route} by ${caller.name}: ${got}, expected ${expected}`);
        }
      }
      assert.deepEqual(mismatches, []);
    });

    // ---- fields and targets that need more than their route ----------------------------------

    const fresh = async (input: { is_admin?: boolean; status?: UserStatus } = {}) =>
      createUser(t, { name: `person-${engine}-${names++}`, ...input });

    /** A provider an administrator is linked through (unlinking them changes their sign-in state). */
    async function providerLinkedToAnAdmin(): Promise<string> {
      const n = names++;
      const provider = await t.services.providers.create(systemActor, {
        type: 'oidc', name: `linked-${n}`, issuer: 'https://idp.example', client_id: 'deskgate',
      });
      const boss = await fresh({ is_admin: true });
      await t.database.db.kysely
        .insertInto('user_identities')
        .values({ id: randomUUID(), user_id: boss.id, provider_id: provider.id, issuer: 'https://idp.example', subject: `boss-${n}`, email: '', created_at: 0, last_sign_in_at: 0 })
        .execute();
      return provider.id;
    }

    interface FieldRow {
      route: string;
      /** The README's "Field or target" and "Also needs" cells. */
      what: string;
      needs: string;
      /** The scope this instance of the row needs besides the route's. */
      scope: string;
      request(): Promise<{ method: Method; url: string; payload?: unknown }>;
    }

    const admin = '`admin`';
    const fieldRows: FieldRow[] = [
      {
        route: 'POST /api/admin/users', what: '`is_admin: true`', needs: admin, scope: 'admin',
        request: async () => ({ method: 'POST', url: '/api/admin/users', payload: { name: `made-${engine}-${names++}`, password: PASSWORD, is_admin: true } }),
      },
      {
        // No mail server here: a caller allowed to invite an administrator gets mail.not_configured.
        route: 'POST /api/admin/invitations', what: '`is_admin: true`', needs: admin, scope: 'admin',
        request: async () => ({ method: 'POST', url: '/api/admin/invitations', payload: { email: `boss-${names++}@example.com`, is_admin: true } }),
      },
      {
        route: 'PATCH /api/admin/users/{id}', what: '`is_admin`, either way', needs: admin, scope: 'admin',
        request: async () => ({ method: 'PATCH', url: `/api/admin/users/${(await fresh()).id}`, payload: { is_admin: true } }),
      },
      {
        route: 'PATCH /api/admin/users/{id}', what: '`is_admin`, either way', needs: admin, scope: 'admin',
        request: async () => ({ method: 'PATCH', url: `/api/admin/users/${(await fresh({ is_admin: true })).id}`, payload: { is_admin: false } }),
      },
      {
        route: 'PATCH /api/admin/users/{id}', what: '`status` of an administrator', needs: admin, scope: 'admin',
        request: async () => ({ method: 'PATCH', url: `/api/admin/users/${(await fresh({ is_admin: true })).id}`, payload: { status: 0 } }),
      },
      {
        route: 'POST /api/admin/users/{id}/disable', what: 'an administrator', needs: admin, scope: 'admin',
        request: async () => ({ method: 'POST', url: `/api/admin/users/${(await fresh({ is_admin: true })).id}/disable` }),
      },
      {
        route: 'POST /api/admin/users/{id}/enable', what: 'an administrator', needs: admin, scope: 'admin',
        request: async () => ({ method: 'POST', url: `/api/admin/users/${(await fresh({ is_admin: true, status: 0 })).id}/enable` }),
      },
      {
        route: 'POST /api/admin/users/{id}/password', what: 'an administrator', needs: admin, scope: 'admin',
        request: async () => ({ method: 'POST', url: `/api/admin/users/${(await fresh({ is_admin: true })).id}/password`, payload: { password: 'a new password 1' } }),
      },
      {
        route: 'POST /api/admin/users/{id}/sign-out', what: 'an administrator', needs: admin, scope: 'admin',
        request: async () => ({ method: 'POST', url: `/api/admin/users/${(await fresh({ is_admin: true })).id}/sign-out` }),
      },
      {
        route: 'DELETE /api/admin/users/{id}', what: 'an administrator', needs: admin, scope: 'admin',
        request: async () => ({ method: 'DELETE', url: `/api/admin/users/${(await fresh({ is_admin: true })).id}` }),
      },
      {
        // An unknown identity: a caller that gets past the check meets identity.not_found (404).
        route: 'DELETE /api/admin/users/{id}/identities/{identityId}', what: 'an administrator', needs: admin, scope: 'admin',
        request: async () => ({ method: 'DELETE', url: `/api/admin/users/${(await fresh({ is_admin: true })).id}/identities/${randomUUID()}` }),
      },
      {
        route: 'POST /api/admin/users/{id}/identities/{identityId}/move', what: 'an administrator’s identity, or to an administrator (`user_id`)', needs: admin, scope: 'admin',
        request: async () => ({
          method: 'POST',
          url: `/api/admin/users/${(await fresh({ is_admin: true })).id}/identities/${randomUUID()}/move`,
          payload: { user_id: (await fresh()).id },
        }),
      },
      {
        route: 'POST /api/admin/users/{id}/identities/{identityId}/move', what: 'an administrator’s identity, or to an administrator (`user_id`)', needs: admin, scope: 'admin',
        request: async () => ({
          method: 'POST',
          url: `/api/admin/users/${(await fresh()).id}/identities/${randomUUID()}/move`,
          payload: { user_id: (await fresh({ is_admin: true })).id },
        }),
      },
      {
        route: 'PUT /api/admin/oidc/settings', what: '`password_login`', needs: '`settings:write`', scope: 'settings:write',
        request: async () => ({ method: 'PUT', url: '/api/admin/oidc/settings', payload: { password_login: true } }),
      },
      ...(['public_url', 'max_authorized_users', 'confirm_client_sign_in'] as const).map(
        (name): FieldRow => ({
          route: 'PUT /api/admin/settings', what: '`public_url`, `max_authorized_users`, `confirm_client_sign_in`', needs: '`oidc:write`', scope: 'oidc:write',
          request: async () => ({
            method: 'PUT',
            url: '/api/admin/settings',
            payload: { [name]: { public_url: '', max_authorized_users: 0, confirm_client_sign_in: true }[name] },
          }),
        }),
      ),
      {
        route: 'PATCH /api/admin/oidc/providers/{id}', what: '`unlink_identities: true` with an administrator linked', needs: admin, scope: 'admin',
        request: async () => ({
          method: 'PATCH',
          url: `/api/admin/oidc/providers/${await providerLinkedToAnAdmin()}`,
          payload: { issuer: 'https://elsewhere.example', unlink_identities: true },
        }),
      },
      {
        route: 'DELETE /api/admin/oidc/providers/{id}', what: 'a provider with an administrator linked', needs: admin, scope: 'admin',
        request: async () => ({ method: 'DELETE', url: `/api/admin/oidc/providers/${await providerLinkedToAnAdmin()}` }),
      },
      ...(['POST /api/admin/oidc/providers', 'PATCH /api/admin/oidc/providers/{id}'] as const).map(
        (route): FieldRow => ({
          route, what: '`policy.admin_groups`, set or changed', needs: admin, scope: 'admin',
          request: async () => {
            const policy = { groups_claim: 'groups', admin_groups: [`admins-${names++}`] };
            if (route.startsWith('POST')) {
              return { method: 'POST', url: '/api/admin/oidc/providers', payload: { type: 'oidc', name: `admins-${names++}`, issuer: 'https://idp.example', client_id: 'deskgate', policy } };
            }
            const made = await t.services.providers.create(systemActor, { type: 'oidc', name: `admins-${names++}`, issuer: 'https://idp.example', client_id: 'deskgate' });
            return { method: 'PATCH', url: `/api/admin/oidc/providers/${made.id}`, payload: { policy } };
          },
        }),
      ),
      ...(
        [
          ['url', 'ldap://directory.example:389'],
          ['start_tls', true],
          ['ca_pem', ''],
          ['bind_dn', 'cn=other,dc=example,dc=com'],
          ['bind_password', 'another secret'],
          ['admin_group_dn', 'cn=admins,dc=example,dc=com'],
          ['nested_groups', true],
        ] as const
      ).map(
        ([field, value]): FieldRow => ({
          route: 'PUT /api/admin/ldap',
          what: '`url`, `start_tls`, `ca_pem`, `bind_dn`, `bind_password`, `admin_group_dn`, `nested_groups`, changed',
          needs: admin,
          scope: 'admin',
          // Each time a value the stored settings do not have (ca_pem: set first, then cleared).
          request: async () => {
            if (field === 'ca_pem') await t.store.settings.set('ldap', { ca_pem: 'x' }, 0);
            if (field === 'start_tls' || field === 'admin_group_dn' || field === 'nested_groups') {
              await t.store.settings.set('ldap', { start_tls: false, group_attribute: 'memberOf', admin_group_dn: '', nested_groups: false }, 0);
            }
            const fresh = field === 'url' || field === 'bind_dn' ? String(value).replace('example', `example${names++}`) : value;
            return { method: 'PUT', url: '/api/admin/ldap', payload: { [field]: fresh } };
          },
        }),
      ),
      {
        route: 'PATCH /api/admin/oidc/providers/{id}',
        what: 'a provider with `policy.admin_groups`: its type, issuer, tenant, endpoints, client ID or secret, `allow_insecure_http`, `subject_field`, `policy.groups_claim` or who may sign in',
        needs: admin, scope: 'admin',
        request: async () => {
          const policy = { groups_claim: 'groups', admin_groups: ['deskgate-admins'] };
          const made = await t.services.providers.create(systemActor, { type: 'oidc', name: `admins-${names++}`, issuer: 'https://idp.example', client_id: 'deskgate', policy });
          return { method: 'PATCH', url: `/api/admin/oidc/providers/${made.id}`, payload: { policy: { groups_claim: 'preferred_username' } } };
        },
      },
      ...(['POST /api/admin/oidc/providers', 'PATCH /api/admin/oidc/providers/{id}'] as const).map(
        (route): FieldRow => ({
          route, what: '`policy.link_by_verified_email: true`, turned on', needs: '`users:write`', scope: 'users:write',
          request: async () => {
            const policy = { link_by_verified_email: true };
            if (route.startsWith('POST')) {
              return { method: 'POST', url: '/api/admin/oidc/providers', payload: { type: 'oidc', name: `by-email-${names++}`, issuer: 'https://idp.example', client_id: 'deskgate', policy } };
            }
            const made = await t.services.providers.create(systemActor, { type: 'oidc', name: `by-email-${names++}`, issuer: 'https://idp.example', client_id: 'deskgate' });
            return { method: 'PATCH', url: `/api/admin/oidc/providers/${made.id}`, payload: { policy } };
          },
        }),
      ),
      {
        route: 'PATCH /api/admin/oidc/providers/{id}',
        what: 'a provider with `policy.link_by_verified_email`: its type, issuer, tenant, endpoints, client ID or secret, `allow_insecure_http`, `subject_field`',
        needs: '`users:write`', scope: 'users:write',
        request: async () => {
          const policy = { link_by_verified_email: true };
          const made = await t.services.providers.create(systemActor, { type: 'oidc', name: `by-email-${names++}`, issuer: 'https://idp.example', client_id: 'deskgate', policy });
          return { method: 'PATCH', url: `/api/admin/oidc/providers/${made.id}`, payload: { issuer: 'https://elsewhere.example' } };
        },
      },
      ...(['admin', 'users:write', 'settings:read'] as const).map(
        (scope): FieldRow => ({
          route: 'POST /api/admin/tokens', what: 'each scope in `scopes`', needs: 'that scope', scope,
          request: async () => ({ method: 'POST', url: '/api/admin/tokens', payload: { name: `minted-${names++}`, scopes: [scope] } }),
        }),
      ),
    ];

    it('lists in the README exactly the fields and targets this test checks', () => {
      const tested = new Set(fieldRows.map((row) => `${row.route} | ${row.what} | ${row.needs}`));
      assert.deepEqual([...readmeFieldRows()].sort(), [...tested].sort());
    });

    it('allows each field or target to exactly the callers holding its route’s scope and its own', async () => {
      const routeScopes = readmeRouteScopes();
      const mismatches: string[] = [];
      for (const row of fieldRows) {
        for (const caller of callers) {
          const routeScope = routeScopes.get(row.route) ?? 'admin';
          const expected = holds(caller.scopes, routeScope) && holds(caller.scopes, row.scope) ? 'allowed' : 'refused';
          const got = verdict(await send(caller, await row.request()));
          if (got !== expected) mismatches.push(`${row.route} ${row.what} (${row.scope}) by ${caller.name}: ${got}, expected ${expected}`);
        }
      }
      assert.deepEqual(mismatches, []);
    });

    it('still lets users:write manage people who are not administrators, and an administrator’s profile and groups', async () => {
      const writer = callers.find((c) => c.name === 'a users:write token')!;
      const person = await fresh();
      const boss = await fresh({ is_admin: true });
      const ok = async (request: { method: Method; url: string; payload?: unknown }) => {
        const response = await send(writer, request);
        assert.ok(response.statusCode < 300, `${request.method} ${request.url}: ${response.statusCode} ${response.body}`);
      };
      await ok({ method: 'POST', url: '/api/admin/users', payload: { name: `worker-${engine}`, password: PASSWORD, is_admin: false } });
      await ok({ method: 'PATCH', url: `/api/admin/users/${person.id}`, payload: { status: 0, is_admin: false, note: 'x' } });
      await ok({ method: 'POST', url: `/api/admin/users/${person.id}/enable` });
      await ok({ method: 'POST', url: `/api/admin/users/${person.id}/password`, payload: { password: 'a new password 1' } });
      await ok({ method: 'POST', url: `/api/admin/users/${person.id}/sign-out` });
      await ok({ method: 'PATCH', url: `/api/admin/users/${boss.id}`, payload: { display_name: 'The Boss', note: 'unchanged rights', is_admin: true, status: 1 } });
      await ok({ method: 'DELETE', url: `/api/admin/users/${person.id}` });
    });

    it('never lets a users:write token turn itself into an administrator through a user it made', async () => {
      const writer = callers.find((c) => c.name === 'a users:write token')!;
      const made = await send(writer, { method: 'POST', url: '/api/admin/users', payload: { name: `mole-${engine}`, password: PASSWORD } });
      assert.equal(made.statusCode, 201, made.body);
      const { id } = made.json() as { id: string };
      for (const payload of [{ is_admin: true }, { is_admin: true, status: 1 }]) {
        assert.equal((await send(writer, { method: 'PATCH', url: `/api/admin/users/${id}`, payload })).statusCode, 403);
      }
      const session = await signInConsole(t, `mole-${engine}`);
      const mint = await send({ name: 'mole', scopes: undefined, headers: session.headers }, { method: 'POST', url: '/api/admin/tokens', payload: { name: 'x', scopes: ['admin'] } });
      assert.equal(mint.statusCode, 403);
      assert.equal((await t.services.users.findByName(`mole-${engine}`))?.is_admin, false);
    });
  });
}
