import { Type, type Static } from 'typebox';

/**
 * Settings → LDAP, declared once: each field's type, limits and default. The admin API, the
 * service (services/ldap.ts), the directory client (ldap/) and the console's form all use these.
 */

export const LDAP_SCOPES = ['base', 'one', 'sub'] as const;
export type LdapScope = (typeof LDAP_SCOPES)[number];

/** Where `{username}` goes in the user filter; the value is escaped (RFC 4515) before it is put there. */
export const USERNAME_PLACEHOLDER = '{username}';

const text = (maxLength: number, description: string) => Type.String({ maxLength, description });

/** Everything but the bind password, as the API shows and takes it. */
const fields = {
  enabled: Type.Boolean({ description: 'Password sign-ins of people without a local account are checked against the directory' }),
  url: text(512, '`ldap://host[:port]` or `ldaps://host[:port]`'),
  start_tls: Type.Boolean({ description: 'Upgrade an `ldap://` connection with StartTLS before binding' }),
  ca_pem: text(65_536, 'PEM certificate(s) of the CA that signed the server’s certificate; empty: the system’s CAs'),
  bind_dn: text(1024, 'DN of the account deskgate searches the directory with; empty: an anonymous search'),
  base_dn: text(1024, 'Where people are searched, e.g. `ou=people,dc=example,dc=com`'),
  scope: Type.Unsafe<LdapScope>({ type: 'string', enum: [...LDAP_SCOPES], description: '`base`, `one` (the base’s children) or `sub` (the whole subtree)' }),
  user_filter: text(2048, 'Search filter; `{username}` is replaced by the name typed at sign-in, escaped (RFC 4515)'),
  username_attribute: text(128, 'Attribute holding the deskgate username of a new account, e.g. `uid` or `sAMAccountName`'),
  email_attribute: text(128, 'Attribute holding the e-mail address; empty: none'),
  display_name_attribute: text(128, 'Attribute holding the display name; empty: none'),
  id_attribute: text(128, 'Attribute with the entry’s stable id that links it to its deskgate account: `entryUUID` (OpenLDAP) or `objectGUID` (Active Directory)'),
  group_attribute: text(128, 'Attribute of the person’s entry listing their groups’ DNs (`memberOf`); empty: groups are managed in deskgate only'),
  nested_groups: Type.Boolean({
    description:
      'Also count the groups the person’s groups are in, and theirs in turn (up to 10 levels and 500 groups), by reading each group’s own `group_attribute`: Active Directory and OpenLDAP’s memberof overlay list a group’s groups there',
  }),
  admin_group_dn: text(1024, 'DN of the directory group whose members are deskgate administrators (needs `group_attribute`); empty: the flag is managed in deskgate'),
  auto_create: Type.Boolean({ description: 'Create a deskgate account at a directory user’s first sign-in' }),
  timeout_seconds: Type.Integer({ minimum: 1, maximum: 60, description: 'How long to wait for the directory, per step' }),
};

export const LdapSettings = Type.Object({
  ...fields,
  has_bind_password: Type.Boolean({ description: 'Whether a bind password is stored (it is never shown)' }),
});
export type LdapSettings = Static<typeof LdapSettings>;

/** A change: fields left out keep their value; `bind_password` is write-only ('' removes it). */
export const LdapSettingsInput = Type.Partial(
  Type.Object({ ...fields, bind_password: Type.String({ maxLength: 1024, description: 'Write-only; empty removes it' }) }),
  { additionalProperties: false },
);
export type LdapSettingsInput = Static<typeof LdapSettingsInput>;

/** What is stored (the settings row `ldap`): the bind password sealed with the secret box. */
export type StoredLdapSettings = Omit<LdapSettings, 'has_bind_password'> & { bind_password_sealed: string };

/** The settings in full, with the bind password opened, for the directory client. */
export type OpenedLdapSettings = Omit<LdapSettings, 'has_bind_password'> & { bind_password: string };

export function defaultLdapSettings(): StoredLdapSettings {
  return {
    enabled: false,
    url: '',
    start_tls: false,
    ca_pem: '',
    bind_dn: '',
    bind_password_sealed: '',
    base_dn: '',
    scope: 'sub',
    user_filter: '(uid={username})',
    username_attribute: 'uid',
    email_attribute: 'mail',
    display_name_attribute: 'cn',
    id_attribute: 'entryUUID',
    group_attribute: '',
    nested_groups: false,
    admin_group_dn: '',
    auto_create: true,
    timeout_seconds: 10,
  };
}

/**
 * Fields that need the `admin` scope to change: whoever controls which server deskgate asks, as
 * whom, or which group makes administrators, controls who is an administrator.
 */
export const LDAP_ADMIN_FIELDS = ['url', 'start_tls', 'ca_pem', 'bind_dn', 'bind_password', 'admin_group_dn', 'nested_groups'] as const;

/** The person a directory search found, as deskgate reads the entry. */
export interface DirectoryPerson {
  dn: string;
  /** The stable id (`entryUUID`, or `objectGUID` in its usual text form), lower case. */
  id: string;
  username: string;
  email: string;
  display_name: string;
  /** Values of the group attribute (group DNs), and with `nested_groups` the groups those are in. */
  groups: string[];
}
