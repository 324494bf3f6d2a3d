import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { buildTestApp, type TestApp } from '../support/app.js';
import { createApiToken } from '../support/fixtures.js';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ORIGIN = 'https://login.microsoftonline.com';
const ISSUER = `${ORIGIN}/${TENANT}/v2.0`;
const CLIENT_ID = '0e8a7c51-2b3d-4f60-8a1e-9c2d4b6f8a10';
const OTHER_TENANT = 'f00dcafe-0000-4000-8000-0000000000ff';

/**
 * Microsoft Entra ID without the network: openid-client's customFetch answers for
 * login.microsoftonline.com (spec/oidc-rp.md §5.5), so the library's own Entra handling runs
 * exactly as in production. Discovery lists no PKCE and no RFC 9207, as Entra's does.
 */
async function fakeEntra(tenantPath = TENANT) {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'entra-key', use: 'sig' };
  const codes = new Map<string, { nonce: string; verifier?: string }>();
  let tokenError: { error: string; error_description: string } | undefined;
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

  async function idToken(nonce: string, key: CryptoKey = privateKey) {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ tid: TENANT, oid: 'b3f1c2d4-0000-4000-8000-00000000beef', preferred_username: 'adele@contoso.com', name: 'Adele Vance', nonce })
      .setProtectedHeader({ alg: 'RS256', kid: 'entra-key', typ: 'JWT' })
      .setIssuer(ISSUER)
      .setAudience(CLIENT_ID)
      .setSubject('pairwise-subject-for-this-app')
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(key);
  }

  const fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const url = new URL(input);
    if (url.origin !== ORIGIN) return new Response('offline', { status: 599 });
    if (url.pathname === `/${tenantPath}/v2.0/.well-known/openid-configuration`) {
      return json({
        // A multi-tenant endpoint (organizations, common) names no tenant: `{tenantid}` stands for the token's `tid`.
        issuer: tenantPath === TENANT ? ISSUER : `${ORIGIN}/{tenantid}/v2.0`,
        authorization_endpoint: `${ORIGIN}/${tenantPath}/oauth2/v2.0/authorize`,
        token_endpoint: `${ORIGIN}/${tenantPath}/oauth2/v2.0/token`,
        jwks_uri: `${ORIGIN}/${tenantPath}/discovery/v2.0/keys`,
        userinfo_endpoint: 'https://graph.microsoft.com/oidc/userinfo',
        response_modes_supported: ['query', 'fragment', 'form_post'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      });
    }
    if (url.pathname === `/${tenantPath}/discovery/v2.0/keys`) return json({ keys: [jwk] });
    if (url.pathname === `/${tenantPath}/oauth2/v2.0/token`) {
      if (tokenError) return json(tokenError, 401);
      const form = new URLSearchParams(String(init.body));
      const grant = codes.get(form.get('code') ?? '');
      if (!grant || !form.get('code_verifier')) return json({ error: 'invalid_grant' }, 400);
      codes.delete(form.get('code') ?? '');
      return json({ token_type: 'Bearer', access_token: 'at', expires_in: 3600, id_token: await idToken(grant.nonce) });
    }
    return json({ error: 'not_found' }, 404);
  };

  return {
    fetch,
    issue(nonce: string): string {
      const code = crypto.randomUUID();
      codes.set(code, { nonce });
      return code;
    },
    failTokens(error: { error: string; error_description: string } | undefined) {
      tokenError = error;
    },
  };
}

describe('Microsoft Entra ID (simulated hosted provider)', () => {
  let t: TestApp;
  let entra: Awaited<ReturnType<typeof fakeEntra>>;
  let headers: Record<string, string>;

  before(async () => {
    entra = await fakeEntra();
    t = await buildTestApp('sqlite', { oidcFetch: entra.fetch });
    headers = (await createApiToken(t, ['oidc:write'])).headers;
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/admin/oidc/providers',
      headers,
      payload: { enabled: true, type: 'azure', client_id: CLIENT_ID, client_secret: 'entra-secret-value', tenant_id: TENANT },
    });
    assert.equal(created.statusCode, 201, created.body);
  });
  after(() => t.close());

  /** Starts a console sign-in and answers as Entra would: back to the callback with a code. */
  async function signIn() {
    const start = await t.app.inject({ method: 'GET', url: '/api/oidc/login/azure?return_to=/settings/oidc' });
    assert.equal(start.statusCode, 302, start.body);
    const authorize = new URL(String(start.headers.location));
    const txCookie = String(start.headers['set-cookie']).split(';')[0] ?? '';
    const code = entra.issue(authorize.searchParams.get('nonce') ?? '');
    const callback = await t.app.inject({
      method: 'GET',
      url: `/api/oidc/callback?${new URLSearchParams({ code, state: authorize.searchParams.get('state') ?? '', session_state: 'x' })}`,
      headers: { cookie: txCookie },
    });
    return { authorize, callback };
  }

  it('sends code + PKCE S256 + state + nonce to the tenant’s v2.0 endpoint even though discovery lists no PKCE', async () => {
    const { authorize, callback } = await signIn();
    assert.equal(authorize.origin + authorize.pathname, `${ORIGIN}/${TENANT}/oauth2/v2.0/authorize`);
    assert.equal(authorize.searchParams.get('client_id'), CLIENT_ID);
    assert.equal(authorize.searchParams.get('response_type'), 'code');
    assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
    assert.ok(authorize.searchParams.get('nonce'));
    assert.equal(authorize.searchParams.get('scope'), 'openid profile email');
    assert.match(String(authorize.searchParams.get('redirect_uri')), /\/api\/oidc\/callback$/);
    assert.equal(callback.statusCode, 302, callback.body);
    assert.equal(callback.headers.location, '/settings/oidc');
    assert.match(String(callback.headers['set-cookie']), /deskgate_session=/);
    const user = await t.services.users.findByName('adele');
    assert.equal(user?.display_name, 'Adele Vance');
  });

  it('explains an expired client secret (AADSTS7000222) on the error page', async () => {
    entra.failTokens({ error: 'invalid_client', error_description: 'AADSTS7000222: The provided client secret keys for app are expired.' });
    try {
      const { callback } = await signIn();
      assert.equal(callback.statusCode, 400);
      assert.match(callback.body, /The client secret has expired \(AADSTS7000222\)\. Create a new client secret/);
      assert.doesNotMatch(String(callback.headers['set-cookie']), /deskgate_session=[^;]/);
    } finally {
      entra.failTokens(undefined);
    }
  });

  it('says the same about a Secret ID pasted as the secret (AADSTS7000215) in the provider test and in a sign-in', async () => {
    const [provider] = (await t.app.inject({ method: 'GET', url: '/api/admin/oidc/providers', headers })).json() as { id: string }[];
    const test = async () =>
      (await t.app.inject({ method: 'POST', url: `/api/admin/oidc/providers/${provider?.id}/test`, headers })).json() as {
        ok: boolean;
        checks: { name: string; ok: boolean; message: string; url?: string }[];
      };
    // The right secret: the made-up code is refused (invalid_grant), the secret accepted.
    const passing = await test();
    assert.equal(passing.checks.find((c) => c.name === 'client_secret')?.ok, true, JSON.stringify(passing));

    const words = 'Entra ID refused the client secret: it is not a secret of this application (AADSTS7000215).';
    entra.failTokens({ error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID' });
    try {
      const report = await test();
      const secret = report.checks.find((c) => c.name === 'client_secret');
      assert.equal(secret?.ok, false);
      assert.equal(secret?.url, `${ORIGIN}/${TENANT}/oauth2/v2.0/token`);
      assert.ok(secret?.message.startsWith(words), secret?.message);
      assert.match(secret?.message ?? '', /not its Secret ID/);
      assert.doesNotMatch(JSON.stringify(report), /Ensure the secret being sent/);

      const { callback } = await signIn();
      assert.equal(callback.statusCode, 400);
      assert.match(callback.body, /Entra ID refused the client secret: it is not a secret of this application \(AADSTS7000215\)/);
      assert.match(callback.body, /not its Secret ID/);
    } finally {
      entra.failTokens(undefined);
    }
  });
});

describe('Microsoft Entra ID, multi-tenant (organizations)', () => {
  let t: TestApp;
  let entra: Awaited<ReturnType<typeof fakeEntra>>;

  before(async () => {
    entra = await fakeEntra('organizations');
    t = await buildTestApp('sqlite', { oidcFetch: entra.fetch });
    const { headers } = await createApiToken(t, ['oidc:write']);
    // A multi-tenant authority accepts any tenant: the provider lists those allowed (provider-policy.test.ts).
    const policy = { allowed_tenants: [TENANT] };
    for (const payload of [
      { type: 'azure', name: 'entra', client_id: CLIENT_ID, client_secret: 'entra-secret-value', tenant_id: 'organizations', policy },
      // The same app registration, open to another tenant only: Adele's tenant is refused.
      { type: 'azure', name: 'entra-elsewhere', client_id: CLIENT_ID, client_secret: 'entra-secret-value', tenant_id: 'organizations', policy: { allowed_tenants: [OTHER_TENANT] } },
      // An endpoint typed in by the administrator must not lose openid-client's `{tenantid}` handling.
      {
        type: 'azure',
        name: 'entra-pinned',
        client_id: CLIENT_ID,
        client_secret: 'entra-secret-value',
        tenant_id: 'organizations',
        authorization_endpoint: `${ORIGIN}/organizations/oauth2/v2.0/authorize?pinned=1`,
        policy,
      },
    ]) {
      const created = await t.app.inject({ method: 'POST', url: '/api/admin/oidc/providers', headers, payload: { enabled: true, ...payload } });
      assert.equal(created.statusCode, 201, created.body);
    }
  });
  after(() => t.close());

  for (const name of ['entra', 'entra-pinned']) {
    it(`accepts the issuer of the user’s tenant through ${name}`, async () => {
      const start = await t.app.inject({ method: 'GET', url: `/api/oidc/login/${name}` });
      assert.equal(start.statusCode, 302, start.body);
      const authorize = new URL(String(start.headers.location));
      assert.equal(authorize.searchParams.has('pinned'), name === 'entra-pinned');
      const code = entra.issue(authorize.searchParams.get('nonce') ?? '');
      const callback = await t.app.inject({
        method: 'GET',
        url: `/api/oidc/callback?${new URLSearchParams({ code, state: authorize.searchParams.get('state') ?? '' })}`,
        headers: { cookie: String(start.headers['set-cookie']).split(';')[0] ?? '' },
      });
      assert.equal(callback.statusCode, 302, callback.body);
      assert.match(String(callback.headers['set-cookie']), /deskgate_session=/);
      const links = await t.store.identities.find(ISSUER, 'pairwise-subject-for-this-app');
      assert.ok(links, 'linked under the tenant’s own issuer');
    });
  }

  it('refuses a person whose tenant (tid) is not on the provider’s list', async () => {
    const start = await t.app.inject({ method: 'GET', url: '/api/oidc/login/entra-elsewhere' });
    assert.equal(start.statusCode, 302, start.body);
    const authorize = new URL(String(start.headers.location));
    const code = entra.issue(authorize.searchParams.get('nonce') ?? '');
    const callback = await t.app.inject({
      method: 'GET',
      url: `/api/oidc/callback?${new URLSearchParams({ code, state: authorize.searchParams.get('state') ?? '' })}`,
      headers: { cookie: String(start.headers['set-cookie']).split(';')[0] ?? '' },
    });
    assert.equal(callback.statusCode, 403, callback.body);
    assert.match(callback.body, /Microsoft Entra organisation may not sign in here/);
    assert.doesNotMatch(String(callback.headers['set-cookie']), /deskgate_session=[^;]/);
  });
});
