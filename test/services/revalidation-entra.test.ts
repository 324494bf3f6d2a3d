/**
 * Re-validating people who signed in through Microsoft Entra ID's multi-tenant authority
 * (`organizations`), whose discovery names the `{tenantid}` issuer template: the refreshed ID
 * token carries the issuer of the person's tenant. Entra is simulated through openid-client's
 * customFetch, as in test/oidc/entra*.test.ts, so the library's own `{tenantid}` handling runs
 * as in production; this Entra also answers refresh tokens (rotating them, as Entra does).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { systemActor } from '../../src/services/audit.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { createProvider } from '../support/fixtures.js';

const MINUTE = 60_000;
const ORIGIN = 'https://login.microsoftonline.com';
const CONTOSO = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const FABRIKAM = 'f00dcafe-0000-4000-8000-0000000000ff';
const CLIENT_ID = '0e8a7c51-2b3d-4f60-8a1e-9c2d4b6f8a10';
const issuerOf = (tid: string) => `${ORIGIN}/${tid}/v2.0`;

interface Person {
  tid: string;
  oid: string;
}
const adele: Person = { tid: CONTOSO, oid: 'b3f1c2d4-0000-4000-8000-00000000beef' };

/** Entra ID without the network, for the `organizations` authority, with refresh tokens. */
async function fakeEntra() {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'entra-key', use: 'sig' };
  const codes = new Map<string, { nonce: string; person: Person }>();
  const refreshTokens = new Map<string, Person>();
  /** Who the next refresh answers' ID tokens name instead of the grant's person (a test's what-if). */
  let refreshAs: Person | undefined;
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

  async function idToken(person: Person, nonce?: string) {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ ver: '2.0', tid: person.tid, oid: person.oid, name: 'Adele Vance', preferred_username: 'adele@contoso.example', ...(nonce ? { nonce } : {}) })
      .setProtectedHeader({ alg: 'RS256', kid: 'entra-key', typ: 'JWT' })
      .setIssuer(issuerOf(person.tid))
      .setAudience(CLIENT_ID)
      .setSubject(`pairwise-${person.tid}-${person.oid}`)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(privateKey);
  }

  async function tokens(person: Person, nonce?: string) {
    const refreshToken = crypto.randomUUID();
    refreshTokens.set(refreshToken, person);
    return json({ token_type: 'Bearer', access_token: 'at', expires_in: 3600, refresh_token: refreshToken, id_token: await idToken(person, nonce) });
  }

  const fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const url = new URL(input);
    if (url.origin !== ORIGIN) return new Response('offline', { status: 599 });
    if (url.pathname === '/organizations/v2.0/.well-known/openid-configuration') {
      return json({
        issuer: `${ORIGIN}/{tenantid}/v2.0`,
        authorization_endpoint: `${ORIGIN}/organizations/oauth2/v2.0/authorize`,
        token_endpoint: `${ORIGIN}/organizations/oauth2/v2.0/token`,
        jwks_uri: `${ORIGIN}/organizations/discovery/v2.0/keys`,
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        response_modes_supported: ['query', 'fragment', 'form_post'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      });
    }
    if (url.pathname === '/organizations/discovery/v2.0/keys') return json({ keys: [jwk] });
    if (url.pathname === '/organizations/oauth2/v2.0/token') {
      const form = new URLSearchParams(String(init.body));
      if (form.get('grant_type') === 'refresh_token') {
        const person = refreshTokens.get(form.get('refresh_token') ?? '');
        if (!person) return json({ error: 'invalid_grant', error_description: 'AADSTS70000: The provided grant is invalid' }, 400);
        refreshTokens.delete(form.get('refresh_token') ?? '');
        return tokens(refreshAs ?? person);
      }
      const grant = codes.get(form.get('code') ?? '');
      if (!grant || !form.get('code_verifier')) return json({ error: 'invalid_grant' }, 400);
      codes.delete(form.get('code') ?? '');
      return tokens(grant.person, grant.nonce);
    }
    return json({ error: 'not_found' }, 404);
  };

  return {
    fetch,
    issue(nonce: string, person: Person): string {
      const code = crypto.randomUUID();
      codes.set(code, { nonce, person });
      return code;
    },
    refreshAs(person: Person | undefined) {
      refreshAs = person;
    },
  };
}

for (const engine of await testEngines()) {
  describe(`re-validating Entra ID people of a multi-tenant provider (${engine})`, () => {
    let t: TestApp;
    let entra: Awaited<ReturnType<typeof fakeEntra>>;
    let providerId: string;

    before(async () => {
      entra = await fakeEntra();
      t = await buildTestApp(engine, { oidcFetch: entra.fetch });
      providerId = (
        await createProvider(t, {
          type: 'azure',
          name: 'orgs',
          client_id: CLIENT_ID,
          client_secret: 'entra-secret-value',
          tenant_id: 'organizations',
          policy: { allowed_tenants: [CONTOSO, FABRIKAM] },
        })
      ).id;
    });
    after(() => t.close());

    /** Adele signs in to the console through the provider; answers her session cookie. */
    async function signIn(): Promise<string> {
      const start = await t.app.inject({ method: 'GET', url: '/api/oidc/login/orgs' });
      assert.equal(start.statusCode, 302, start.body);
      const authorize = new URL(String(start.headers.location));
      assert.ok(authorize.searchParams.get('scope')?.split(' ').includes('offline_access'));
      const code = entra.issue(authorize.searchParams.get('nonce') ?? '', adele);
      const callback = await t.app.inject({
        method: 'GET',
        url: `/api/oidc/callback?${new URLSearchParams({ code, state: authorize.searchParams.get('state') ?? '' })}`,
        headers: { cookie: String(start.headers['set-cookie']).split(';')[0] ?? '' },
      });
      assert.equal(callback.statusCode, 302, callback.body);
      const cookie = /deskgate_session=[^;]+/.exec(String(callback.headers['set-cookie']))?.[0];
      assert.ok(cookie, 'signed in');
      return cookie;
    }

    const sessionLive = async (cookie: string) => (await t.app.inject({ method: 'GET', url: '/api/session', headers: { cookie } })).statusCode === 200;

    async function adeleLink() {
      const links = await t.store.db.kysely.selectFrom('user_identities').selectAll().where('provider_id', '=', providerId).execute();
      assert.equal(links.length, 1, 'one link: Adele’s');
      return links[0]!;
    }

    const refusals = async (userId: string) =>
      (
        await t.store.db.kysely
          .selectFrom('console_audit')
          .select('detail')
          .where('target_id', '=', userId)
          .where('action', '=', 'identity.revalidation_failed')
          .orderBy('created_at')
          .execute()
      ).map((row) => JSON.parse(row.detail) as Record<string, unknown>);

    it('keeps Adele signed in while the refreshed ID token names her, in her allowed tenant', async () => {
      t.clock.set(Date.now());
      const cookie = await signIn();
      const first = await adeleLink();
      assert.equal(first.issuer, issuerOf(CONTOSO), 'linked under her tenant’s own issuer');
      assert.deepEqual([first.tenant_id, first.object_id], [adele.tid, adele.oid]);
      assert.match(first.refresh_token, /^v1\./);

      for (let round = 0; round < 2; round++) {
        t.clock.advance(61 * MINUTE);
        assert.deepEqual(await t.services.maintenance.revalidate(), { valid: 1, refused: 0, unanswered: 0 });
      }
      const link = await adeleLink();
      assert.notEqual(link.refresh_token, first.refresh_token, 'the rotated refresh token is kept');
      assert.deepEqual([link.user_id, link.tenant_id, link.object_id], [first.user_id, adele.tid, adele.oid]);
      assert.equal(await sessionLive(cookie), true);
      assert.deepEqual(await refusals(link.user_id), []);
    });

    it('ends her sign-ins when the refreshed ID token names another tenant, allowed or not', async () => {
      // Fabrikam is on the list too: what is refused is the change of person, not the tenant.
      for (const [tid, oid] of [
        [FABRIKAM, adele.oid],
        [CONTOSO, 'd5b3e4f6-0000-4000-8000-0000000000bb'],
      ] as const) {
        t.clock.set(Date.now());
        const cookie = await signIn();
        const { user_id } = await adeleLink();
        const before = (await refusals(user_id)).length;
        t.clock.advance(61 * MINUTE);
        entra.refreshAs({ tid, oid });
        try {
          assert.deepEqual(await t.services.maintenance.revalidate(), { valid: 0, refused: 1, unanswered: 0 });
        } finally {
          entra.refreshAs(undefined);
        }
        assert.equal(await sessionLive(cookie), false);
        const link = await adeleLink();
        assert.equal(link.refresh_token, '', 'the refresh token is forgotten');
        assert.deepEqual([link.tenant_id, link.object_id], [adele.tid, adele.oid], 'her link keeps her identity');
        const detail = (await refusals(user_id))[before];
        assert.equal(detail?.error, 'oidc.subject_mismatch');
        assert.equal(detail?.provider, 'orgs');
        assert.ok(Number(detail?.console_sessions) >= 1);
      }
    });

    it('ends her sign-ins once her tenant is taken off allowed_tenants', async () => {
      t.clock.set(Date.now());
      const cookie = await signIn();
      const { user_id } = await adeleLink();
      const before = (await refusals(user_id)).length;
      await t.services.providers.update(systemActor, providerId, { policy: { allowed_tenants: [FABRIKAM] } });
      try {
        t.clock.advance(61 * MINUTE);
        assert.deepEqual(await t.services.maintenance.revalidate(), { valid: 0, refused: 1, unanswered: 0 });
      } finally {
        await t.services.providers.update(systemActor, providerId, { policy: { allowed_tenants: [CONTOSO, FABRIKAM] } });
      }
      assert.equal(await sessionLive(cookie), false);
      assert.equal((await adeleLink()).refresh_token, '');
      const detail = (await refusals(user_id))[before];
      assert.equal(detail?.error, 'oidc.tenant_not_allowed');
      assert.match(String(detail?.error_description), new RegExp(CONTOSO));
    });
  });
}
