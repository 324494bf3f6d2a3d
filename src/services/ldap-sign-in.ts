import type { Clock } from '../clock.js';
import type { DirectoryPerson, StoredLdapSettings } from '../domain/ldap.js';
import { USER_NAME, type User } from '../domain/user.js';
import { AppError } from '../errors.js';
import { lookUp } from '../ldap/directory.js';
import type { Store } from '../store/index.js';
import { systemActor, type Actor, type AuditService } from './audit.js';
import { groupsDiffer, writeAccountChanges, type AccountChanges, type SyncWording } from './group-sync.js';
import type { GroupService } from './groups.js';
import { groupNamesOf, sameDn, type LdapService } from './ldap.js';
import type { UserService } from './users.js';

/** What the directory said of a password: the account signed in to, or why not (a failed sign-in's reason). */
export type DirectoryVerdict = { kind: 'user'; user: User } | { kind: 'refused'; reason: string };

/** Who made a change at sign-in, in the audit log. */
const actor: Actor = { ...systemActor, name: 'ldap' };

/** How the directory's changes read in the audit log (the console's audit filters name these). */
const wording: SyncWording = {
  actor,
  by: { profile: 'ldap', groups: 'ldap_groups', admin: 'ldap_admin_group' },
  extra: {},
  kept: { action: 'ldap.admin_kept', fix: 'Add another administrator, or put this person in the directory’s administrators group' },
};

/**
 * Password sign-in against LDAP / Active Directory, called by sign-in.ts for the names that are
 * the directory's: search as the bind account, bind as the entry found with the typed password,
 * then find the account linked to that entry by its stable id (or create it), and bring its
 * groups, administrator flag, display name and e-mail in line with the directory.
 */
export function createLdapSignInService(deps: {
  store: Store;
  clock: Clock;
  audit: AuditService;
  ldap: Pick<LdapService, 'stored' | 'opened'>;
  users: Pick<UserService, 'newUserRecords'>;
  groups: Pick<GroupService, 'defaultGroupId'>;
  /** Drops cached client tokens of a person whose administrator flag changed. */
  forgetUser?: (userId: string) => void;
}) {
  const { store, clock, audit, ldap, users, groups } = deps;

  /**
   * Whether the directory judges this sign-in: LDAP is on, and the name is an account linked to
   * the directory, or no account at all. An account made in deskgate keeps its own password,
   * and is never taken over by a directory entry of the same name.
   */
  async function handles(user: User | undefined): Promise<boolean> {
    if (!(await ldap.stored()).enabled) return false;
    return !user || (await store.ldapLinks.findByUser(user.id)) !== undefined;
  }

  /** The deskgate groups the directory's groups name; none named: the Default group. */
  async function groupIdsFor(person: DirectoryPerson): Promise<{ ids: string[]; names: string[] }> {
    const matched = await store.groups.findByNames(groupNamesOf(person.groups));
    if (matched.length > 0) return { ids: matched.map((g) => g.id), names: matched.map((g) => g.name) };
    return { ids: [await groups.defaultGroupId()], names: [] };
  }

  /** First sign-in: the account, its groups, the link and the audit records, in one transaction. */
  async function create(settings: StoredLdapSettings, person: DirectoryPerson, typed: string): Promise<User> {
    if (!settings.auto_create) throw new AppError('ldap.no_account', { detail: person.dn });
    const name = person.username || typed;
    if (!USER_NAME.test(name)) throw new AppError('ldap.no_account', { detail: `the directory's ${settings.username_attribute} is not a valid username` });
    // The same person's concurrent first sign-in made the account (unique directory id): theirs.
    const madeMeanwhile = async () => {
      const link = await store.ldapLinks.findByDirectoryId(person.id);
      return link && (await store.users.findById(link.userId));
    };
    if (await store.users.findByName(name)) {
      const made = await madeMeanwhile();
      if (made) return made;
      throw new AppError('ldap.name_taken', { detail: person.dn });
    }
    const isAdmin = settings.admin_group_dn !== '' && person.groups.some((dn) => sameDn(dn, settings.admin_group_dn));
    const { user, audit: created } = users.newUserRecords(
      actor,
      { name, display_name: person.display_name.slice(0, 128), email: person.email.slice(0, 254), is_admin: isAdmin },
      null,
    );
    const groupIds = settings.group_attribute ? (await groupIdsFor(person)).ids : [await groups.defaultGroupId()];
    try {
      await store.transaction(async (tx) => {
        await tx.users.insert(user);
        await tx.users.setGroups(user.id, groupIds);
        await tx.ldapLinks.insert({ userId: user.id, directoryId: person.id, dn: person.dn, createdAt: user.created_at, lastSignInAt: user.created_at });
        await tx.consoleAudit.insert(created);
        await tx.consoleAudit.insert(audit.row(actor, 'ldap.link', { type: 'user', id: user.id, name }, { dn: person.dn }));
      });
    } catch (error) {
      // The same person's concurrent first sign-in made it first, or the name was taken meanwhile.
      const made = await madeMeanwhile();
      if (made) return made;
      if (await store.users.findByName(name)) throw new AppError('ldap.name_taken', { cause: error });
      throw error;
    }
    return user;
  }

  /**
   * At each sign-in: the display name and e-mail follow the directory when it has them; with a
   * group attribute the groups are the deskgate groups it names (none: Default); with an
   * administrators group the flag follows membership both ways, but the last administrator
   * with a way in is never demoted (that refusal is audited and the flag kept).
   */
  async function update(settings: StoredLdapSettings, person: DirectoryPerson, user: User): Promise<User> {
    const changes: AccountChanges = { profile: {} };
    if (person.display_name && person.display_name.slice(0, 128) !== user.display_name) changes.profile.display_name = person.display_name.slice(0, 128);
    if (person.email && person.email.slice(0, 254) !== user.email) changes.profile.email = person.email.slice(0, 254);
    if (settings.group_attribute) {
      const wanted = await groupIdsFor(person);
      if (await groupsDiffer(store, user.id, wanted.ids)) changes.groups = wanted;
    }
    if (settings.admin_group_dn) {
      const wantAdmin = person.groups.some((dn) => sameDn(dn, settings.admin_group_dn));
      if (wantAdmin !== user.is_admin) changes.admin = wantAdmin;
    }
    let adminChanged = false;
    await store.transaction(async (tx) => {
      const now = clock.now();
      await tx.ldapLinks.touch(user.id, person.dn, now);
      adminChanged = await writeAccountChanges(tx, audit, user, now, changes, wording);
    });
    if (adminChanged) deps.forgetUser?.(user.id);
    return (await store.users.findById(user.id)) ?? user;
  }

  return {
    handles,

    /**
     * Checks `password` for `name` with the directory. `user` is the account of that name, if
     * any (then linked: see `handles`). Refusals are verdicts (they count toward the lock-out);
     * an unreachable directory, or an entry that would need an account that cannot be made,
     * throw their `ldap.*` error.
     */
    async verify(name: string, password: string, user: User | undefined): Promise<DirectoryVerdict> {
      // An empty password would be an unauthenticated bind, which some directories (Active
      // Directory among them) answer with success: refused before anything is sent.
      if (password === '') return { kind: 'refused', reason: 'ldap_empty_password' };
      const settings = await ldap.stored();
      const result = await lookUp(ldap.opened(settings), name, password);
      switch (result.outcome) {
        case 'found':
          break;
        case 'unreachable':
          throw new AppError('ldap.unavailable', { detail: result.steps.map((s) => s.message).join('; ') });
        case 'bind_failed':
        case 'search_failed':
        case 'no_id':
          // Reached, but set up wrong: the person can do nothing about it, an administrator can.
          throw new AppError('ldap.unavailable', {
            message: 'The directory (LDAP) could not check this sign-in; an administrator can see why in Settings → LDAP → Test',
            detail: result.steps.map((s) => s.message).join('; '),
          });
        default:
          return { kind: 'refused', reason: `ldap_${result.outcome}` };
      }
      const person = result.person!;
      const link = await store.ldapLinks.findByDirectoryId(person.id);
      // The name belongs to an account linked to another entry (renamed or reused in the directory).
      if (user && link?.userId !== user.id) return { kind: 'refused', reason: 'ldap_other_entry' };
      const account = link ? await store.users.findById(link.userId) : await create(settings, person, name);
      if (!account) return { kind: 'refused', reason: 'ldap_other_entry' };
      return { kind: 'user', user: await update(settings, person, account) };
    },
  };
}

export type LdapSignInService = ReturnType<typeof createLdapSignInService>;
