import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { AppError, errorCatalogue, isAppError } from '../errors.js';
import { completeCallback, type VerifiedIdentity } from '../oidc/callback.js';
import type { RpProvider } from '../oidc/client.js';
import { explainFailure } from '../oidc/diagnose.js';
import { decodeEntraError } from '../oidc/entra-errors.js';
import type { RpRegistry } from '../oidc/client.js';
import { offersOfflineAccess, type Transactions } from '../oidc/transactions.js';
import { presets } from '../oidc/provider-types.js';
import type { Store } from '../store/index.js';
import type { ClientSignIn } from '../domain/client-sign-in.js';
import type { User } from '../domain/user.js';
import { storableSid, type AccessTokenService } from './access-tokens.js';
import type { AuthProviderService } from './auth-providers.js';
import type { SettingsService } from './settings.js';
import { createSsoIdentities } from './sso-identities.js';
import type { GroupService } from './groups.js';
import type { UserService } from './users.js';
import type { TestSignInReport, TestSignInService } from './test-sign-in.js';
import type { SignInService } from './sign-in.js';
import type { AuditService } from './audit.js';
import type { Revalidation } from './revalidation.js';
import { addressKey, sameClientAddress } from './client-address.js';
import { createRateLimiter } from './rate-limiter.js';
import type { SecretBox } from './secret-box.js';
import { hashToken, newId, newTimeOrderedId, randomToken } from './secrets.js';

/** spec/rustdesk-client-api.md §4.6: the client polls for 180 s. */
export const CLIENT_SIGN_IN_TTL_MS = 3 * 60_000;
export const CALLBACK_PATH = '/api/oidc/callback';

export interface SsoLimits {
  /** Requests per client address to each unauthenticated start route, per window and instance. */
  requests: number;
  windowMs: number;
  /** Client sign-ins under way from one address, across every instance (counted in the database). */
  pendingPerAddress: number;
}

/**
 * POST /api/oidc/auth, GET /api/oidc/start/:id and GET /api/oidc/login/:name write a row for
 * anyone who asks. 600 per 10 minutes per address (each route) and 200 pending client
 * sign-ins per address stop a flood from one address, and stay far above what an office behind
 * one NAT address does: a sign-in is one request to each of two routes, and a RustDesk token
 * lasts 30 days.
 */
export const SSO_LIMITS: SsoLimits = { requests: 600, windowMs: 10 * 60_000, pendingPerAddress: 200 };

export type CallbackResult =
  | {
      kind: 'console';
      user: User;
      returnTo: string;
      provider: string;
      /**
       * For the console session: the provider, its session id (`sid`), its `session_ttl_hours`,
       * and the ID token sealed for RP-initiated logout ('' when none is kept).
       */
      sso: { providerId: string; sid: string | undefined; ttlHours: number; sealedIdToken: string };
      /** The provider's policy asks for deskgate's own second step too (`require_local_2fa`). */
      localSecondStep: boolean;
    }
  | {
      kind: 'client-confirm';
      signIn: ClientSignIn;
      user: User;
      confirmToken: string;
      /** RFC 8628 §5.4: the browser is not where the client asked from, so the page warns. */
      otherAddress: boolean;
    }
  | { kind: 'client-done'; user: User }
  /** An administrator's test sign-in: no one signed in, nothing created; each policy rule's verdict. */
  | { kind: 'test'; report: TestSignInReport };

/**
 * A poll that collects the token (or, when the provider asks for local 2FA, the secret of the
 * code step the client then sends to /api/login, §4.6 item 4); every other state of the sign-in
 * is thrown as an `oidc.client_*` code.
 */
export type AuthQueryResult =
  | { kind: 'token'; user: User; token: string; provider: string }
  | { kind: 'second_factor'; user: User; secret: string; provider: string; via: 'totp' | 'email' };

/**
 * The longest ID token a console session keeps as RP-initiated logout's `id_token_hint`: it goes
 * in a URL, and one larger than this (an Entra token with many groups) would not get through.
 * Sign-out then sends the client id alone.
 */
export const MAX_ID_TOKEN_HINT = 4096;

/** Rows written before failures were stored as their reason alone carry the client's prefix. */
const OLD_FAILURE_PREFIX = 'Sign-in failed: ';

/** What a failure record's detail holds at most. */
const DETAIL_MAX = 1000;

/** Text from elsewhere as a log line: no control or invisible formatting characters, bounded. */
function logText(value: string, max: number): string {
  return value.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').trim().slice(0, max);
}

/**
 * What an administrator reads about a failed single sign-on, beside its code: for an Entra ID
 * error its AADSTS code in plain words and what to do (oidc/entra-errors.ts); for another
 * provider's error answer its `error` and `error_description`; for an unreachable provider what
 * came back from the URL tried; for a failed check, which one.
 */
export function failureDetail(error: unknown, provider?: Pick<RpProvider, 'issuer' | 'authorization_endpoint'>): string {
  if (!isAppError(error)) return 'Unexpected error: see the server log';
  const entra = decodeEntraError(error.detail);
  if (entra) return logText(`${entra.words} ${entra.fix}`, DETAIL_MAX);
  if (error.code === 'oidc.discovery_failed' && error.cause !== undefined && provider) {
    try {
      return logText(explainFailure(error.cause, new URL(provider.issuer || provider.authorization_endpoint)), DETAIL_MAX);
    } catch {
      // No usable URL: the detail below says what is known.
    }
  }
  // The OAuth `error` the provider answered: in the body, or in a 401's WWW-Authenticate challenge.
  const cause = error.cause as { error?: unknown; cause?: unknown } | undefined;
  const challenge = Array.isArray(cause?.cause) ? (cause.cause[0] as { parameters?: { error?: unknown } } | undefined)?.parameters?.error : undefined;
  const oauthError = typeof cause?.error === 'string' ? cause.error : challenge;
  const providerCode = typeof oauthError === 'string' ? oauthError.replace(/[^\w.-]/g, '').slice(0, 60) : '';
  // A message made for this failure (a setting to fix), unless it only repeats the provider's `error`.
  const specific = error.publicMessage !== errorCatalogue[error.code].message && error.code !== 'oidc.provider_error' ? error.publicMessage : '';
  const parts = [providerCode, error.detail ?? '', error.detail ? '' : specific].filter((part) => part !== '');
  return logText(parts.join(': '), DETAIL_MAX);
}

/** The name a failure record shows for the person the provider vouched for. */
function identityName(identity: VerifiedIdentity | undefined): string {
  if (!identity) return '';
  const claim = (key: string) => (typeof identity.claims[key] === 'string' ? (identity.claims[key] as string) : '');
  return logText(claim('preferred_username') || claim('email') || identity.subject, 128);
}

/** Only a local path may follow a console sign-in: never another origin (open redirect). */
export function safeReturnTo(value: string | undefined): string {
  if (value === undefined || value === '') return '/';
  if (!/^\/(?![/\\])[\x21-\x7e]*$/.test(value) || value.length > 1000) throw new AppError('oidc.bad_return_to');
  return value;
}

/**
 * Single sign-on for the console and for RustDesk clients (DESIGN.md "Sign-in design"): one
 * callback, server-side transactions, device-bound client sign-ins that survive restarts, and
 * a confirmation step naming the device before a client receives a token.
 */
export function createSsoSignInService(deps: {
  config: Config;
  store: Store;
  clock: Clock;
  providers: AuthProviderService;
  registry: RpRegistry;
  transactions: Transactions;
  users: UserService;
  groups: GroupService;
  accessTokens: AccessTokenService;
  settings: SettingsService;
  audit: AuditService;
  /** Seals the ID token a console session keeps for RP-initiated logout; without it none is kept. */
  secretBox?: Pick<SecretBox, 'seal'>;
  /** Keeps a sign-in's refresh token for re-validating the person later; without it none is kept. */
  revalidation?: Pick<Revalidation, 'keep'>;
  limits?: SsoLimits;
  /** Completes administrators' test sign-ins (purpose `test`); without it their callbacks are refused. */
  testSignIns?: Pick<TestSignInService, 'complete'>;
  /** The second step after a client's single sign-on through a provider with `require_local_2fa`. */
  secondStep?: Pick<SignInService, 'clientAfterSso'>;
}) {
  const { config, store, clock, providers, registry, transactions, accessTokens, settings } = deps;
  const identities = createSsoIdentities(deps);
  const limits = deps.limits ?? SSO_LIMITS;
  // Per instance, by design: they blunt floods cheaply; the pending cap is the shared one.
  const limiter = () => createRateLimiter({ clock, limit: limits.requests, windowMs: limits.windowMs });
  const startLimits = { client: limiter(), browser: limiter(), console: limiter() };

  /** Counts a request from `ip` against one start route's limit (client addresses as DESKGATE_TRUST_PROXY decides). */
  function admit(route: keyof typeof startLimits, ip: string): void {
    if (!startLimits[route].hit(addressKey(ip))) throw new AppError('auth.rate_limited', { detail: `${route} start from ${ip}` });
  }

  /** DESKGATE_PUBLIC_URL, else the origin saved on Settings → OIDC, else the request's own. */
  async function publicBase(requestOrigin: string): Promise<string> {
    return config.publicUrl ?? ((await settings.get('public_url')) || requestOrigin);
  }

  async function begin(
    which: { name: string } | { id: string },
    requestOrigin: string,
    purpose: { kind: 'console'; returnTo: string } | { kind: 'client'; signInId: string },
  ) {
    const provider = await providers.forSignIn(which);
    const rp = await registry.configuration(provider);
    const base = await publicBase(requestOrigin);
    const { url, browserCookie } = await transactions.begin(rp, {
      providerId: provider.id,
      expectedIssuer: registry.metadataOf(rp).issuer,
      redirectUri: `${base}${CALLBACK_PATH}`,
      purpose: purpose.kind,
      returnTo: purpose.kind === 'console' ? purpose.returnTo : '',
      clientSignInId: purpose.kind === 'client' ? purpose.signInId : undefined,
      scopes: provider.scopes,
      responseMode: provider.response_mode,
      // A refresh token, to check the person again at the provider later (revalidation.ts).
      offlineAccess: offersOfflineAccess(presets[provider.type].protocol, provider.scopes, registry.metadataOf(rp)),
    });
    return { redirect: url.href, browserCookie, formPost: provider.response_mode === 'form_post' };
  }

  /** Ends a client sign-in whose browser leg failed; the stored reason is what the person was shown. */
  async function failClientSignIn(id: string | null | undefined, error: unknown): Promise<void> {
    if (!id) return;
    const reason = isAppError(error) ? error.publicMessage : 'internal error';
    await store.clientSignIns.transition(id, ['pending', 'awaiting_confirmation'], { status: 'failed', error: reason });
  }

  /**
   * Records a failed single sign-on in the log of failed sign-ins (Logs → Failed sign-ins):
   * the error's code as the reason, the provider (by id, else by the name asked for), and what
   * an administrator needs to act (`failureDetail`).
   */
  async function recordFailure(
    where: {
      channel: 'console' | 'client';
      ip: string;
      provider: { id: string; name: string; issuer?: string; authorization_endpoint?: string } | undefined;
      name?: string | undefined;
    },
    error: unknown,
  ): Promise<void> {
    const now = clock.now();
    const provider = where.provider;
    const endpoints = provider && { issuer: provider.issuer ?? '', authorization_endpoint: provider.authorization_endpoint ?? '' };
    await store.signInAttempts.recordFailure({
      id: newTimeOrderedId(now),
      created_at: now,
      ip: where.ip,
      name: logText(where.name ?? '', 128),
      reason: isAppError(error) ? error.code : 'internal',
      channel: where.channel,
      kind: 'sso',
      provider_id: provider?.id ?? '',
      provider_name: logText(provider?.name ?? '', 64),
      detail: failureDetail(error, endpoints),
    });
  }

  /** A provider as a failure record names it: by id when it exists (enabled or not), else by the name asked for. */
  async function providerNamed(which: { name: string } | { id: string }): Promise<{ id: string; name: string; issuer: string; authorization_endpoint: string }> {
    const snapshot = await providers.snapshot();
    const row = 'id' in which ? snapshot.byId.get(which.id) : snapshot.byName.get(which.name);
    if (row) return { id: row.id, name: row.name, issuer: row.issuer, authorization_endpoint: row.authorization_endpoint };
    return { id: '', name: 'name' in which ? which.name : '', issuer: '', authorization_endpoint: '' };
  }

  return {
    publicBase,

    /** GET /api/oidc/login/:name → the provider, then back to a local path of the console. */
    async startConsole(input: { providerName: string; returnTo?: string | undefined; requestOrigin: string; ip: string }) {
      admit('console', input.ip);
      const returnTo = safeReturnTo(input.returnTo);
      try {
        return await begin({ name: input.providerName }, input.requestOrigin, { kind: 'console', returnTo });
      } catch (error) {
        await recordFailure({ channel: 'console', ip: input.ip, provider: await providerNamed({ name: input.providerName }) }, error);
        throw error;
      }
    },

    /** POST /api/oidc/auth: a pending sign-in bound to the device; `url` starts the browser leg. */
    async startForClient(input: {
      providerName: string;
      deviceId: string;
      uuid: string;
      deviceInfo: Record<string, unknown>;
      ip: string;
      requestOrigin: string;
    }): Promise<{ code: string; url: string }> {
      admit('client', input.ip);
      let provider;
      try {
        provider = await providers.forSignIn({ name: input.providerName });
      } catch (error) {
        await recordFailure({ channel: 'client', ip: input.ip, provider: await providerNamed({ name: input.providerName }) }, error);
        throw error;
      }
      const code = randomToken();
      const id = newId();
      const now = clock.now();
      const row: ClientSignIn = {
        id,
        code_hash: hashToken(code),
        provider_id: provider.id,
        device_id: input.deviceId,
        device_uuid: input.uuid,
        device_info: JSON.stringify(input.deviceInfo),
        ip: input.ip,
        status: 'pending',
        user_id: null,
        error: '',
        confirm_token: '',
        created_at: now,
        expires_at: now + CLIENT_SIGN_IN_TTL_MS,
        sso_sid: '',
      };
      if (!(await store.clientSignIns.insertUnderCap(row, limits.pendingPerAddress, now))) {
        const error = new AppError('oidc.too_many_pending', { detail: `${limits.pendingPerAddress} client sign-ins are under way from ${input.ip}` });
        await recordFailure({ channel: 'client', ip: input.ip, provider }, error);
        throw error;
      }
      return { code, url: `${await publicBase(input.requestOrigin)}/api/oidc/start/${id}` };
    },

    /** GET /api/oidc/start/:id: the browser the client opened goes on to the provider. */
    async continueClient(input: { signInId: string; requestOrigin: string; ip: string }) {
      admit('browser', input.ip);
      const signIn = await store.clientSignIns.findById(input.signInId);
      if (!signIn || signIn.status !== 'pending' || signIn.expires_at <= clock.now()) throw new AppError('oidc.sign_in_not_found');
      try {
        return await begin({ id: signIn.provider_id }, input.requestOrigin, { kind: 'client', signInId: input.signInId });
      } catch (error) {
        // The browser shows the failure; the client waiting for this sign-in is told at its next poll.
        await failClientSignIn(signIn.id, error);
        await recordFailure({ channel: 'client', ip: input.ip, provider: await providerNamed({ id: signIn.provider_id }) }, error);
        throw error;
      }
    },

    /** Whether a callback's state names a sign-in still under way (nothing is consumed). */
    async awaitsCallback(state: string): Promise<boolean> {
      return transactions.isLive(state);
    },

    /** /api/oidc/callback, GET (query) or POST (form_post). */
    async handleCallback(input: {
      params: URLSearchParams;
      method: 'GET' | 'POST';
      browserCookie: string | undefined;
      ip: string;
    }): Promise<CallbackResult> {
      // Refused before anything is consumed: an unknown state or another browser ends nothing.
      const transaction = await transactions.consume(input.params.get('state') ?? '', input.browserCookie, ['console', 'client', 'test']);
      if (transaction.purpose === 'test') {
        // Reported to the administrator who tested, never recorded as a failed sign-in.
        if (!deps.testSignIns) throw new AppError('oidc.transaction_not_found');
        return { kind: 'test', report: await deps.testSignIns.complete(transaction, input) };
      }
      let identity: VerifiedIdentity | undefined;
      try {
        const provider = await providers.forSignIn({ id: transaction.provider_id });
        identity = await completeCallback({
          registry,
          provider,
          transaction,
          params: input.params,
          method: input.method,
          // Token times are judged on the wall clock, as openid-client does.
          nowSeconds: Math.floor(Date.now() / 1000),
        });
        const user = await identities.resolve(provider, identity);
        await deps.revalidation?.keep(provider, user.id, identity);
        const sid = typeof identity.claims.sid === 'string' ? identity.claims.sid : undefined;

        if (transaction.purpose === 'console') {
          const idToken = identity.idToken ?? '';
          const sealedIdToken = deps.secretBox && idToken.length > 0 && idToken.length <= MAX_ID_TOKEN_HINT ? deps.secretBox.seal(idToken) : '';
          const sso = { providerId: provider.id, sid, ttlHours: provider.session_ttl_hours, sealedIdToken };
          return { kind: 'console', user, returnTo: transaction.return_to || '/', provider: provider.name, sso, localSecondStep: provider.policy.require_local_2fa };
        }
        const signInId = transaction.client_sign_in_id ?? '';
        const live = { liveAt: clock.now() };
        if (await settings.get('confirm_client_sign_in')) {
          const confirmToken = randomToken();
          const signIn = await store.clientSignIns.transition(
            signInId,
            'pending',
            { status: 'awaiting_confirmation', user_id: user.id, confirm_token: hashToken(confirmToken), sso_sid: storableSid(sid) },
            live,
          );
          if (!signIn) throw new AppError('oidc.sign_in_not_found');
          return { kind: 'client-confirm', signIn, user, confirmToken, otherAddress: !sameClientAddress(signIn.ip, input.ip) };
        }
        if (!(await store.clientSignIns.transition(signInId, 'pending', { status: 'approved', user_id: user.id, sso_sid: storableSid(sid) }, live))) {
          throw new AppError('oidc.sign_in_not_found');
        }
        return { kind: 'client-done', user };
      } catch (error) {
        await failClientSignIn(transaction.client_sign_in_id, error);
        await recordFailure(
          {
            channel: transaction.purpose === 'console' ? 'console' : 'client',
            ip: input.ip,
            provider: await providerNamed({ id: transaction.provider_id }),
            name: identityName(identity),
          },
          error,
        );
        throw error;
      }
    },

    /** Confirm or Deny on the confirmation page; the token is the page's CSRF token. */
    async decideClient(input: { signInId: string; token: string; approve: boolean; ip?: string }): Promise<'approved' | 'denied'> {
      if (input.token.length === 0) throw new AppError('oidc.sign_in_not_found');
      const patch = input.approve
        ? { status: 'approved' as const, confirm_token: '' }
        : { status: 'denied' as const, confirm_token: '' };
      // Still awaiting, not expired, and the page's token: checked and moved in one statement.
      const decided = await store.clientSignIns.transition(input.signInId, 'awaiting_confirmation', patch, {
        liveAt: clock.now(),
        confirmToken: hashToken(input.token),
      });
      if (!decided) throw new AppError('oidc.sign_in_not_found');
      if (!input.approve) {
        const user = decided.user_id ? await store.users.findById(decided.user_id) : undefined;
        await recordFailure(
          { channel: 'client', ip: input.ip ?? decided.ip, provider: await providerNamed({ id: decided.provider_id }), name: user?.name },
          new AppError('oidc.client_denied', { detail: 'The person denied the sign-in on the confirmation page' }),
        );
      }
      return input.approve ? 'approved' : 'denied';
    },

    /**
     * GET /api/oidc/auth-query: `oidc.client_pending` until the browser leg ends, then the token
     * once. Every other outcome is another `oidc.client_*` code, so the client stops waiting.
     */
    async authQuery(input: { code: string; deviceId: string; uuid: string }): Promise<AuthQueryResult> {
      const found = input.code ? await store.clientSignIns.findByCodeHash(hashToken(input.code)) : undefined;
      const signIn = found?.signIn;
      if (!signIn || signIn.device_id !== input.deviceId || signIn.device_uuid !== input.uuid) {
        throw new AppError('oidc.client_not_found');
      }
      if (signIn.expires_at <= clock.now() && signIn.status !== 'approved') throw new AppError('oidc.client_timed_out');
      switch (signIn.status) {
        case 'pending':
        case 'awaiting_confirmation':
          throw new AppError('oidc.client_pending');
        case 'denied':
          throw new AppError('oidc.client_denied');
        case 'failed': {
          const reason = signIn.error.startsWith(OLD_FAILURE_PREFIX) ? signIn.error.slice(OLD_FAILURE_PREFIX.length) : signIn.error;
          throw new AppError('oidc.client_failed', reason ? { message: reason } : {});
        }
      }
      // Approved: exactly one poll wins the token, even across instances; later ones find nothing.
      const user = found.user;
      if (!user || !(await store.clientSignIns.collect(signIn.id))) throw new AppError('oidc.client_collected');
      if (user.status !== 1) {
        const error = new AppError('oidc.client_user_disabled', { detail: 'The account was disabled before the client collected its token' });
        await recordFailure({ channel: 'client', ip: signIn.ip, provider: await providerNamed({ id: signIn.provider_id }), name: user.name }, error);
        throw error;
      }
      const provider = (await providers.snapshot()).byId.get(signIn.provider_id);
      const device = {
        deviceId: signIn.device_id,
        uuid: signIn.device_uuid,
        deviceInfo: JSON.parse(signIn.device_info) as Record<string, unknown>,
      };
      // The provider session it came from, and the provider's lifetime.
      const sso = { providerId: signIn.provider_id, sid: signIn.sso_sid, ttlDays: provider?.token_ttl_days ?? 0 };
      if (provider?.policy.require_local_2fa && deps.secondStep) {
        // The code step, or a refusal (2FA required and not set up), as after a password.
        const step = await deps.secondStep.clientAfterSso(user, { ip: signIn.ip, device }, sso);
        if (step.kind === 'second_factor') return { kind: 'second_factor', user, secret: step.secret, provider: provider.name, via: step.via };
        return { kind: 'token', user, token: step.accessToken, provider: provider.name };
      }
      const token = await accessTokens.issue(user.id, { ...device, ip: signIn.ip }, sso);
      return { kind: 'token', user, token, provider: provider?.name ?? '' };
    },
  };
}

export type SsoSignInService = ReturnType<typeof createSsoSignInService>;
