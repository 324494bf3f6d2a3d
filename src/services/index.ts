import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { createRpRegistry, type FetchLike } from '../oidc/client.js';
import { createTransactions } from '../oidc/transactions.js';
import type { Store } from '../store/index.js';
import { createAccountLinkService } from './account-links.js';
import { createAccessTokenService } from './access-tokens.js';
import { createAddressBookPlacement } from './address-book-placement.js';
import { createAddressBookService } from './address-books.js';
import { createApiTokenService } from './api-tokens.js';
import { createAuthProviderService } from './auth-providers.js';
import { createAuditService } from './audit.js';
import { createConsoleSessionService } from './console-sessions.js';
import { createRendezvousDirectory } from './rendezvous-directory.js';
import { createConnectPolicy } from './connect-policy.js';
import { createDeviceAdmin } from './device-admin.js';
import { createDeviceCli } from './device-cli.js';
import { createStrategyService } from './strategies.js';
import { createDeviceAuditService } from './device-audit.js';
import { createDeviceGroupService } from './device-groups.js';
import { createPeerDirectory } from './peer-directory.js';
import { createDeviceService } from './devices.js';
import { createGroupService } from './groups.js';
import { createLdapService } from './ldap.js';
import { createLdapSignInService } from './ldap-sign-in.js';
import { createLogRetention } from './log-retention.js';
import { createInvitationService } from './invitations.js';
import { createMailService } from './mail.js';
import { createMaintenance } from './maintenance.js';
import { createOidcSettingsService } from './oidc-settings.js';
import type { PasswordHasher } from './passwords.js';
import { createPasswordResetService } from './password-resets.js';
import { createProviderLogoutService } from './provider-logout.js';
import { createProviderTestService } from './provider-tests.js';
import { createRendezvousKeyService } from './rendezvous-key.js';
import { createRevalidation } from './revalidation.js';
import { createSecretBox, loadSecretKey } from './secret-box.js';
import { createSettingsService } from './settings.js';
import { createSignInOptionsService } from './sign-in-options.js';
import { createSmtpSettingsService } from './smtp-settings.js';
import { createSignInWaysService } from './sign-in-ways.js';
import { createSignInFailureService } from './sign-in-failures.js';
import { createSignInService } from './sign-in.js';
import { createTwoFactorService } from './two-factor.js';
import { createIdentityAdmin } from './sso-identities.js';
import { createSsoSignInService, type SsoLimits } from './sso-sign-in.js';
import { createTestSignInService } from './test-sign-in.js';
import { createUserSessionService, endSignIns } from './user-sessions.js';
import { createUserService } from './users.js';

export interface ServiceOptions {
  config: Config;
  store: Store;
  clock: Clock;
  passwords: PasswordHasher;
  signInLimits?: { perAddress: number; perName: number; windowMs: number };
  /** Limits on starting single sign-ons (the benchmark lifts them: its load comes from one address). */
  ssoLimits?: SsoLimits;
  /** Outbound requests to identity providers (tests simulate hosted providers with it). */
  oidcFetch?: FetchLike;
  /** Tests only: switch ID-token signature checks off to prove the negative suite can fail. */
  oidcNonRepudiation?: boolean;
}

/** Builds every service over one store. Only app.ts and the CLI call this. */
export function createServices(options: ServiceOptions) {
  const { config, store, clock, passwords, signInLimits } = options;
  const audit = createAuditService({ store, clock });
  const settings = createSettingsService({ store, clock, audit });
  const accessTokens = createAccessTokenService({ store, clock, ttlDays: config.tokenTtlDays });
  const groups = createGroupService({ store, clock, audit });
  const users = createUserService({ store, clock, passwords, audit, accessTokens, groups });
  const registry = createRpRegistry({
    now: clock.now,
    ...(options.oidcFetch ? { fetch: options.oidcFetch } : {}),
    ...(options.oidcNonRepudiation === false ? { nonRepudiation: false } : {}),
  });
  const secretBox = createSecretBox(loadSecretKey({ secretKey: config.secretKey, dataDir: config.dataDir }));
  // Mail is made further down; e-mailed sign-in codes reach it when a sign-in sends one.
  const twoFactor = createTwoFactorService({
    store, clock, audit, secretBox, passwords,
    mail: { send: (message) => mail.send(message), configured: () => mail.configured() },
  });
  const consoleSessions = createConsoleSessionService({
    store,
    clock,
    ttlHours: config.sessionTtlHours,
    rememberDays: config.rememberMeDays,
  });
  const providers = createAuthProviderService({
    store,
    clock,
    audit,
    secretBox,
    onChange: (id) => registry.forget(id),
    endSignIns: (userId, keepSessionId) => endSignIns({ store, clock, accessTokens }, userId, keepSessionId),
  });
  const ldap = createLdapService({ store, clock, audit, secretBox });
  const ldapSignIn = createLdapSignInService({ store, clock, audit, ldap, users, groups, forgetUser: (id) => accessTokens.forgetUser(id) });
  const signIn = createSignInService({
    store, clock, passwords, settings, accessTokens, consoleSessions, users, twoFactor, providers,
    directory: ldapSignIn, directoryTest: ldap, ...(signInLimits ? { limits: signInLimits } : {}),
  });
  const revalidation = createRevalidation({ store, clock, providers, registry, secretBox, accessTokens, audit });
  const testSignIns = createTestSignInService({
    store,
    clock,
    forTest: (id) => providers.forTest(id),
    registry,
    transactions: createTransactions({ store, clock }),
    settings,
    publicBase: (origin) => sso.publicBase(origin),
  });
  const sso = createSsoSignInService({
    testSignIns,
    config,
    store,
    clock,
    providers,
    registry,
    transactions: createTransactions({ store, clock }),
    users,
    groups,
    accessTokens,
    settings,
    audit,
    revalidation,
    secretBox,
    secondStep: signIn,
    ...(options.ssoLimits ? { limits: options.ssoLimits } : {}),
  });
  const identities = createIdentityAdmin({ store, clock, audit, accessTokens });
  // Devices put into shared address books by their presets and by `rustdesk --assign`.
  const placement = createAddressBookPlacement({ store, clock, audit, settings, secretBox });
  const strategies = createStrategyService({ store, clock, audit });
  const devices = createDeviceService({ store, clock, settings, audit, placement, strategies });
  const connectPolicy = createConnectPolicy({ store, clock, settings, accessTokens, audit, devices });
  const forgetDevice = (id: string) => {
    devices.forget(id);
    connectPolicy.forget(id);
  };
  const deviceAdmin = createDeviceAdmin({ store, clock, audit, strategies, forget: forgetDevice });
  const deviceCli = createDeviceCli({ store, clock, audit, placement, settings, strategies, forget: forgetDevice });
  // A client's sign-in makes that person the owner of the device it names (id and uuid); a device
  // that becomes known later takes whoever already signed in on it.
  accessTokens.onIssue((userId, device) => deviceAdmin.ownerFromSignIn(userId, device));
  devices.onCreate((device) => deviceAdmin.ownerOfNewDevice(device));
  const deviceAudit = createDeviceAuditService({ store, clock, devices, accessTokens });
  const logRetention = createLogRetention({ store, clock, settings, audit });
  const addressBooks = createAddressBookService({ store, clock, audit, settings, secretBox });
  const smtpSettings = createSmtpSettingsService({ store, clock, audit, secretBox });
  const mail = createMailService({ smtp: smtpSettings });
  return {
    audit,
    settings,
    accessTokens,
    users,
    groups,
    providers,
    registry,
    providerTests: createProviderTestService({ forTest: providers.forTest, registry, publicBase: sso.publicBase }),
    identities,
    sso,
    testSignIns,
    accountLinks: createAccountLinkService({
      store,
      clock,
      providers,
      registry,
      transactions: createTransactions({ store, clock }),
      consoleSessions,
      identities,
      audit,
      publicBase: sso.publicBase,
      revalidation,
    }),
    oidcSettings: createOidcSettingsService({ config, settings, publicBase: sso.publicBase }),
    signInWays: createSignInWaysService({ store }),
    apiTokens: createApiTokenService({ store, clock, audit }),
    consoleSessions,
    providerLogout: createProviderLogoutService({ store, clock, providers, registry, accessTokens, consoleSessions, audit, secretBox, publicBase: sso.publicBase }),
    userSessions: createUserSessionService({ store, clock, users, accessTokens, consoleSessions, audit }),
    signInOptions: createSignInOptionsService({ providers, settings }),
    maintenance: createMaintenance({ store, clock, revalidation, logRetention, deviceAudit, addressBooks }),
    twoFactor,
    signIn,
    signInFailures: createSignInFailureService({ store }),
    devices,
    deviceGroups: createDeviceGroupService({ store, clock, audit, directory: createPeerDirectory({ store, notices: store.db.changeNotices }) }),
    deviceAdmin,
    deviceCli,
    strategies,
    connectPolicy,
    rendezvousDirectory: createRendezvousDirectory({ store, connectPolicy, devices }),
    deviceAudit,
    logRetention,
    addressBooks,
    ldap,
    smtpSettings,
    mail,
    rendezvousKey: createRendezvousKeyService({
      store, clock, audit, secretBox, publicBase: sso.publicBase, rendezvousPort: config.rendezvousPort, relayHost: config.relayHost,
    }),
    invitations: createInvitationService({ store, clock, audit, mail, users, groups, passwords, publicBase: sso.publicBase }),
    passwordResets: createPasswordResetService({
      store,
      clock,
      audit,
      mail,
      passwords,
      accessTokens,
      settings,
      publicUrl: async () => config.publicUrl ?? (await settings.get('public_url')),
    }),
  };
}

export type Services = ReturnType<typeof createServices>;

/**
 * What routes are given: every service, but not the relying party's registry, which only the
 * services that sign people in and test providers use (and app.ts, to close it).
 */
export type RouteServices = Omit<Services, 'registry'>;

export function routeServices(services: Services): RouteServices {
  const { registry: _registry, ...rest } = services;
  return rest;
}
