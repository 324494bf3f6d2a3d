import { X509Certificate } from 'node:crypto';
import type { Clock } from '../clock.js';
import {
  LDAP_ADMIN_FIELDS,
  LDAP_SCOPES,
  defaultLdapSettings,
  type DirectoryPerson,
  type LdapSettings,
  type LdapSettingsInput,
  type OpenedLdapSettings,
  type StoredLdapSettings,
} from '../domain/ldap.js';
import { AppError } from '../errors.js';
import { dnKey, lookUp, type Step } from '../ldap/directory.js';
import { filterTemplateProblem } from '../ldap/filter.js';
import type { Store } from '../store/index.js';
import type { Actor, AuditService } from './audit.js';
import { authorityFor, requireScope, type Authority } from './authority.js';
import type { SecretBox } from './secret-box.js';
import { requireAdminWayIn } from './sign-in-ways.js';

/** The settings row that holds Settings → LDAP (one JSON value; not one of settings.ts's definitions). */
export const LDAP_SETTINGS_KEY = 'ldap';

const ATTRIBUTE = /^(?:[A-Za-z][A-Za-z0-9-]{0,127}|\d+(?:\.\d+)+)$/;
const LDAP_URL = /^ldaps?:\/\/(?:\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?\/?$/i;

/** What Test found, in words (Settings → LDAP → Test). */
export interface LdapTestReport {
  ok: boolean;
  steps: Step[];
  /** The person found, with what a sign-in would do with them. */
  user?: DirectoryPerson & {
    /** The deskgate account linked to this entry, or '' when a first sign-in would create one. */
    linked_account: string;
    /** The deskgate groups a sign-in would put them in ([] when groups are not mapped). */
    deskgate_groups: string[];
    /** Whether they would be an administrator (only when an administrators group is set). */
    is_admin: boolean | null;
  };
}

/** The deskgate groups named by directory group DNs: a group whose name is the DN or its first RDN's value (`cn=Ops,ou=groups,…` → `Ops`). */
export function groupNamesOf(groupDns: readonly string[]): string[] {
  const names = new Set<string>();
  for (const dn of groupDns) {
    names.add(dn);
    const rdn = /^[^=,]+=((?:\\.|[^,\\])*)/.exec(dn)?.[1];
    if (rdn) names.add(rdn.replace(/\\(.)/g, '$1'));
  }
  return [...names].filter((name) => name.length <= 256);
}

/** DN comparison loose enough for what directories send back (case, spaces after commas). */
export const sameDn = (a: string, b: string) => dnKey(a) === dnKey(b);

/**
 * Settings → LDAP: stored server-side with the bind password sealed, changed with its audit
 * record and the `admin` scope for what decides who is an administrator, tested, and turned off
 * by the command line even when that leaves no administrator a way in (the recovery path).
 */
export function createLdapService(deps: { store: Store; clock: Clock; audit: AuditService; secretBox: SecretBox }) {
  const { store, clock, audit, secretBox } = deps;

  async function stored(from: Store = store): Promise<StoredLdapSettings> {
    const value = await from.settings.get(LDAP_SETTINGS_KEY);
    const defaults = defaultLdapSettings();
    if (typeof value !== 'object' || value === null) return defaults;
    // Fields added later read as their defaults.
    const merged = { ...defaults } as Record<string, unknown>;
    for (const [key, fallback] of Object.entries(defaults)) {
      const v = (value as Record<string, unknown>)[key];
      if (typeof v === typeof fallback) merged[key] = v;
    }
    return merged as StoredLdapSettings;
  }

  function view(settings: StoredLdapSettings): LdapSettings {
    const { bind_password_sealed, ...rest } = settings;
    return { ...rest, has_bind_password: bind_password_sealed !== '' };
  }

  function opened(settings: StoredLdapSettings): OpenedLdapSettings {
    const { bind_password_sealed, ...rest } = settings;
    return { ...rest, bind_password: bind_password_sealed ? secretBox.open(bind_password_sealed) : '' };
  }

  /** Why these settings cannot be saved, field by field ('' when they can). */
  function problem(s: StoredLdapSettings): string {
    if (s.url !== '' && !LDAP_URL.test(s.url)) return 'url must be ldap://host[:port] or ldaps://host[:port]';
    if (s.start_tls && s.url.toLowerCase().startsWith('ldaps://')) return 'start_tls is for ldap:// URLs; an ldaps:// URL is encrypted already';
    if (!(LDAP_SCOPES as readonly string[]).includes(s.scope)) return 'scope must be base, one or sub';
    if (s.ca_pem.trim() !== '') {
      try {
        new X509Certificate(s.ca_pem);
      } catch {
        return 'ca_pem must be a PEM certificate (-----BEGIN CERTIFICATE----- …)';
      }
    }
    for (const [name, value, required] of [
      ['username_attribute', s.username_attribute, true],
      ['id_attribute', s.id_attribute, true],
      ['email_attribute', s.email_attribute, false],
      ['display_name_attribute', s.display_name_attribute, false],
      ['group_attribute', s.group_attribute, false],
    ] as const) {
      if (value === '' ? required : !ATTRIBUTE.test(value)) return `${name} must be an attribute name such as uid or sAMAccountName`;
    }
    if (s.user_filter !== '') {
      const filter = filterTemplateProblem(s.user_filter);
      if (filter) return filter;
    }
    if (s.admin_group_dn !== '' && s.group_attribute === '') return 'admin_group_dn needs group_attribute (e.g. memberOf) to read who is in it';
    if (s.nested_groups && s.group_attribute === '') return 'nested_groups needs group_attribute (e.g. memberOf) to read the groups of groups';
    if (!Number.isInteger(s.timeout_seconds) || s.timeout_seconds < 1 || s.timeout_seconds > 60) return 'timeout_seconds must be from 1 to 60';
    if (s.enabled && (s.url === '' || s.base_dn === '' || s.user_filter === '')) return 'LDAP cannot be turned on before url, base_dn and user_filter are set';
    return '';
  }

  const configured = (s: StoredLdapSettings) => s.url !== '' && s.base_dn !== '' && s.user_filter !== '';

  /** Writes the settings and their audit record; `checkWayIn` refuses turning LDAP off when that locks every administrator out. */
  async function write(actor: Actor, next: StoredLdapSettings, changed: Record<string, unknown>, checkWayIn: boolean): Promise<void> {
    await store.transaction(async (tx) => {
      const before = await stored(tx);
      if (checkWayIn && before.enabled && !next.enabled) await requireAdminWayIn(tx, [{ kind: 'ldap_off' }]);
      await tx.settings.set(LDAP_SETTINGS_KEY, next, clock.now());
      await tx.consoleAudit.insert(audit.row(actor, 'settings.update', { type: 'setting', id: LDAP_SETTINGS_KEY, name: 'LDAP' }, changed));
    });
  }

  return {
    /** The settings as stored, bind password sealed (ldap-sign-in.ts reads them at each sign-in). */
    stored,
    opened,

    async get(): Promise<LdapSettings> {
      return view(await stored());
    },

    /**
     * Changes the fields given. The server, the bind account and the administrators group need
     * `admin` (`authority`: what the caller holds). Turning LDAP off is refused (409
     * `signin.would_lock_out`) when it leaves no enabled administrator a way to sign in.
     */
    async update(actor: Actor, input: LdapSettingsInput, authority?: Authority): Promise<LdapSettings> {
      const held = authorityFor(actor, authority);
      const current = await stored();
      const next: StoredLdapSettings = { ...current };
      const changed: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(input) as [keyof LdapSettingsInput, unknown][]) {
        if (value === undefined) continue;
        if (key === 'bind_password') {
          next.bind_password_sealed = value === '' ? '' : secretBox.seal(value as string);
          changed.bind_password = value === '' ? 'removed' : 'changed';
        } else if (current[key] !== value) {
          (next as Record<string, unknown>)[key] = value;
          changed[key] = key === 'ca_pem' ? 'changed' : value;
        }
      }
      for (const field of LDAP_ADMIN_FIELDS) {
        if (field in changed) requireScope(held, 'admin', `Changing ${field} of Settings → LDAP`);
      }
      const why = problem(next);
      if (why) throw new AppError('ldap.invalid', { message: `Invalid LDAP settings: ${why}` });
      if (Object.keys(changed).length > 0) await write(actor, next, changed, true);
      return view(next);
    },

    /** `deskgate settings ldap off`: the way back when the directory is what locks people out. No lock-out check. */
    async turnOff(actor: Actor): Promise<void> {
      const current = await stored();
      if (!current.enabled) return;
      await write(actor, { ...current, enabled: false }, { enabled: false }, false);
    },

    /**
     * Settings → LDAP → Test, with the saved settings: binds, searches for `username`, and with a
     * password binds as the entry found. An unreachable directory is `ldap.unavailable` (a 4xx
     * that says why); any other outcome is a report of each step.
     */
    async test(input: { username: string; password?: string | undefined }): Promise<LdapTestReport> {
      const current = await stored();
      if (!configured(current)) throw new AppError('ldap.not_configured');
      const password = input.password === '' ? undefined : input.password;
      const result = await lookUp(opened(current), input.username, password);
      if (result.outcome === 'unreachable') {
        throw new AppError('ldap.unavailable', { message: result.steps[result.steps.length - 1]?.message ?? 'The directory cannot be reached' });
      }
      const report: LdapTestReport = { ok: result.outcome === 'found', steps: result.steps };
      if (input.password === '') {
        report.steps.push({ step: 'user_bind', ok: false, message: 'An empty password is always refused: deskgate never sends it (the directory could take it as an anonymous bind)' });
        report.ok = false;
      }
      if (result.person) {
        const person = result.person;
        const link = person.id ? await store.ldapLinks.findByDirectoryId(person.id) : undefined;
        const account = link ? await store.users.findById(link.userId) : undefined;
        const groups = current.group_attribute ? (await store.groups.findByNames(groupNamesOf(person.groups))).map((g) => g.name) : [];
        const admin = current.admin_group_dn ? person.groups.some((dn) => sameDn(dn, current.admin_group_dn)) : null;
        report.user = { ...person, linked_account: account?.name ?? '', deskgate_groups: groups, is_admin: admin };
      }
      return report;
    },
  };
}

export type LdapService = ReturnType<typeof createLdapService>;
