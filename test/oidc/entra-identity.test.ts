/**
 * Who a person is at Microsoft Entra ID: (provider, tid, oid), not the pairwise `sub`
 * (spec/oidc-rp.md §2.3, §2.7). Entra is simulated through openid-client's customFetch, as in
 * entra.test.ts, so the library's own `{tenantid}` handling runs as in production; here the
 * simulated Entra signs tokens for any person, tenant and app registration.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { createApiToken, createUser, NO_ENTRA_KEY, signInConsole } from '../support/fixtures.js';
import { newId } from '../../src/services/secrets.js';

const ORIGIN = 'https://login.microsoftonline.com';
const CONTOSO = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const FABRIKAM = 'f00dcafe-0000-4000-8000-0000000000ff';
const CLIENT_ID = '0e8a7c51-2b3d-4f60-8a1e-9c2d4b6f8a10';
/** The app registration that replaces CLIENT_ID (a new client id: a new pairwise `sub` for everyone). */
const NEW_CLIENT_ID = '5d2b9e04-7c1a-4b3e-9f60-1a2b3c4d5e6f';

/** A person at Entra: the claims their ID token carries. `omit` leaves claims out. */
interface Person {
  tid: string;
  oid: string;
  preferred_username?: string;
  name?: string;
  email?: string;
  email_verified?: boolean;
  omit?: ('tid' | 'oid')[];
}

const issuerOf = (tid: string) => `${ORIGIN}/${tid}/v2.0`;

/** Entra's `sub` is pairwise: one person has another subject in each app registration. */
function pairwise(clientId: string, person: Pick<Person, 'tid' | 'oid'>): string {
  return createHash('sha256').update(`${clientId}|${person.tid}|${person.oid}`).digest('base64url').slice(0, 43);
}

/**
 * Entra ID without the network: any authority (a tenant GUID, `organizations`, `common`); a
 * GUID's discovery names its issuer, a multi-tenant one the `{tenantid}` template. Tokens are
 * for the app registration that asks (its client id in the Basic header or the form).
 */
async function fakeEntra() {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'entra-key', use: 'sig' };
  const codes = new Map<string, { nonce: string; person: Person }>();
  let tokenError: { error: string; error_description: string } | undefined;
  const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

  function clientOf(init: RequestInit, form: URLSearchParams): string {
    const basic = /^Basic (.+)$/.exec(new Headers(init.headers).get('authorization') ?? '')?.[1];
    if (basic) return decodeURIComponent(Buffer.from(basic, 'base64').toString().split(':')[0] ?? '');
    return form.get('client_id') ?? '';
  }

  async function idToken(clientId: string, nonce: string, person: Person) {
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = { nonce, ver: '2.0', tid: person.tid, oid: person.oid };
    for (const claim of ['preferred_username', 'name', 'email', 'email_verified'] as const) if (person[claim] !== undefined) claims[claim] = person[claim];
    for (const claim of person.omit ?? []) delete claims[claim];
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'entra-key', typ: 'JWT' })
      .setIssuer(issuerOf(person.tid))
      .setAudience(clientId)
      .setSubject(pairwise(clientId, person))
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(privateKey);
  }

  const fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const url = new URL(input);
    if (url.origin !== ORIGIN) return new Response('offline', { status: 599 });
    const [, authority = '', ...rest] = url.pathname.split('/');
    const path = `/${rest.join('/')}`;
    if (path === '/v2.0/.well-known/openid-configuration') {
      return json({
        issuer: /^[0-9a-f-]{36}$/.test(authority) ? issuerOf(authority) : `${ORIGIN}/{tenantid}/v2.0`,
        authorization_endpoint: `${ORIGIN}/${authority}/oauth2/v2.0/authorize`,
        token_endpoint: `${ORIGIN}/${authority}/oauth2/v2.0/token`,
        jwks_uri: `${ORIGIN}/${authority}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      });
    }
    if (path === '/discovery/v2.0/keys') return json({ keys: [jwk] });
    if (path === '/oauth2/v2.0/token') {
      if (tokenError) return json(tokenError, 400);
      const form = new URLSearchParams(String(init.body));
      const grant = codes.get(form.get('code') ?? '');
      if (!grant || !form.get('code_verifier')) return json({ error: 'invalid_grant' }, 400);
      codes.delete(form.get('code') ?? '');
      return json({ token_type: 'Bearer', access_token: 'at', expires_in: 3600, id_token: await idToken(clientOf(init, form), grant.nonce, grant.person) });
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
    failTokens(error: { error: string; error_description: string } | undefined) {
      tokenError = error;
    },
  };
}

const adele: Person = { tid: CONTOSO, oid: 'b3f1c2d4-0000-4000-8000-00000000beef', preferred_username: 'adele@contoso.example', name: 'Adele Vance', email: 'adele.vance@contoso.example' };
const megan: Person = { tid: FABRIKAM, oid: 'c4a2d3e5-0000-4000-8000-0000000000aa', preferred_username: 'megan@fabrikam.example', name: 'Megan Bowen' };

for (const engine of await testEngines()) {
  describe(`Microsoft Entra ID identities (${engine})`, () => {
    let t: TestApp;
    let entra: Awaited<ReturnType<typeof fakeEntra>>;
    let headers: Record<string, string>;
    const ids = new Map<string, string>();

    before(async () => {
      entra = await fakeEntra();
      t = await buildTestApp(engine, { oidcFetch: entra.fetch });
      headers = (await createApiToken(t, ['oidc:write', 'users:read'])).headers;
      const secret = 'entra-secret-value';
      for (const payload of [
        { name: 'contoso', tenant_id: CONTOSO },
        // Multi-tenant authorities: only the tenants listed (spec/oidc-rp.md §2.2).
        { name: 'orgs', tenant_id: 'organizations', policy: { allowed_tenants: [CONTOSO] } },
        { name: 'everyone', tenant_id: 'common', policy: { allowed_tenants: [FABRIKAM] } },
        { name: 'replaced', tenant_id: CONTOSO },
        { name: 'legacy', tenant_id: CONTOSO },
        { name: 'checks', tenant_id: CONTOSO },
        { name: 'connect', tenant_id: CONTOSO },
      ]) {
        const created = await t.app.inject({
          method: 'POST',
          url: '/api/admin/oidc/providers',
          headers,
          payload: { enabled: true, type: 'azure', client_id: CLIENT_ID, client_secret: secret, ...payload },
        });
        assert.equal(created.statusCode, 201, created.body);
        ids.set(payload.name, (created.json() as { id: string }).id);
      }
    });
    after(() => t.close());

    /** A console sign-in through `provider`, answered by Entra for `person` (`error`: Entra's refusal on the way back instead). */
    async function signIn(provider: string, person: Person, options: { cookie?: string; url?: string; error?: Record<string, string> } = {}) {
      const start = await t.app.inject({ method: 'GET', url: options.url ?? `/api/oidc/login/${provider}` });
      assert.equal(start.statusCode, 302, start.body);
      const authorize = new URL(String(start.headers.location));
      const state = authorize.searchParams.get('state') ?? '';
      const answer = options.error ?? { code: entra.issue(authorize.searchParams.get('nonce') ?? '', person) };
      const txCookie = String(start.headers['set-cookie']).split(';')[0] ?? '';
      const callback = await t.app.inject({
        method: 'GET',
        url: `/api/oidc/callback?${new URLSearchParams({ ...answer, state })}`,
        headers: { cookie: options.cookie ? `${txCookie}; ${options.cookie}` : txCookie },
      });
      const signedIn = /deskgate_session=[^;]/.test(String(callback.headers['set-cookie']));
      return { authorize, callback, signedIn };
    }

    const linksOf = async (provider: string) =>
      (await t.database.db.kysely.selectFrom('user_identities').selectAll().where('provider_id', '=', ids.get(provider) ?? '').execute()).sort((a, b) => a.created_at - b.created_at);

    /** The latest failed sign-in through a provider, as Logs → Failed sign-ins shows it. */
    const lastFailure = async (provider: string) =>
      t.database.db.kysely
        .selectFrom('login_failures')
        .select(['reason', 'detail'])
        .where('provider_id', '=', ids.get(provider) ?? '')
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirst();

    it('single tenant: links the person by tenant and object id, and finds them by those next time', async () => {
      const first = await signIn('contoso', adele);
      assert.equal(first.callback.statusCode, 302, first.callback.body);
      assert.ok(first.signedIn);
      const [link] = await linksOf('contoso');
      assert.deepEqual([link?.issuer, link?.subject, link?.tenant_id, link?.object_id], [issuerOf(CONTOSO), pairwise(CLIENT_ID, adele), CONTOSO, adele.oid]);
      const user = await t.services.users.findByName('adele');
      assert.equal(link?.user_id, user?.id);

      t.clock.advance(60_000);
      const again = await signIn('contoso', adele);
      assert.ok(again.signedIn, again.callback.body);
      const links = await linksOf('contoso');
      assert.equal(links.length, 1);
      assert.equal(links[0]?.last_sign_in_at, t.clock.now());

      // The administrators' view names the tenant.
      const listed = await t.app.inject({ method: 'GET', url: `/api/admin/users/${user?.id}/identities`, headers });
      assert.equal(listed.statusCode, 200, listed.body);
      const [shown] = listed.json() as { provider_name: string; tenant_id: string; last_sign_in_at: number }[];
      assert.deepEqual([shown?.provider_name, shown?.tenant_id, shown?.last_sign_in_at], ['contoso', CONTOSO, t.clock.now()]);
    });

    for (const [provider, authority, allowed, foreign] of [
      ['orgs', 'organizations', adele, megan],
      ['everyone', 'common', megan, adele],
    ] as const) {
      it(`${authority}: admits a person of a listed tenant and refuses another tenant's, making nothing`, async () => {
        const admitted = await signIn(provider, allowed);
        assert.equal(admitted.authorize.pathname, `/${authority}/oauth2/v2.0/authorize`);
        assert.equal(admitted.callback.statusCode, 302, admitted.callback.body);
        assert.ok(admitted.signedIn);
        const [link] = await linksOf(provider);
        // Linked under the person's own tenant's issuer, not the `{tenantid}` template.
        assert.deepEqual([link?.issuer, link?.tenant_id, link?.object_id], [issuerOf(allowed.tid), allowed.tid, allowed.oid]);
        // Returning: found again, the issuer checked against the one the link was made under.
        const returning = await signIn(provider, allowed);
        assert.ok(returning.signedIn, returning.callback.body);
        assert.equal((await linksOf(provider)).length, 1);

        const usersBefore = (await t.database.db.kysely.selectFrom('users').select('id').execute()).length;
        const refused = await signIn(provider, foreign);
        assert.equal(refused.callback.statusCode, 403, refused.callback.body);
        assert.match(refused.callback.body, /Microsoft Entra organisation may not sign in here/);
        assert.equal(refused.signedIn, false);
        assert.equal((await linksOf(provider)).length, 1);
        assert.equal((await lastFailure(provider))?.reason, 'oidc.tenant_not_allowed');
        assert.equal((await t.database.db.kysely.selectFrom('users').select('id').execute()).length, usersBefore);
      });
    }

    it('keeps a person in their account when the app registration is replaced (a new client id, so a new pairwise sub)', async () => {
      const before = await signIn('replaced', { ...adele, preferred_username: 'adele.replaced@contoso.example' });
      assert.ok(before.signedIn, before.callback.body);
      const [link] = await linksOf('replaced');
      assert.equal(link?.subject, pairwise(CLIENT_ID, adele));

      // The administrator registers a new app and pastes its client id and secret.
      const changed = await t.app.inject({
        method: 'PATCH',
        url: `/api/admin/oidc/providers/${ids.get('replaced')}`,
        headers,
        payload: { client_id: NEW_CLIENT_ID, client_secret: 'new-secret-value' },
      });
      assert.equal(changed.statusCode, 200, changed.body);

      const after = await signIn('replaced', adele);
      assert.ok(after.signedIn, after.callback.body);
      assert.equal(after.authorize.searchParams.get('client_id'), NEW_CLIENT_ID);
      const links = await linksOf('replaced');
      assert.equal(links.length, 1, 'no second link, no second account');
      assert.equal(links[0]?.user_id, link?.user_id);
      // The link now holds the new registration's subject (back-channel logout names it).
      assert.equal(links[0]?.subject, pairwise(NEW_CLIENT_ID, adele));
      assert.equal(await t.services.users.findByName('adele-2'), undefined);
    });

    it('fills in tenant and object id of a link made before they were kept, at its next sign-in', async () => {
      const user = await createUser(t, { name: 'nestor' });
      const nestor: Person = { tid: CONTOSO, oid: 'd5b3e4f6-0000-4000-8000-0000000000bb', preferred_username: 'nestor@contoso.example' };
      const now = t.clock.now();
      await t.store.identities.insert({
        ...NO_ENTRA_KEY,
        id: newId(),
        user_id: user.id,
        provider_id: ids.get('legacy') ?? '',
        issuer: issuerOf(CONTOSO),
        subject: pairwise(CLIENT_ID, nestor),
        email: '',
        created_at: now,
        last_sign_in_at: now,
      });
      const signedIn = await signIn('legacy', nestor);
      assert.ok(signedIn.signedIn, signedIn.callback.body);
      const links = await linksOf('legacy');
      assert.equal(links.length, 1);
      assert.deepEqual([links[0]?.user_id, links[0]?.tenant_id, links[0]?.object_id], [user.id, CONTOSO, nestor.oid]);
      assert.equal(await t.services.users.findByName('nestor@contoso.example'), undefined);
    });

    it('refuses an ID token without oid or tid, and makes nothing', async () => {
      for (const omit of [['oid'], ['tid']] as const) {
        const person: Person = { tid: CONTOSO, oid: 'e6c4f5a7-0000-4000-8000-0000000000cc', preferred_username: `no-${omit[0]}@contoso.example`, omit: [...omit] };
        const refused = await signIn('checks', person);
        assert.equal(refused.callback.statusCode, 400, refused.callback.body);
        assert.equal(refused.signedIn, false);
        assert.equal(await t.services.users.findByName(`no-${omit[0]}`), undefined);
        const failure = await lastFailure('checks');
        assert.equal(failure?.reason, 'oidc.claim_missing');
        assert.match(failure?.detail ?? '', new RegExp(`Entra ID token has no ${omit[0]}`));
      }
      assert.equal((await linksOf('checks')).length, 0);
    });

    it('keeps Entra’s e-mail for display only: never verified, even with email_verified true (nOAuth)', async () => {
      // Someone's tenant sets another person's address on its own user (spec/oidc-rp.md §2.7).
      const ceo = await createUser(t, { name: 'ceo', email: 'ceo@corp.example' });
      const mallory: Person = { tid: CONTOSO, oid: 'f7d5a6b8-0000-4000-8000-0000000000dd', email: 'ceo@corp.example', email_verified: true };
      // Nothing else to name her by: the address does not, so no account is made.
      const nameless = await signIn('checks', mallory);
      assert.equal(nameless.signedIn, false);
      assert.equal((await lastFailure('checks'))?.reason, 'oidc.no_username');
      assert.equal((await t.services.users.findByName('ceo-2')), undefined);
      assert.equal((await linksOf('checks')).length, 0);

      const signedIn = await signIn('checks', { ...mallory, name: 'Mallory' });
      assert.ok(signedIn.signedIn, signedIn.callback.body);
      const link = (await linksOf('checks')).find((l) => l.object_id === mallory.oid);
      assert.notEqual(link?.user_id, ceo.id);
      const made = await t.services.users.get(link?.user_id ?? '');
      // Named by `name`, not by the address's local part, which the directory does not vouch for.
      assert.equal(made.name, 'Mallory');
      assert.equal(link?.email, 'ceo@corp.example', 'shown as the provider reported it');

      // Without `email`, the UPN names the person and is shown as their address: display only.
      const upnOnly: Person = { tid: CONTOSO, oid: 'a8e6b7c9-0000-4000-8000-0000000000ee', preferred_username: 'pradeep@contoso.example' };
      assert.ok((await signIn('checks', upnOnly)).signedIn);
      const upnLink = (await linksOf('checks')).find((l) => l.object_id === upnOnly.oid);
      assert.equal(upnLink?.email, 'pradeep@contoso.example');
      const pradeep = await t.services.users.get(upnLink?.user_id ?? '');
      assert.deepEqual([pradeep.name, pradeep.email], ['pradeep', 'pradeep@contoso.example']);
      // A UPN that is no address is not shown as one.
      const plainUpn: Person = { tid: CONTOSO, oid: 'b9f7c8da-0000-4000-8000-0000000000ff', preferred_username: 'kiosk-7' };
      assert.ok((await signIn('checks', plainUpn)).signedIn);
      const kiosk = (await linksOf('checks')).find((l) => l.object_id === plainUpn.oid);
      assert.equal(kiosk?.email, '');
      assert.equal((await t.services.users.get(kiosk?.user_id ?? '')).email, '');
    });

    it('says what Entra’s refusals mean: a person not assigned (AADSTS50105), an expired code (AADSTS70008)', async () => {
      const unassigned = await signIn('checks', adele, {
        error: { error: 'access_denied', error_description: 'AADSTS50105: Your administrator has configured the application to block users unless they are specifically granted access.' },
      });
      assert.match(unassigned.callback.body, /This person is not assigned to the application in Entra ID \(AADSTS50105\)/);
      assert.doesNotMatch(unassigned.callback.body, /Your administrator has configured/);
      assert.equal(unassigned.signedIn, false);

      entra.failTokens({ error: 'invalid_grant', error_description: 'AADSTS70008: The provided authorization code or refresh token has expired due to inactivity.' });
      try {
        const expired = await signIn('checks', adele);
        assert.match(expired.callback.body, /The authorization code has expired \(AADSTS70008\)/);
        assert.equal(expired.signedIn, false);
      } finally {
        entra.failTokens(undefined);
      }
    });

    it('Connect on My account links by tenant and object id too, and then signs in to the same account', async () => {
      const user = await createUser(t, { name: 'lidia' });
      const session = await signInConsole(t, 'lidia');
      const lidia: Person = { tid: CONTOSO, oid: 'b9f7c8da-0000-4000-8000-0000000000ff', preferred_username: 'lidia@contoso.example' };
      /** "Connect" on My account, answered by Entra for Lidia. */
      async function connect() {
        const started = await t.app.inject({ method: 'POST', url: '/api/account/identities', headers: session.headers, payload: { provider: 'connect' } });
        assert.equal(started.statusCode, 200, started.body);
        const { redirect } = started.json() as { redirect: string };
        const txCookie = String(started.headers['set-cookie']).split(';')[0] ?? '';
        const authorize = new URL(redirect);
        const code = entra.issue(authorize.searchParams.get('nonce') ?? '', lidia);
        return t.app.inject({
          method: 'GET',
          url: `/api/oidc/callback?${new URLSearchParams({ code, state: authorize.searchParams.get('state') ?? '' })}`,
          headers: { cookie: `${txCookie}; ${session.cookie}` },
        });
      }
      const callback = await connect();
      assert.equal(callback.statusCode, 302, callback.body);
      assert.equal(callback.headers.location, '/account?connected=connect');
      const [link] = await linksOf('connect');
      assert.deepEqual([link?.user_id, link?.tenant_id, link?.object_id], [user.id, CONTOSO, lidia.oid]);

      // The app registration is replaced. Connecting again finds her own link by tenant and
      // object id (her subject is new), rather than making a second one.
      const changed = await t.app.inject({ method: 'PATCH', url: `/api/admin/oidc/providers/${ids.get('connect')}`, headers, payload: { client_id: NEW_CLIENT_ID } });
      assert.equal(changed.statusCode, 200, changed.body);
      const again = await connect();
      assert.equal(again.statusCode, 302, again.body);
      assert.deepEqual((await linksOf('connect')).map((l) => l.id), [link?.id]);

      // And signing in lands in her own account.
      const signedIn = await signIn('connect', lidia);
      assert.ok(signedIn.signedIn, signedIn.callback.body);
      assert.deepEqual((await linksOf('connect')).map((l) => [l.user_id, l.subject]), [[user.id, pairwise(NEW_CLIENT_ID, lidia)]]);
      assert.equal(await t.services.users.findByName('lidia-2'), undefined);
    });
  });
}
