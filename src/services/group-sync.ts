import { UserStatus, type User } from '../domain/user.js';
import { isAppError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { Actor, AuditService } from './audit.js';
import { requireAdminWayIn } from './sign-in-ways.js';

/**
 * What a sign-in through a source of truth (the directory, a provider's groups claim) changes
 * on an account. Absent fields change nothing; `admin` is only given when it differs from the
 * account's flag.
 */
export interface AccountChanges {
  profile: { display_name?: string; email?: string };
  groups?: { ids: string[]; names: string[] };
  admin?: boolean;
}

/**
 * How one source words its audit records: the `by` of each `user.update`, what every record
 * also says (`extra`, e.g. the provider's name), and the record written when the last
 * administrator is kept, with its fix.
 */
export interface SyncWording {
  actor: Actor;
  by: { profile: string; groups: string; admin: string };
  extra: Record<string, unknown>;
  kept: { action: string; fix: string };
}

/** Whether `ids` differ from the groups `userId` is in now. */
export async function groupsDiffer(store: Store, userId: string, ids: readonly string[]): Promise<boolean> {
  const current = ((await store.users.groupsOf([userId])).get(userId) ?? []).map((g) => g.id);
  return !(current.length === ids.length && current.every((id) => ids.includes(id)));
}

/**
 * Inside the caller's transaction: writes `changes` to `user`, each with its audit record. The
 * administrator flag follows both ways, but the last administrator with a way in is never
 * demoted: that refusal is audited (`wording.kept`) and the flag kept. True when the flag changed
 * (the caller then drops the person's cached client tokens).
 */
export async function writeAccountChanges(
  tx: Store,
  audit: Pick<AuditService, 'row'>,
  user: User,
  now: number,
  changes: AccountChanges,
  wording: SyncWording,
): Promise<boolean> {
  const { actor, by, extra } = wording;
  const target = { type: 'user', id: user.id, name: user.name };
  const { profile, groups, admin } = changes;
  if (Object.keys(profile).length > 0) {
    await tx.users.update(user.id, { ...profile, updated_at: now });
    await tx.consoleAudit.insert(audit.row(actor, 'user.update', target, { ...profile, by: by.profile, ...extra }));
  }
  if (groups) {
    await tx.users.setGroups(user.id, groups.ids);
    await tx.consoleAudit.insert(audit.row(actor, 'user.update', target, { groups: groups.names, by: by.groups, ...extra }));
  }
  if (admin === true) {
    await tx.users.update(user.id, { is_admin: true, updated_at: now });
    await tx.consoleAudit.insert(audit.row(actor, 'user.update', target, { is_admin: true, by: by.admin, ...extra }));
    return true;
  }
  if (admin === false) {
    const kept = await keepsLastAdmin(tx, user);
    if (!kept && (await tx.users.updateIf(user.id, { is_admin: false, updated_at: now }, { keepAnAdmin: true }))) {
      await tx.consoleAudit.insert(audit.row(actor, 'user.update', target, { is_admin: false, by: by.admin, ...extra }));
      return true;
    }
    const detail = { ...extra, reason: kept || 'user.last_admin', fix: wording.kept.fix };
    await tx.consoleAudit.insert(audit.row(actor, wording.kept.action, target, detail));
  }
  return false;
}

/**
 * Inside the writing transaction: why demoting this enabled administrator would remove the
 * last one, or the last one with a way to sign in (users.ts `keepAWayIn`'s rule), or ''.
 */
async function keepsLastAdmin(tx: Store, user: User): Promise<string> {
  if (user.status !== UserStatus.Normal) return '';
  await tx.users.lockAdministrators();
  if ((await tx.users.countEnabledAdmins(user.id)) === 0) return 'user.last_admin';
  try {
    await requireAdminWayIn(tx, [{ kind: 'remove_admin', userId: user.id }]);
    return '';
  } catch (error) {
    if (isAppError(error, 'signin.would_lock_out')) return 'signin.would_lock_out';
    throw error;
  }
}
