import type { Migration, MigrationProvider } from 'kysely';
import * as foundation from './0001-foundation.js';
import * as oidc from './0002-oidc.js';
import * as leanSignInTables from './0003-lean-sign-in-tables.js';
import * as identitiesByProvider from './0004-identities-by-provider.js';
import * as registrationGates from './0005-registration-gates.js';
import * as ssoSignInFailures from './0006-sso-sign-in-failures.js';
import * as providerLogout from './0007-provider-logout.js';
import * as ssoProvisioning from './0008-sso-provisioning.js';
import * as devices from './0010-devices.js';
import * as logRetention from './0011-log-retention.js';
import * as deviceLogFilters from './0012-device-log-filters.js';
import * as tokenChangeNotices from './0013-token-change-notices.js';
import * as devicesByPresence from './0014-devices-by-presence.js';
import * as addressBooks from './0015-address-books.js';
import * as deviceChangeNotices from './0016-device-change-notices.js';
import * as totp from './0017-totp.js';
import * as trustedDevices from './0018-trusted-devices.js';
import * as mailLinks from './0019-mail-links.js';
import * as ldapLinks from './0020-ldap-links.js';
import * as ssoIdTokenHint from './0021-sso-id-token-hint.js';
import * as rendezvousDevices from './0022-rendezvous-devices.js';
import * as accessTokensByDevice from './0023-access-tokens-by-device.js';
import * as invitationGroups from './0024-invitation-groups.js';
import * as secondStepIdToken from './0025-second-step-id-token.js';
import * as strategies from './0026-strategies.js';

/** Migrations in order; names sort as they run. Imported statically so the build carries them. */
const migrations: Record<string, Migration> = {
  '0001-foundation': foundation,
  '0002-oidc': oidc,
  '0003-lean-sign-in-tables': leanSignInTables,
  '0004-identities-by-provider': identitiesByProvider,
  '0005-registration-gates': registrationGates,
  '0006-sso-sign-in-failures': ssoSignInFailures,
  '0007-provider-logout': providerLogout,
  '0008-sso-provisioning': ssoProvisioning,
  '0010-devices': devices,
  '0011-log-retention': logRetention,
  '0012-device-log-filters': deviceLogFilters,
  '0013-token-change-notices': tokenChangeNotices,
  '0014-devices-by-presence': devicesByPresence,
  '0015-address-books': addressBooks,
  '0016-device-change-notices': deviceChangeNotices,
  '0017-totp': totp,
  '0018-trusted-devices': trustedDevices,
  '0019-mail-links': mailLinks,
  '0020-ldap-links': ldapLinks,
  '0021-sso-id-token-hint': ssoIdTokenHint,
  '0022-rendezvous-devices': rendezvousDevices,
  '0023-access-tokens-by-device': accessTokensByDevice,
  '0024-invitation-groups': invitationGroups,
  '0025-second-step-id-token': secondStepIdToken,
  '0026-strategies': strategies,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
