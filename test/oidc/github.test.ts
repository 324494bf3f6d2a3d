/**
 * GitHub (OAuth 2 without OpenID Connect) and generic OAuth 2 providers, without the network:
 * openid-client's customFetch answers for github.com and api.github.com as GitHub does
 * (spec/oidc-rp.md §5.5, §7), so sign-in runs its own code paths exactly as in production.
 */
import assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { isAppError, type ErrorCode } from '../../src/errors.js';
import { completeCallback, type VerifiedIdentity } from '../../src/oidc/callback.js';
import { oauth2Checks } from '../../src/oidc/oauth2-diagnose.js';
import { createTransactions } from '../../src/oidc/transactions.js';
import { admit } from '../../src/services/registration-policy.js';
import { buildTestApp, type TestApp } from '../support/app.js';
import { testEngines } from '../support/databases.js';
import { createApiToken, createProvider, createUser } from '../support/fixtures.js';
import { systemActor } from '../../src/services/audit.js';

const GITHUB = 'https://github.com';
const API = 'https://api.github.com';
const CORP = 'https://sso.corp.example';
const CLIENT_ID = 'Iv1.0123456789abcdef';
const CLIENT_SECRET = 'github-client-secret-0123456789abcdef';
const code = (c: ErrorCode) => (error: unknown) => isAppError(error, c);

/** One person at the simulated GitHub, and what the token GitHub grants them may see. */
interface Person {
  /** GET /user (or, for the generic provider, its userinfo) as GitHub answers it. */
  user: unknown;
  emails?: { email: string; primary: boolean; verified: boolean }[];
  orgs?: string[];
  /** Granted scopes, comma-separated as GitHub writes them. */
  scope: string;
  /** GitHub sends `scope` in the token response; false: only the X-OAuth-Scopes header says. */
  scopeInTokenResponse?: boolean;
}

const octocat = (fields: Record<string, unknown> = {}) => ({ login: 'octocat', id: 583231, name: 'The Octocat', email: 'public@octo.example', ...fields });
/** RFC 6749 §2.3.1: the client id and secret, form-encoded, in HTTP Basic. */
function credentialsOk(authorization: string | null): boolean {
  const [scheme, encoded] = (authorization ?? '').split(' ');
  const [id, secret] = Buffer.from(encoded ?? '', 'base64').toString('utf8').split(':').map((part) => decodeURIComponent(part.replaceAll('+', ' ')));
  return scheme === 'Basic' && id === CLIENT_ID && secret === CLIENT_SECRET;
}

/**
 * github.com and api.github.com as GitHub answers them: the token endpoint checks the client's
 * credentials and the PKCE verifier against the code's S256 challenge and, like GitHub, refuses
 * with HTTP 200 and an `error`; the API wants a bearer token and reports the granted scopes in
 * X-OAuth-Scopes. A corporate OAuth 2 server (sso.corp.example) answers the generic provider.
 */
function fakeGitHub() {
  const codes = new Map<string, { challenge: string; person: Person }>();
  const tokens = new Map<string, Person>();
  const calls = { token: [] as URLSearchParams[], api: [] as { url: URL; headers: Headers }[] };
  const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers } });

  function tokenAnswer(init: RequestInit): Response {
    const form = new URLSearchParams(String(init.body));
    calls.token.push(form);
    if (!credentialsOk(new Headers(init.headers).get('authorization'))) {
      return json({ error: 'incorrect_client_credentials', error_description: 'The client_id and/or client_secret passed are incorrect.' });
    }
    const grant = codes.get(form.get('code') ?? '');
    codes.delete(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    if (!grant || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge) {
      return json({ error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.' });
    }
    const token = `gho_${randomUUID().replaceAll('-', '')}`;
    tokens.set(token, grant.person);
    return json({ access_token: token, token_type: 'bearer', ...(grant.person.scopeInTokenResponse === false ? {} : { scope: grant.person.scope }) });
  }

  function apiAnswer(url: URL, headers: Headers): Response {
    calls.api.push({ url, headers });
    const person = tokens.get((headers.get('authorization') ?? '').replace(/^Bearer /, ''));
    if (!person) return json({ message: 'Bad credentials' }, 401);
    const granted = person.scope.split(',');
    const scopes = { 'x-oauth-scopes': granted.join(', ') };
    if (url.pathname === '/user' || url.pathname === '/api/me') return json(person.user, 200, scopes);
    if (url.pathname === '/user/emails') return granted.includes('user:email') ? json(person.emails ?? [], 200, scopes) : json({ message: 'Not Found' }, 404);
    if (url.pathname === '/user/orgs') {
      const perPage = Number(url.searchParams.get('per_page') ?? 30);
      const page = Number(url.searchParams.get('page') ?? 1);
      const orgs = granted.includes('read:org') ? (person.orgs ?? []) : [];
      return json(
        orgs.slice((page - 1) * perPage, page * perPage).map((login, i) => ({ login, id: 1000 + i, url: `${API}/orgs/${login}` })),
        200,
        scopes,
      );
    }
    return json({ message: 'Not Found' }, 404);
  }

  const fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const url = new URL(input);
    const path = `${url.origin}${url.pathname}`;
    if (path === `${GITHUB}/login/oauth/access_token` || path === `${CORP}/oauth/token`) return tokenAnswer(init);
    if (url.origin === API || path === `${CORP}/api/me`) return apiAnswer(url, new Headers(init.headers));
    return new Response('offline', { status: 599 });
  };

  return {
    fetch,
    calls,
    /** The code GitHub would send back for an authorization request with this S256 challenge. */
    issue(challenge: string, person: Person): string {
      const issued = randomUUID();
      codes.set(issued, { challenge, person });
      return issued;
    },
    apiCallsTo(pathname: string) {
      return calls.api.filter((call) => call.url.pathname === pathname);
    },
  };
}

const PROVIDERS = [
  { name: 'github', type: 'github', policy: { allow_anyone: true } },
  { name: 'github-orgs', type: 'github', scopes: 'read:user user:email read:org', policy: { allowed_orgs: ['Deskgate-Org'] } },
  // allowed_orgs without read:org in the scopes: GitHub will not show anyone's organisations.
  { name: 'github-no-read-org', type: 'github', policy: { allowed_orgs: ['deskgate-org'] } },
  {
    name: 'corp',
    type: 'oauth2',
    display_name: 'Corp SSO',
    authorization_endpoint: `${CORP}/oauth/authorize`,
    token_endpoint: `${CORP}/oauth/token`,
    userinfo_endpoint: `${CORP}/api/me`,
    scopes: 'profile',
    subject_field: 'user_id',
  },
];

for (const engine of await testEngines()) {
  describe(`GitHub and generic OAuth 2 sign-in (simulated providers, ${engine})`, () => {
    let t: TestApp;
    let github: ReturnType<typeof fakeGitHub>;
    let headers: Record<string, string>;
    const ids: Record<string, string> = {};

    before(async () => {
      github = fakeGitHub();
      t = await buildTestApp(engine, { oidcFetch: github.fetch });
      headers = (await createApiToken(t, ['oidc:write'])).headers;
      for (const payload of PROVIDERS) {
        const created = await t.app.inject({
          method: 'POST',
          url: '/api/admin/oidc/providers',
          headers,
          payload: { enabled: true, client_id: CLIENT_ID, client_secret: CLIENT_SECRET, ...payload },
        });
        assert.equal(created.statusCode, 201, created.body);
        ids[payload.name] = (created.json() as { id: string }).id;
      }
    });
    after(() => t.close());

    /** A console sign-in through `name`, answered by the simulated provider for `person`. */
    async function signIn(name: string, person: Person, options: { challenge?: string } = {}) {
      const start = await t.app.inject({ method: 'GET', url: `/api/oidc/login/${name}?return_to=/settings` });
      assert.equal(start.statusCode, 302, start.body);
      const authorize = new URL(String(start.headers.location));
      const issued = github.issue(options.challenge ?? authorize.searchParams.get('code_challenge') ?? '', person);
      const callback = await t.app.inject({
        method: 'GET',
        url: `/api/oidc/callback?${new URLSearchParams({ code: issued, state: authorize.searchParams.get('state') ?? '' })}`,
        headers: { cookie: String(start.headers['set-cookie']).split(';')[0] ?? '' },
      });
      return { authorize, callback };
    }

    /** The identity completeCallback makes of the provider's answers for `person` (nothing is created). */
    async function identityOf(name: string, person: Person): Promise<VerifiedIdentity> {
      const transactions = createTransactions({ store: t.store, clock: t.clock });
      const provider = await t.services.providers.forSignIn({ id: ids[name] ?? '' });
      const rp = await t.services.registry.configuration(provider);
      const begun = await transactions.begin(rp, {
        providerId: provider.id,
        expectedIssuer: t.services.registry.metadataOf(rp).issuer,
        redirectUri: 'http://127.0.0.1:9/api/oidc/callback',
        purpose: 'console',
        returnTo: '/',
        scopes: provider.scopes,
        responseMode: provider.response_mode,
      });
      const state = begun.url.searchParams.get('state') ?? '';
      const issued = github.issue(begun.url.searchParams.get('code_challenge') ?? '', person);
      const transaction = await transactions.consume(state, begun.browserCookie);
      const params = new URLSearchParams({ code: issued, state });
      return completeCallback({ registry: t.services.registry, provider, transaction, params, method: 'GET', nowSeconds: Math.floor(Date.now() / 1000) });
    }

    const signedIn = (response: { statusCode: number; headers: Record<string, unknown> }) =>
      response.statusCode === 302 && /deskgate_session=[^;]/.test(String(response.headers['set-cookie']));

    async function counts(name: string) {
      const users = (await t.store.users.list({}, { current: 1, pageSize: 1 })).total;
      return { users, links: await t.store.identities.countForProvider(ids[name] ?? '') };
    }

    /** The provider's last error as its card shows it (failures after the last sign-in that worked through it). */
    async function lastError(name: string) {
      const list = (await t.app.inject({ method: 'GET', url: '/api/admin/oidc/providers', headers })).json() as { name: string; last_error: { reason: string; message: string } | null }[];
      return list.find((p) => p.name === name)?.last_error ?? null;
    }

    it('sends PKCE S256 and state to github.com, and the token request carries the verifier GitHub checks', async () => {
      const person: Person = { user: octocat(), scope: 'read:user,user:email' };
      const { authorize, callback } = await signIn('github', person);
      assert.equal(`${authorize.origin}${authorize.pathname}`, `${GITHUB}/login/oauth/authorize`);
      assert.equal(authorize.searchParams.get('client_id'), CLIENT_ID);
      assert.equal(authorize.searchParams.get('response_type'), 'code');
      assert.equal(authorize.searchParams.get('code_challenge_method'), 'S256');
      assert.match(authorize.searchParams.get('code_challenge') ?? '', /^[A-Za-z0-9_-]{43}$/);
      assert.ok((authorize.searchParams.get('state') ?? '').length >= 32);
      assert.equal(authorize.searchParams.get('scope'), 'read:user user:email');
      assert.ok(signedIn(callback), callback.body);
      const form = github.calls.token.at(-1);
      assert.equal(createHash('sha256').update(form?.get('code_verifier') ?? '').digest('base64url'), authorize.searchParams.get('code_challenge'));
      assert.equal(new URL(form?.get('redirect_uri') ?? '').href, new URL(authorize.searchParams.get('redirect_uri') ?? '').href);
    });

    it('is refused when the code was issued for another PKCE challenge (GitHub answers 200 bad_verification_code), creating nothing', async () => {
      const before = await counts('github');
      const other = createHash('sha256').update('someone-elses-verifier').digest('base64url');
      const { callback } = await signIn('github', { user: octocat({ id: 99, login: 'intruder' }), scope: 'read:user,user:email' }, { challenge: other });
      assert.equal(callback.statusCode, 400, callback.body);
      assert.match(callback.body, /The identity provider refused the sign-in \(bad_verification_code\)/);
      assert.ok(!signedIn(callback));
      assert.deepEqual(await counts('github'), before);
      assert.equal(await t.services.users.findByName('intruder'), undefined);
    });

    it('names the person by their numeric GitHub id: a renamed login keeps its account, the old login does not take it', async () => {
      const first = await signIn('github', { user: octocat({ id: 1_000_001, login: 'mona' }), scope: 'read:user,user:email' });
      assert.ok(signedIn(first.callback), first.callback.body);
      const link = await t.store.identities.findByProvider(ids.github ?? '', '1000001');
      assert.ok(link, 'linked by the numeric id');
      const mona = await t.services.users.findByName('mona');
      assert.equal(mona?.id, link.user_id);

      const renamed = await signIn('github', { user: octocat({ id: 1_000_001, login: 'mona-renamed' }), scope: 'read:user,user:email' });
      assert.ok(signedIn(renamed.callback));
      assert.equal((await t.store.identities.findByProvider(ids.github ?? '', '1000001'))?.user_id, mona?.id);
      assert.equal(await t.services.users.findByName('mona-renamed'), undefined);

      // Someone else who now holds the login "mona" is another person.
      const squatter = await signIn('github', { user: octocat({ id: 1_000_002, login: 'mona' }), scope: 'read:user,user:email' });
      assert.ok(signedIn(squatter.callback));
      assert.notEqual((await t.store.identities.findByProvider(ids.github ?? '', '1000002'))?.user_id, mona?.id);
    });

    it('takes the verified primary address from /user/emails as the verified e-mail, not the profile’s', async () => {
      const identity = await identityOf('github', {
        user: octocat(),
        emails: [
          { email: 'octocat@users.noreply.github.com', primary: false, verified: true },
          { email: 'octocat@corp.example', primary: true, verified: true },
        ],
        scope: 'read:user,user:email',
      });
      assert.equal(identity.subject, '583231');
      assert.equal(identity.issuer, GITHUB);
      assert.equal(identity.claims.email, 'octocat@corp.example');
      assert.equal(identity.claims.email_verified, true);
      assert.equal(identity.claims.login, 'octocat');
      const emails = github.apiCallsTo('/user/emails').at(-1);
      assert.equal(emails?.headers.get('accept'), 'application/vnd.github+json');
      assert.ok(emails?.headers.get('user-agent'));

      // Signed in through the whole flow, the account gets that address.
      const { callback } = await signIn('github', {
        user: octocat({ id: 2_000_001, login: 'hubot', email: null }),
        emails: [{ email: 'hubot@corp.example', primary: true, verified: true }],
        scope: 'read:user,user:email',
      });
      assert.ok(signedIn(callback), callback.body);
      assert.equal((await t.services.users.findByName('hubot'))?.email, 'hubot@corp.example');
    });

    it('vouches for no e-mail when the primary is unverified, only a non-primary is verified, or user:email was not granted', async () => {
      const cases: [string, Person][] = [
        ['unverified primary', { user: octocat(), emails: [{ email: 'unverified@corp.example', primary: true, verified: false }], scope: 'read:user,user:email' }],
        ['verified non-primary', { user: octocat(), emails: [{ email: 'other@corp.example', primary: false, verified: true }], scope: 'read:user,user:email' }],
        ['no user:email', { user: octocat(), emails: [{ email: 'octocat@corp.example', primary: true, verified: true }], scope: 'read:user' }],
        // A profile that claims its own address verified is not believed.
        ['email_verified in /user', { user: octocat({ email_verified: true }), emails: [], scope: 'read:user,user:email' }],
      ];
      for (const [name, person] of cases) {
        const identity = await identityOf('github', person);
        assert.equal(identity.claims.email_verified, false, name);
        assert.notEqual(identity.claims.email, 'unverified@corp.example', name);
        assert.notEqual(identity.claims.email, 'other@corp.example', name);
        assert.notEqual(identity.claims.email, 'octocat@corp.example', name);
        // The profile's public address stays as display data only.
        assert.equal(identity.claims.email, 'public@octo.example', name);
      }
      const emailCalls = github.apiCallsTo('/user/emails').length;
      await identityOf('github', { user: octocat(), scope: 'read:user' });
      assert.equal(github.apiCallsTo('/user/emails').length, emailCalls, 'not asked without user:email');
    });

    it('reads the organisations, page by page, only when read:org was granted, and never from the profile', async () => {
      const orgs = Array.from({ length: 150 }, (_, i) => `org-${i}`);
      const before = github.apiCallsTo('/user/orgs').length;
      const identity = await identityOf('github-orgs', { user: octocat({ orgs: ['forged'] }), orgs, scope: 'read:org,read:user,user:email' });
      assert.deepEqual(identity.claims.orgs, orgs);
      const pages = github.apiCallsTo('/user/orgs').slice(before);
      assert.deepEqual(
        pages.map((call) => [call.url.searchParams.get('per_page'), call.url.searchParams.get('page')]),
        [['100', '1'], ['100', '2']],
      );
      assert.equal(pages[0]?.headers.get('accept'), 'application/vnd.github+json');
      assert.match(pages[0]?.headers.get('authorization') ?? '', /^Bearer gho_/);

      // Granted scopes also come from the X-OAuth-Scopes header.
      const fromHeader = await identityOf('github-orgs', { user: octocat(), orgs: ['deskgate-org'], scope: 'read:org,user:email', scopeInTokenResponse: false });
      assert.deepEqual(fromHeader.claims.orgs, ['deskgate-org']);

      // Without read:org: no orgs claim at all, and no request for them; a forged one is dropped.
      const calls = github.apiCallsTo('/user/orgs').length;
      const without = await identityOf('github', { user: octocat({ orgs: ['deskgate-org'] }), orgs: ['deskgate-org'], scope: 'read:user,user:email' });
      assert.equal(without.claims.orgs, undefined);
      assert.equal(github.apiCallsTo('/user/orgs').length, calls);
    });

    it('reads at most ten pages of organisations', async () => {
      const before = github.apiCallsTo('/user/orgs').length;
      const identity = await identityOf('github-orgs', { user: octocat(), orgs: Array.from({ length: 1500 }, (_, i) => `o${i}`), scope: 'read:org,user:email' });
      assert.equal((identity.claims.orgs as string[]).length, 1000);
      assert.equal(github.apiCallsTo('/user/orgs').length - before, 10);
    });

    it('admits a member of an allowed organisation (compared without regard to case) and refuses anyone else, creating nothing', async () => {
      const member = await signIn('github-orgs', { user: octocat({ id: 3_000_001, login: 'member' }), orgs: ['other', 'DESKGATE-org'], scope: 'read:org,read:user,user:email' });
      assert.ok(signedIn(member.callback), member.callback.body);
      assert.ok(await t.services.users.findByName('member'));

      const before = await counts('github-orgs');
      const outsider = await signIn('github-orgs', { user: octocat({ id: 3_000_002, login: 'outsider' }), orgs: ['other'], scope: 'read:org,read:user,user:email' });
      assert.equal(outsider.callback.statusCode, 403, outsider.callback.body);
      assert.match(outsider.callback.body, /not a member of a GitHub organisation allowed to sign in here/);
      assert.ok(!signedIn(outsider.callback));
      assert.deepEqual(await counts('github-orgs'), before);
      assert.equal(await t.services.users.findByName('outsider'), undefined);

      // Someone who belongs to no organisation at all is refused the same way.
      const nobody = await signIn('github-orgs', { user: octocat({ id: 3_000_003, login: 'loner' }), orgs: [], scope: 'read:org,read:user,user:email' });
      assert.equal(nobody.callback.statusCode, 403);
      assert.deepEqual(await counts('github-orgs'), before);

      // Membership is checked at every sign-in: leaving the organisation ends access.
      const left = await signIn('github-orgs', { user: octocat({ id: 3_000_001, login: 'member' }), orgs: ['other'], scope: 'read:org,read:user,user:email' });
      assert.equal(left.callback.statusCode, 403);
    });

    it('says read:org was not granted, rather than refusing everyone as a non-member, and tells the administrator', async () => {
      const before = await counts('github-no-read-org');
      const { callback } = await signIn('github-no-read-org', { user: octocat({ id: 4_000_001, login: 'orgless' }), orgs: ['deskgate-org'], scope: 'read:user,user:email' });
      assert.equal(callback.statusCode, 400, callback.body);
      assert.match(callback.body, /GitHub did not show deskgate your organisations \(the read:org scope was not granted\); an administrator must add read:org/);
      assert.deepEqual(await counts('github-no-read-org'), before);
      const error = await lastError('github-no-read-org');
      assert.equal(error?.reason, 'oidc.orgs_unavailable');
      assert.match(error?.message ?? '', /read:org/);
    });

    it('maps organisations to groups and the administrator flag (groups claim orgs), and leaves both alone when read:org was not granted', async () => {
      for (const name of ['octo-staff', 'octo-admins']) await t.services.groups.create(systemActor, { name });
      await createProvider(t, {
        type: 'github',
        name: 'github-groups',
        enabled: true,
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        scopes: 'read:user user:email read:org',
        policy: { allow_anyone: true, groups_claim: 'orgs', admin_groups: ['octo-admins'] },
      });
      // Another administrator, so the claim may take the flag away again.
      await createUser(t, { name: 'gh-root', is_admin: true });
      const person = (orgs: string[], scope = 'read:org,read:user,user:email'): Person => ({ user: octocat({ id: 5_000_001, login: 'grouped' }), orgs, scope });
      const state = async () => {
        const user = await t.services.users.findByName('grouped');
        assert.ok(user);
        const groups = ((await t.store.users.groupsOf([user.id])).get(user.id) ?? []).map((g) => g.name).sort();
        return { groups, admin: user.is_admin };
      };

      assert.ok(signedIn((await signIn('github-groups', person(['Octo-Staff', 'octo-admins', 'unknown-org']))).callback));
      assert.deepEqual(await state(), { groups: ['octo-admins', 'octo-staff'], admin: true });

      // A token without read:org lists no organisations: that says nothing about the person.
      assert.ok(signedIn((await signIn('github-groups', person(['octo-staff'], 'read:user,user:email'))).callback));
      assert.deepEqual(await state(), { groups: ['octo-admins', 'octo-staff'], admin: true });
      const user = await t.services.users.findByName('grouped');
      const [entry] = (await t.services.audit.list({ action: 'sso.groups_unavailable', target: 'grouped' }, { current: 1, pageSize: 5 })).data;
      assert.match(JSON.stringify(entry?.detail), /read:org/);
      assert.ok(user);

      // With read:org again, leaving the admins' organisation takes the flag away.
      assert.ok(signedIn((await signIn('github-groups', person(['octo-staff']))).callback));
      assert.deepEqual(await state(), { groups: ['octo-staff'], admin: false });
    });

    it('refuses a /user answer without a usable id (oidc.subject_invalid, naming the field)', async () => {
      for (const user of [{ login: 'noid', name: 'No Id' }, { login: 'objectid', id: { value: 7 } }, { login: 'nullid', id: null }, ['not', 'an', 'object']]) {
        await assert.rejects(identityOf('github', { user, scope: 'read:user,user:email' }), (error: unknown) =>
          isAppError(error, Array.isArray(user) ? 'oidc.invalid_response' : 'oidc.subject_invalid'),
        );
      }
      const before = await counts('github');
      t.clock.advance(1000);
      const { callback } = await signIn('github', { user: { login: 'objectid', id: { value: 7 } }, scope: 'read:user,user:email' });
      assert.equal(callback.statusCode, 400, callback.body);
      assert.deepEqual(await counts('github'), before);
      const error = await lastError('github');
      assert.equal(error?.reason, 'oidc.subject_invalid');
      assert.match(error?.message ?? '', /"id"/);
    });

    it('names a generic OAuth 2 person by the configured subject field, and sends no GitHub headers there', async () => {
      const identity = await identityOf('corp', { user: { user_id: 'u-42', sub: 'not-this', preferred_username: 'gina', email: 'gina@corp.example', email_verified: true }, scope: 'profile' });
      assert.equal(identity.subject, 'u-42');
      assert.equal(identity.issuer, CORP);
      // A generic provider's claims are its own: its email_verified is its word.
      assert.equal(identity.claims.email_verified, true);
      const userinfo = github.calls.api.filter((call) => call.url.origin === CORP).at(-1);
      assert.notEqual(userinfo?.headers.get('accept'), 'application/vnd.github+json');
      assert.equal(github.apiCallsTo('/user/emails').filter((call) => call.url.origin === CORP).length, 0);

      const numeric = await identityOf('corp', { user: { user_id: 4242, preferred_username: 'numeric' }, scope: 'profile' });
      assert.equal(numeric.subject, '4242');
      await assert.rejects(identityOf('corp', { user: { sub: 'only-sub', preferred_username: 'x' }, scope: 'profile' }), code('oidc.subject_invalid'));

      const { callback } = await signIn('corp', { user: { user_id: 'u-43', preferred_username: 'gina' }, scope: 'profile' });
      assert.ok(signedIn(callback), callback.body);
      assert.ok(await t.store.identities.findByProvider(ids.corp ?? '', 'u-43'));
      t.clock.advance(1000);
      const missing = await signIn('corp', { user: { id: 'u-44', preferred_username: 'hal' }, scope: 'profile' });
      assert.equal(missing.callback.statusCode, 400);
      assert.match((await lastError('corp'))?.message ?? '', /"user_id"/);
    });

    it('saves a generic OAuth 2 provider only with its authorization, token and userinfo endpoints, and keeps its subject field', async () => {
      const endpoints = { authorization_endpoint: `${CORP}/oauth/authorize`, token_endpoint: `${CORP}/oauth/token`, userinfo_endpoint: `${CORP}/api/me` };
      for (const missing of Object.keys(endpoints)) {
        const response = await t.app.inject({
          method: 'POST',
          url: '/api/admin/oidc/providers',
          headers,
          payload: { type: 'oauth2', name: `corp-${missing.split('_')[0]}`, display_name: `Corp ${missing}`, client_id: CLIENT_ID, ...endpoints, [missing]: '' },
        });
        assert.equal(response.statusCode, 400, response.body);
        assert.match((response.json() as { error: string }).error, /authorization_endpoint, token_endpoint and userinfo_endpoint are required for OAuth 2 providers/);
      }
      const corp = (await t.app.inject({ method: 'GET', url: '/api/admin/oidc/providers', headers })).json() as { name: string; subject_field: string }[];
      assert.equal(corp.find((p) => p.name === 'corp')?.subject_field, 'user_id');
    });

    it('provider test: says whether GitHub’s scopes give the organisations the policy needs, and where OAuth 2 reads the person', async () => {
      const test = async (name: string) =>
        (await t.app.inject({ method: 'POST', url: `/api/admin/oidc/providers/${ids[name]}/test`, headers })).json() as {
          ok: boolean;
          checks: { name: string; ok: boolean; message: string; fix?: string }[];
        };
      const lacking = await test('github-no-read-org');
      const orgs = lacking.checks.find((c) => c.name === 'github_orgs');
      assert.equal(orgs?.ok, false, JSON.stringify(lacking));
      assert.match(orgs?.message ?? '', /do not include read:org, which policy\.allowed_orgs needs/);
      assert.match(orgs?.fix ?? '', /Add read:org to the provider’s scopes \(read:user user:email read:org\)/);
      assert.equal(lacking.ok, false);
      // The secret check still runs against GitHub's token endpoint (a made-up code is refused).
      assert.equal(lacking.checks.find((c) => c.name === 'client_secret')?.ok, true, JSON.stringify(lacking));

      const granted = await test('github-orgs');
      assert.equal(granted.checks.find((c) => c.name === 'github_orgs')?.ok, true);
      assert.match(granted.checks.find((c) => c.name === 'userinfo')?.message ?? '', /numeric GitHub id/);
      assert.equal(granted.ok, true, JSON.stringify(granted));

      const open = await test('github');
      assert.match(open.checks.find((c) => c.name === 'github_orgs')?.message ?? '', /read:org is not needed/);

      const corp = await test('corp');
      assert.equal(corp.checks.find((c) => c.name === 'github_orgs'), undefined);
      const userinfo = corp.checks.find((c) => c.name === 'userinfo');
      assert.equal(userinfo?.ok, true);
      assert.match(userinfo?.message ?? '', /sso\.corp\.example\/api\/me; its "user_id" field/);
    });
  });
}

describe('GitHub organisations and OAuth 2 settings, rule by rule', () => {
  const github = {
    type: 'github',
    issuer: '',
    tenant_id: '',
    authorization_endpoint: `${GITHUB}/login/oauth/authorize`,
    token_endpoint: `${GITHUB}/login/oauth/access_token`,
    userinfo_endpoint: `${API}/user`,
  };
  const policy = { allowed_tenants: [], allowed_email_domains: [], allowed_orgs: ['deskgate-org'], allow_anyone: false };

  it('admits by organisation only from the claims GitHub sign-in makes', () => {
    admit({ ...github, policy }, { orgs: ['Deskgate-Org'] });
    assert.throws(() => admit({ ...github, policy }, { orgs: ['elsewhere'] }), code('oidc.org_not_allowed'));
    assert.throws(() => admit({ ...github, policy }, {}), code('oidc.orgs_unavailable'));
    // A provider that is not GitHub (a row edited by hand) cannot vouch for organisations.
    const corp = { ...github, type: 'oauth2', authorization_endpoint: `${CORP}/a`, token_endpoint: `${CORP}/t`, userinfo_endpoint: `${CORP}/u` };
    assert.throws(() => admit({ ...corp, policy }, { orgs: ['deskgate-org'] }), code('oidc.orgs_unavailable'));
    // github.com without an organisation list or "anyone" admits no one.
    assert.throws(() => admit({ ...github, policy: { ...policy, allowed_orgs: [] } }, { orgs: ['deskgate-org'] }), code('provider.not_found'));
  });

  it('the test names a missing userinfo endpoint with its fix', () => {
    const [check] = oauth2Checks({ ...github, type: 'oauth2', authorization_endpoint: `${CORP}/a`, token_endpoint: `${CORP}/t`, userinfo_endpoint: '' });
    assert.equal(check?.name, 'userinfo');
    assert.equal(check?.ok, false);
    assert.match(check?.fix ?? '', /Enter the userinfo endpoint/);
  });
});
