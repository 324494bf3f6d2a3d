import type { ComponentType } from 'react';
import type { User } from './api/types';
import { t } from './i18n';
import { AccountPage } from './pages/Account/AccountPage';
import { AddressBooksPage } from './pages/AddressBooks/AddressBooksPage';
import { DevicesPage } from './pages/Devices/DevicesPage';
import { MyDevicesPage } from './pages/MyDevices/MyDevicesPage';
import { MyConnectionsPage } from './pages/MyConnections/MyConnectionsPage';
import { ConsoleLogPage } from './pages/Logs/ConsoleLogPage';
import { DeviceGroupsPage } from './pages/DeviceGroups/DeviceGroupsPage';
import { SignInFailuresPage } from './pages/Logs/SignInFailuresPage';
import { AlarmsLogPage, ConnectionsLogPage, FilesLogPage } from './pages/Logs/DeviceLogPages';
import { GroupsPage } from './pages/Groups/GroupsPage';
import { LdapSettingsPage } from './pages/LdapSettings/LdapSettingsPage';
import { OidcSettingsPage } from './pages/OidcSettings/OidcSettingsPage';
import { OtherSettingsPage } from './pages/OtherSettings/OtherSettingsPage';
import { KeySettingsPage } from './pages/KeySettings/KeySettingsPage';
import { SmtpSettingsPage } from './pages/SmtpSettings/SmtpSettingsPage';
import { StrategiesPage } from './pages/Strategies/StrategiesPage';
import { TokensPage } from './pages/Tokens/TokensPage';
import { UsersPage } from './pages/Users/UsersPage';

export interface RouteDef {
  path: string;
  navLabel: string;
  section: string;
  /** Who may open it; the navigation lists only what this allows. The API checks again. */
  allowed(user: User): boolean;
  Page: ComponentType;
}

const everyone = () => true;
const administrators = (user: User) => user.is_admin;

export const sections: { id: string; label?: string }[] = [
  { id: 'me' },
  { id: 'fleet' },
  { id: 'people', label: t.nav.users },
  { id: 'logs', label: t.nav.logs },
  { id: 'settings', label: t.nav.settings },
];

export const routes: RouteDef[] = [
  { path: '/account', navLabel: t.nav.account, section: 'me', allowed: everyone, Page: AccountPage },
  { path: '/my-devices', navLabel: t.nav.myDevices, section: 'me', allowed: everyone, Page: MyDevicesPage },
  { path: '/my-connections', navLabel: t.nav.myConnections, section: 'me', allowed: everyone, Page: MyConnectionsPage },
  { path: '/devices', navLabel: t.nav.devices, section: 'fleet', allowed: administrators, Page: DevicesPage },
  { path: '/strategies', navLabel: t.nav.strategies, section: 'fleet', allowed: administrators, Page: StrategiesPage },
  { path: '/address-books', navLabel: t.nav.addressBooks, section: 'fleet', allowed: everyone, Page: AddressBooksPage },
  { path: '/users', navLabel: t.nav.userList, section: 'people', allowed: administrators, Page: UsersPage },
  { path: '/groups', navLabel: t.nav.groups, section: 'people', allowed: administrators, Page: GroupsPage },
  { path: '/device-groups', navLabel: t.nav.deviceGroups, section: 'people', allowed: administrators, Page: DeviceGroupsPage },
  { path: '/logs/console', navLabel: t.nav.consoleLog, section: 'logs', allowed: administrators, Page: ConsoleLogPage },
  { path: '/logs/sign-in-failures', navLabel: t.nav.signInFailures, section: 'logs', allowed: administrators, Page: SignInFailuresPage },
  { path: '/logs/connections', navLabel: t.nav.connections, section: 'logs', allowed: administrators, Page: ConnectionsLogPage },
  { path: '/logs/files', navLabel: t.nav.files, section: 'logs', allowed: administrators, Page: FilesLogPage },
  { path: '/logs/alarms', navLabel: t.nav.alarms, section: 'logs', allowed: administrators, Page: AlarmsLogPage },
  { path: '/settings/oidc', navLabel: t.nav.oidc, section: 'settings', allowed: administrators, Page: OidcSettingsPage },
  { path: '/settings/ldap', navLabel: t.nav.ldap, section: 'settings', allowed: administrators, Page: LdapSettingsPage },
  { path: '/settings/smtp', navLabel: t.nav.smtp, section: 'settings', allowed: administrators, Page: SmtpSettingsPage },
  { path: '/settings/key', navLabel: t.nav.key, section: 'settings', allowed: administrators, Page: KeySettingsPage },
  { path: '/settings/tokens', navLabel: t.nav.tokens, section: 'settings', allowed: administrators, Page: TokensPage },
  { path: '/settings/others', navLabel: t.nav.others, section: 'settings', allowed: administrators, Page: OtherSettingsPage },
];

export function homeFor(user: User): string {
  return user.is_admin ? '/users' : '/account';
}

/** Only a path on this site (the server checks return_to the same way). */
export function safeNext(value: string | null): string | undefined {
  return value && value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\') && value !== '/sign-in' ? value : undefined;
}
