import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { PageRequest } from '../store/paging.js';
import type { AuditRecord } from '../domain/audit-record.js';
import type { UserFilter, WriteConditions } from '../store/users.js';
import { USER_NAME, UserStatus, type User, type UserPatch } from '../domain/user.js';
import type { AccessTokenService } from './access-tokens.js';
import type { Actor, AuditService } from './audit.js';
import { authorityFor, holds, requireAdminOver, requireScope, type Authority } from './authority.js';
import { PASSWORD_MAX, PASSWORD_MIN, type PasswordHasher } from './passwords.js';
import { createRateLimiter } from './rate-limiter.js';
import { requireAdminWayIn } from './sign-in-ways.js';
import type { GroupService } from './groups.js';
import { newId } from './secrets.js';

export { USER_NAME };

/** A user as the console and the admin API show one: whether a password is set, never its hash. */
export interface UserDetail extends Omit<User, 'password_hash'> {
  has_password: boolean;
  /** Linked to an LDAP / Active Directory entry: signs in with the directory's password, never a local one. */
  ldap: boolean;
  groups: { id: string; name: string }[];
}

export interface NewUser {
  name: string;
  password?: string | undefined;
  display_name?: string | undefined;
  email?: string | undefined;
  note?: string | undefined;
  is_admin?: boolean | undefined;
  status?: UserStatus | undefined;
  /** Group ids; none means the Default group. */
  group_ids?: string[] | undefined;
}

export interface UserChanges {
  display_name?: string | undefined;
  email?: string | undefined;
  note?: string | undefined;
  is_admin?: boolean | undefined;
  status?: UserStatus | undefined;
  group_ids?: string[] | undefined;
}

export function checkPassword(password: string): void {
  if (typeof password !== 'string' || password.length < PASSWORD_MIN || password.length > PASSWORD_MAX) {
    throw new AppError('user.weak_password');
  }
}

function toDetail(user: User, groups: { id: string; name: string }[], ldap: boolean): UserDetail {
  return {
    id: user.id,
    name: user.name,
    display_name: user.display_name,
    email: user.email,
    note: user.note,
    status: user.status,
    is_admin: user.is_admin,
    has_password: user.password_hash !== null,
    ldap,
    groups,
    created_at: user.created_at,
    updated_at: user.updated_at,
  };
}

/** Users. Every change takes an actor and writes its console audit record in the same transaction. */
export function createUserService(deps: {
  store: Store;
  clock: Clock;
  passwords: PasswordHasher;
  audit: AuditService;
  accessTokens: AccessTokenService;
  groups: GroupService;
}) {
  const { store, clock, passwords, audit, accessTokens, groups } = deps;
  // A stolen session must not become an unthrottled oracle for the current password.
  const passwordChecks = createRateLimiter({ clock, limit: 5, windowMs: 15 * 60_000 });

  async function requireUser(id: string): Promise<User> {
    const row = await store.users.findById(id);
    if (!row) throw new AppError('user.not_found');
    return row;
  }

  async function withGroups(user: User): Promise<UserDetail> {
    const groups = await store.users.groupsOf([user.id]);
    return toDetail(user, groups.get(user.id) ?? [], (await store.ldapLinks.findByUser(user.id)) !== undefined);
  }

  async function checkGroups(ids: string[]): Promise<string[]> {
    const unique = [...new Set(ids)];
    const found = await store.groups.findByIds(unique);
    if (found.length !== unique.length) throw new AppError('group.not_found');
    return unique;
  }

  /**
   * Why a conditional write found nothing to change: the user is gone, became an administrator
   * for a caller without `admin`, or is the last enabled administrator (no lock-out).
   */
  async function refuse(id: string, authority: Authority, what: string): Promise<never> {
    const now = await store.users.findById(id);
    if (!now) throw new AppError('user.not_found');
    requireAdminOver(authority, now, what);
    throw new AppError('user.last_admin');
  }

  /**
   * What a write must still find true when it is written: that it leaves an enabled
   * administrator if it can remove one, and, when it changes a password or sign-in state for a
   * caller without `admin`, that the user is still not an administrator (one promoted meanwhile
   * is out of that caller's reach).
   */
  const conditionsFor = (authority: Authority, write: { removesAnAdmin: boolean; signInState: boolean }): WriteConditions => ({
    keepAnAdmin: write.removesAnAdmin,
    notAdmin: write.signInState && !holds(authority, 'admin'),
  });

  const target = (row: { id: string; name: string }) => ({ type: 'user', id: row.id, name: row.name });

  /**
   * Demoting, disabling or deleting an enabled administrator is refused (`signin.would_lock_out`)
   * when no other enabled administrator could then sign in (sign-in-ways.ts). The last enabled
   * administrator of all is left to the write's own condition (`user.last_admin`).
   */
  async function keepAWayIn(tx: Store, row: User): Promise<void> {
    if (!row.is_admin || row.status !== UserStatus.Normal) return;
    // Under the administrators' lock (PostgreSQL) before counting, as the write's condition decides.
    await tx.users.lockAdministrators();
    if ((await tx.users.countEnabledAdmins(row.id)) === 0) return;
    await requireAdminWayIn(tx, [{ kind: 'remove_admin', userId: row.id }]);
  }

  /** An account linked to LDAP signs in with its directory password only: it gets no local one. */
  async function refuseDirectoryAccount(id: string): Promise<void> {
    if (await store.ldapLinks.findByUser(id)) throw new AppError('ldap.local_password');
  }

  /** A user with their groups. */
  async function get(id: string): Promise<UserDetail> {
    return withGroups(await requireUser(id));
  }

  /**
   * A new user and its `user.create` audit record, written by `create` and by the first single
   * sign-on (which writes them with the identity link, in one transaction).
   */
  function newUserRecords(
    actor: Actor,
    input: Omit<NewUser, 'password' | 'group_ids'>,
    passwordHash: string | null,
  ): { user: User; audit: AuditRecord } {
    const now = clock.now();
    const user: User = {
      id: newId(),
      name: input.name,
      display_name: input.display_name ?? '',
      email: input.email ?? '',
      note: input.note ?? '',
      status: input.status ?? UserStatus.Normal,
      is_admin: input.is_admin ?? false,
      password_hash: passwordHash,
      created_at: now,
      updated_at: now,
    };
    const detail = { is_admin: user.is_admin, status: user.status };
    return { user, audit: audit.row(actor, 'user.create', target(user), detail) };
  }

  /**
   * `authority`: what the caller holds. Making or unmaking an administrator, and enabling or
   * disabling one, need `admin`; the last enabled administrator is never demoted or disabled.
   */
  async function update(actor: Actor, id: string, changes: UserChanges, authority?: Authority): Promise<UserDetail> {
    const held = authorityFor(actor, authority);
    const row = await requireUser(id);
    const patch: UserPatch = {};
    const changed: Record<string, unknown> = {};
    for (const key of ['display_name', 'email', 'note'] as const) {
      const value = changes[key];
      if (value !== undefined && value !== row[key]) {
        patch[key] = value;
        changed[key] = value;
      }
    }
    if (changes.status !== undefined && changes.status !== row.status) {
      patch.status = changes.status;
      changed.status = changes.status;
    }
    if (changes.is_admin !== undefined && changes.is_admin !== row.is_admin) {
      patch.is_admin = changes.is_admin;
      changed.is_admin = changes.is_admin;
    }
    if (patch.is_admin !== undefined) requireScope(held, 'admin', 'Making or unmaking an administrator');
    if (patch.status !== undefined) requireAdminOver(held, row, 'Enabling or disabling an administrator');
    let groupIds: string[] | undefined;
    if (changes.group_ids !== undefined) {
      groupIds = await checkGroups(changes.group_ids);
      changed.groups = groupIds;
    }
    if (Object.keys(changed).length === 0) return withGroups(row);

    // Only demoting or disabling can remove an enabled administrator.
    const removesAnAdmin = patch.is_admin === false || (patch.status !== undefined && patch.status !== UserStatus.Normal);
    const conditions = conditionsFor(held, { removesAnAdmin, signInState: patch.status !== undefined });
    const written = await store.transaction(async (tx) => {
      if (removesAnAdmin) await keepAWayIn(tx, row);
      if (Object.keys(patch).length > 0 && !(await tx.users.updateIf(id, { ...patch, updated_at: clock.now() }, conditions))) {
        return false;
      }
      if (groupIds) await tx.users.setGroups(id, groupIds);
      await tx.consoleAudit.insert(audit.row(actor, 'user.update', target(row), changed));
      return true;
    });
    if (!written) await refuse(id, held, 'Changing an administrator');
    // A disabled user's client tokens stop working at once.
    accessTokens.forgetUser(id);
    return get(id);
  }

  return {
    get,
    newUserRecords,
    update,

    async findByName(name: string): Promise<User | undefined> {
      return store.users.findByName(name);
    },

    async list(filter: UserFilter, page: PageRequest): Promise<{ total: number; data: UserDetail[] }> {
      const { total, rows } = await store.users.list(filter, page);
      const memberships = await store.users.groupsOf(rows.map((r) => r.id));
      const linked = await store.ldapLinks.linkedAmong(rows.map((r) => r.id));
      return { total, data: rows.map((user) => toDetail(user, memberships.get(user.id) ?? [], linked.has(user.id))) };
    },

    /** `authority`: what the caller holds; making an administrator needs `admin`. */
    async create(actor: Actor, input: NewUser, authority?: Authority): Promise<UserDetail> {
      if (input.is_admin) requireScope(authorityFor(actor, authority), 'admin', 'Creating an administrator');
      if (!USER_NAME.test(input.name)) throw new AppError('user.invalid_name');
      if (input.password !== undefined) checkPassword(input.password);
      if (await store.users.findByName(input.name)) throw new AppError('user.name_taken');
      const groupIds = input.group_ids?.length ? await checkGroups(input.group_ids) : [await groups.defaultGroupId()];
      const passwordHash = input.password === undefined ? null : await passwords.hash(input.password);
      const records = newUserRecords(actor, input, passwordHash);
      try {
        await store.transaction(async (tx) => {
          await tx.users.insert(records.user);
          await tx.users.setGroups(records.user.id, groupIds);
          await tx.consoleAudit.insert(records.audit);
        });
      } catch (error) {
        // Two creations racing for one name: the unique index decides (asked after the rollback).
        if (await store.users.findByName(input.name)) throw new AppError('user.name_taken', { cause: error });
        throw error;
      }
      return get(records.user.id);
    },

    async setStatus(actor: Actor, id: string, status: typeof UserStatus.Normal | typeof UserStatus.Disabled, authority?: Authority): Promise<UserDetail> {
      return update(actor, id, { status }, authority);
    },

    /**
     * Deleting revokes every token (rows cascade); audit records keep the name as text. Deleting
     * an administrator needs `admin`, and the last enabled one is never deleted.
     */
    async delete(actor: Actor, id: string, authority?: Authority): Promise<void> {
      const held = authorityFor(actor, authority);
      const row = await requireUser(id);
      requireAdminOver(held, row, 'Deleting an administrator');
      const conditions = conditionsFor(held, { removesAnAdmin: true, signInState: true });
      const deleted = await store.transaction(async (tx) => {
        await keepAWayIn(tx, row);
        if (!(await tx.users.deleteIf(id, conditions))) return false;
        await tx.consoleAudit.insert(audit.row(actor, 'user.delete', target(row)));
        return true;
      });
      if (!deleted) await refuse(id, held, 'Deleting an administrator');
      // The user's tokens went with the row (foreign keys cascade); forget their cached checks.
      accessTokens.forgetUser(id);
    },

    /**
     * An administrator sets a password (the caller ends the user's sign-ins: user-sessions.ts).
     * Setting an administrator's needs `admin`: whoever knows it can sign in as them.
     */
    async setPassword(actor: Actor, id: string, password: string, authority?: Authority): Promise<void> {
      const held = authorityFor(actor, authority);
      checkPassword(password);
      const row = await requireUser(id);
      const what = 'Setting the password of an administrator';
      requireAdminOver(held, row, what);
      await refuseDirectoryAccount(id);
      const patch = { password_hash: await passwords.hash(password), updated_at: clock.now() };
      const conditions = conditionsFor(held, { removesAnAdmin: false, signInState: true });
      const written = await store.transaction(async (tx) => {
        if (!(await tx.users.updateIf(id, patch, conditions))) return false;
        await tx.consoleAudit.insert(audit.row(actor, 'user.password_reset', target(row)));
        return true;
      });
      if (!written) await refuse(id, held, what);
    },

    /** The signed-in person changes their own password. */
    async changeOwnPassword(actor: Actor, id: string, current: string | undefined, next: string): Promise<void> {
      checkPassword(next);
      const row = await requireUser(id);
      await refuseDirectoryAccount(id);
      // An account made by SSO has no password yet; it may set one without a current one.
      if (row.password_hash !== null && !passwordChecks.hit(id)) throw new AppError('auth.rate_limited');
      if (row.password_hash !== null && !(await passwords.verify(row.password_hash, current ?? ''))) {
        throw new AppError('user.wrong_password');
      }
      const patch = { password_hash: await passwords.hash(next), updated_at: clock.now() };
      await store.transaction(async (tx) => {
        await tx.users.update(id, patch);
        await tx.consoleAudit.insert(audit.row(actor, 'account.password_change', target(row)));
      });
    },

    async updateOwnProfile(
      actor: Actor,
      id: string,
      changes: { display_name?: string | undefined; email?: string | undefined },
    ): Promise<UserDetail> {
      const row = await requireUser(id);
      const patch: UserPatch = {};
      if (changes.display_name !== undefined) patch.display_name = changes.display_name;
      if (changes.email !== undefined) patch.email = changes.email;
      if (Object.keys(patch).length > 0) {
        await store.transaction(async (tx) => {
          await tx.users.update(id, { ...patch, updated_at: clock.now() });
          await tx.consoleAudit.insert(audit.row(actor, 'account.profile_update', target(row), { ...patch }));
        });
      }
      return get(id);
    },

  };
}

export type UserService = ReturnType<typeof createUserService>;
