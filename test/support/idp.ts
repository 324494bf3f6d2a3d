import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Configuration, type KoaContextWithOIDC } from 'oidc-provider';

/** People at the test identity provider, named for what is special about them. */
export const idpUsers: Record<string, Record<string, unknown>> = {
  alice: { email: 'alice@corp.example', email_verified: true, name: 'Alice Example', preferred_username: 'alice' },
  bob: { email: 'bob@corp.example', email_verified: true, name: 'Bob Builder', preferred_username: 'bob' },
  // Someone whose preferred_username is already taken locally by a different person.
  aliceImpostor: { email: 'alice@corp.example', email_verified: false, name: 'Not Alice', preferred_username: 'alice' },
  noEmail: { name: 'Quiet Person' },
  // A nickname to be named by (policy.username_claim), besides the usual preferred_username.
  nicknamed: { email: 'nick@corp.example', email_verified: true, name: 'Nicholas Longname', preferred_username: 'nlongname', nickname: 'nick' },
  // Provisioning policy (test/oidc/provisioning.test.ts): e-mail domains, groups, linking by e-mail.
  unverifiedEmail: { email: 'uma@corp.example', email_verified: false, name: 'Uma Unverified', preferred_username: 'uma' },
  otherDomain: { email: 'olga@other.example', email_verified: true, name: 'Olga Other', preferred_username: 'olga' },
  adminGroup: { email: 'ada@corp.example', email_verified: true, name: 'Ada Admin', preferred_username: 'ada', groups: ['Staff', 'deskgate-admins'] },
  // One group deskgate has (in other case), one it has not.
  groupsMember: { email: 'gus@corp.example', email_verified: true, name: 'Gus Member', preferred_username: 'gus', groups: ['support', 'unknown-team'] },
  // An app role as a single string rather than a list.
  singleRole: { email: 'rosa@corp.example', email_verified: true, name: 'Rosa Role', preferred_username: 'rosa', roles: 'Support' },
  // Too many groups for the token: Entra's overage marker instead of the claim.
  groupsOverage: { email: 'otto@corp.example', email_verified: true, name: 'Otto Overage', preferred_username: 'otto', hasgroups: true },
  // A verified address an account made in deskgate already has, and an unverified one.
  sameEmail: { email: 'Carol@Corp.Example', email_verified: true, name: 'Carol at the provider', preferred_username: 'carol-idp' },
  sameEmailUnverified: { email: 'dave@corp.example', email_verified: false, name: 'Not Dave', preferred_username: 'dave-idp' },
  // The verified address of an account another provider's sign-in made (its address unverified there).
  squattedEmail: { email: 'erin@corp.example', email_verified: true, name: 'Erin', preferred_username: 'erin-idp' },
  // The verified address of a deskgate administrator.
  adminsEmail: { email: 'boss@corp.example', email_verified: true, name: 'Not the Boss', preferred_username: 'boss-idp' },
  // Whose name and e-mail the test changes between sign-ins.
  profileChanges: { email: 'pia@corp.example', email_verified: true, name: 'Pia Before', preferred_username: 'pia' },
};

export interface IdpClient {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  response_types?: string[];
  grant_types?: string[];
  application_type?: 'web' | 'native';
  token_endpoint_auth_method?: string;
  backchannel_logout_uri?: string;
  backchannel_logout_session_required?: boolean;
  post_logout_redirect_uris?: string[];
}

export interface Idp {
  issuer: string;
  provider: Provider;
  /** The account the next sign-in at this provider completes as. */
  signInAs(accountId: string): void;
  /** Disables (or, with `false`, restores) an account: its sign-ins and refresh tokens are refused (invalid_grant). */
  disable(accountId: string, disabled?: boolean): void;
  /** The provider's signing key (kid `idp-key-1`, RS256), to make tokens as it would. */
  signingKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];
  close(): Promise<void>;
}

/**
 * panva's oidc-provider in this process, on 127.0.0.1 and a free port, as a real OpenID
 * Provider: discovery, keys, code flow with PKCE, form_post, hybrid, RFC 9207 `iss`. Its
 * interaction pages are replaced by an automatic sign-in as the chosen account (and an
 * automatic consent), so tests drive it with plain HTTP redirects.
 */
export interface IdpOptions {
  backchannelLogout?: boolean;
  /**
   * Refresh tokens for clients allowed the `refresh_token` grant, not tied to the browser
   * session, as for `offline_access` (oidc-provider itself drops `offline_access` unless the
   * request also says `prompt=consent`, which real providers do not require); `rotate` makes
   * each use answer a new one and the old one unusable.
   */
  refreshTokens?: { rotate?: boolean };
  /** false: discovery's `scopes_supported` does not list `offline_access` (as Google's does not). */
  offlineAccess?: boolean;
}

export async function startIdp(clients: IdpClient[], options: IdpOptions = {}): Promise<Idp> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(privateKey)), kid: 'idp-key-1', alg: 'RS256', use: 'sig' };
  let nextAccount = 'alice';
  const disabled = new Set<string>();

  const configuration: Configuration = {
    clients: clients as unknown as Configuration['clients'],
    jwks: { keys: [jwk as never] },
    cookies: { keys: ['test-cookie-key-0123456789'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username', 'nickname', 'groups', 'roles', 'hasgroups'] },
    // Entra and Google put profile claims in the ID token; so does this provider.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false }, ...(options.backchannelLogout ? { backchannelLogout: { enabled: true } } : {}) },
    interactions: { url: (_ctx: KoaContextWithOIDC, interaction) => `/interaction/${interaction.uid}` },
    pkce: { required: () => true },
    findAccount: async (_ctx, sub) => {
      const claims = idpUsers[sub];
      if (!claims || disabled.has(sub)) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...claims }) };
    },
    ttl: { Interaction: 600, Session: 600, Grant: 600 },
    ...(options.offlineAccess === false ? { scopes: ['openid'] } : {}),
    ...(options.refreshTokens
      ? {
          issueRefreshToken: async (_ctx: KoaContextWithOIDC, client: { grantTypeAllowed(type: string): boolean }) => client.grantTypeAllowed('refresh_token'),
          expiresWithSession: async () => false,
          rotateRefreshToken: () => options.refreshTokens?.rotate === true,
        }
      : {}),
    // Its outgoing requests (back-channel logout) refuse loopback addresses unless sent plainly.
    ...(options.backchannelLogout ? { fetch: (url: string | URL | Request, init?: RequestInit) => fetch(url, { ...init, dispatcher: undefined } as RequestInit) } : {}),
  };
  const provider = new Provider(issuer, configuration);
  provider.on('server_error', () => {});
  const callback = provider.callback();

  server.on('request', (req, res) => {
    if (!req.url?.startsWith('/interaction/')) return void callback(req, res);
    void (async () => {
      try {
        const details = await provider.interactionDetails(req, res);
        if (details.prompt.name === 'login') {
          await provider.interactionFinished(req, res, { login: { accountId: nextAccount } }, { mergeWithLastSubmission: false });
          return;
        }
        const grant = details.grantId
          ? await provider.Grant.find(details.grantId)
          : new provider.Grant({ accountId: String(details.session?.accountId), clientId: String(details.params.client_id) });
        if (!grant) throw new Error('grant vanished');
        const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
        if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
        if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
      } catch (error) {
        res.statusCode = 500;
        res.end(String(error));
      }
    })();
  });

  return {
    issuer,
    provider,
    signingKey: privateKey,
    signInAs(accountId) {
      nextAccount = accountId;
    },
    disable(accountId, isDisabled = true) {
      if (isDisabled) disabled.add(accountId);
      else disabled.delete(accountId);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
