import { UserStatus, type User } from '../domain/user.js';
import { AppError } from '../errors.js';
import type { Store } from '../store/index.js';
import type { UserFilter } from '../store/users.js';

/**
 * A change that can take a way to sign in from people (DESIGN.md "No lock-out"). Deleting a
 * provider both turns it off and unlinks everyone linked through it.
 */
export type SignInChange =
  | { kind: 'password_login_off' }
  | { kind: 'disable_provider'; providerId: string }
  | { kind: 'delete_provider'; providerId: string }
  | { kind: 'unlink_provider'; providerId: string }
  | { kind: 'unlink_identity'; providerId: string; userId: string }
  | { kind: 'remove_admin'; userId: string }
  | { kind: 'ldap_off' };

/** How people can sign in: password sign-in on or off, the enabled providers, and who is linked through which provider. */
interface Ways {
  passwordLogin: boolean;
  enabledProviders: Set<string>;
  /** Provider id → the ids of the people linked through it. */
  links: Map<string, Set<string>>;
  /** Users who stop counting as administrators (`remove_admin`). */
  notAdmins: Set<string>;
  /** LDAP sign-in on, and the people linked to a directory entry (they sign in with its password). */
  ldap: boolean;
  ldapLinked: Set<string>;
}

/** What a change would do: whether it is refused, why, and who would be left with no way to sign in. */
export interface SignInImpact {
  refused: boolean;
  /** Why it is refused and what to do instead; '' when allowed. */
  message: string;
  /** Enabled people who can sign in now and could not after the change. */
  affected: number;
  /** Their usernames, the first 20 in name order. */
  affected_names: string[];
  /** Enabled administrators who could still sign in after the change. */
  administrators_left: number;
}

const NAMES_SHOWN = 20;
const PAGE = 500;

async function readWays(store: Store): Promise<Ways> {
  const providers = await store.authProviders.list();
  const links = new Map<string, Set<string>>();
  for (const provider of providers) {
    links.set(provider.id, new Set((await store.identities.linkedUsers(provider.id)).map((user) => user.id)));
  }
  return {
    // Stored as a boolean; anything else reads as the default, on (settings.ts).
    passwordLogin: (await store.settings.get('password_login')) !== false,
    enabledProviders: new Set(providers.filter((provider) => provider.enabled).map((provider) => provider.id)),
    links,
    notAdmins: new Set(),
    ldap: ((await store.settings.get('ldap')) as { enabled?: unknown } | undefined)?.enabled === true,
    ldapLinked: new Set(await store.ldapLinks.linkedUserIds()),
  };
}

function apply(ways: Ways, changes: readonly SignInChange[]): Ways {
  const next: Ways = {
    passwordLogin: ways.passwordLogin,
    enabledProviders: new Set(ways.enabledProviders),
    links: new Map([...ways.links].map(([id, users]) => [id, new Set(users)])),
    notAdmins: new Set(ways.notAdmins),
    ldap: ways.ldap,
    ldapLinked: ways.ldapLinked,
  };
  for (const change of changes) {
    switch (change.kind) {
      case 'password_login_off':
        next.passwordLogin = false;
        break;
      case 'disable_provider':
        next.enabledProviders.delete(change.providerId);
        break;
      case 'delete_provider':
        next.enabledProviders.delete(change.providerId);
        next.links.delete(change.providerId);
        break;
      case 'unlink_provider':
        next.links.delete(change.providerId);
        break;
      case 'unlink_identity':
        next.links.get(change.providerId)?.delete(change.userId);
        break;
      case 'remove_admin':
        next.notAdmins.add(change.userId);
        break;
      case 'ldap_off':
        next.ldap = false;
        break;
    }
  }
  return next;
}

/**
 * Whether an enabled person has a way to sign in: a password (local, or their directory's with
 * LDAP on) while password sign-in is on, or a link through an enabled provider.
 */
function canSignIn(user: User, ways: Ways): boolean {
  if (user.status !== UserStatus.Normal) return false;
  if (ways.passwordLogin && user.password_hash !== null) return true;
  // A directory password goes through the same password form (sign-in.ts).
  if (ways.passwordLogin && ways.ldap && ways.ldapLinked.has(user.id)) return true;
  return [...ways.enabledProviders].some((id) => ways.links.get(id)?.has(user.id) === true);
}

async function enabledUsers(store: Store, filter: UserFilter): Promise<User[]> {
  const all: User[] = [];
  for (let current = 1; ; current++) {
    const { rows } = await store.users.list({ ...filter, status: UserStatus.Normal }, { current, pageSize: PAGE });
    all.push(...rows);
    if (rows.length < PAGE) return all;
  }
}

const adminsWithAWay = (admins: User[], ways: Ways) => admins.filter((user) => !ways.notAdmins.has(user.id) && canSignIn(user, ways));

const AFTER = 'no enabled administrator would have a way to sign in (password sign-in with a password, or an enabled provider they have signed in through)';

/** Why a change is refused, in words that say what to do instead. */
function refusal(changes: readonly SignInChange[]): string {
  const first = changes[0];
  switch (first?.kind) {
    case 'password_login_off':
      return (
        `Password sign-in cannot be turned off: ${AFTER}. ` +
        'Have an administrator sign in through an enabled provider first (or connect one on My account), then turn password sign-in off'
      );
    case 'ldap_off':
      return (
        `LDAP sign-in cannot be turned off: ${AFTER}. ` +
        'Give an administrator a local password or have one sign in through an enabled provider first (`deskgate settings ldap off` turns it off regardless)'
      );
    case 'disable_provider':
      return (
        `This provider cannot be turned off: ${AFTER}. ` +
        'Turn password sign-in on (Settings → Others), or have an administrator sign in through another enabled provider first'
      );
    case 'delete_provider':
    case 'unlink_provider':
      return (
        `The people linked through this provider cannot be unlinked: ${AFTER}. ` +
        'Turn password sign-in on (Settings → Others), or have an administrator sign in through another enabled provider first'
      );
    case 'unlink_identity':
      return (
        `This identity cannot be unlinked: ${AFTER}. ` +
        'Turn password sign-in on (Settings → Others), or have another administrator sign in through an enabled provider first'
      );
    default:
      return (
        `This administrator cannot be changed this way: ${AFTER}. ` +
        'Turn password sign-in on (Settings → Others), or have another administrator sign in through an enabled provider first'
      );
  }
}

/**
 * What `changes` would do to who can sign in, judged on `store` as it is now. A change is
 * refused when some enabled administrator has a way to sign in now and none would after it; a
 * change that finds none already is let through (it takes nothing more away, and
 * `deskgate settings password-login on` is the way back).
 */
export async function signInImpact(store: Store, changes: readonly SignInChange[]): Promise<SignInImpact> {
  const before = await readWays(store);
  const after = apply(before, changes);
  const admins = await enabledUsers(store, { isAdmin: true });
  const left = adminsWithAWay(admins, after).length;
  const refused = left === 0 && adminsWithAWay(admins, before).length > 0;
  const lost = (await enabledUsers(store, {})).filter((user) => canSignIn(user, before) && !canSignIn(user, after));
  return {
    refused,
    message: refused ? refusal(changes) : '',
    affected: lost.length,
    affected_names: lost.slice(0, NAMES_SHOWN).map((user) => user.name),
    administrators_left: left,
  };
}

/**
 * Inside the transaction that writes `changes`, before it writes them: takes the
 * administrators' lock (PostgreSQL; the one the last-administrator check takes) and refuses
 * with 409 `signin.would_lock_out` when the changes would leave no enabled administrator a
 * way to sign in. Two such changes on several instances are decided one after the other.
 */
export async function requireAdminWayIn(tx: Store, changes: readonly SignInChange[]): Promise<void> {
  if (changes.length === 0) return;
  await tx.users.lockAdministrators();
  const before = await readWays(tx);
  const after = apply(before, changes);
  const admins = await enabledUsers(tx, { isAdmin: true });
  if (adminsWithAWay(admins, after).length === 0 && adminsWithAWay(admins, before).length > 0) {
    throw new AppError('signin.would_lock_out', { message: refusal(changes) });
  }
}

/** A change as the admin API names it (`POST /api/admin/oidc/sign-in-ways/preview`). */
export const PREVIEW_CHANGES = ['password_login_off', 'disable_provider', 'delete_provider', 'unlink_provider'] as const;
export type PreviewChange = (typeof PREVIEW_CHANGES)[number];

/** The check's preview, for routes (`services.signInWays`); the check itself is `requireAdminWayIn`. */
export function createSignInWaysService({ store }: { store: Store }) {
  return {
    /** What changes would do, nothing written. */
    async preview(changes: readonly SignInChange[]): Promise<SignInImpact> {
      return signInImpact(store, changes);
    },

    /**
     * What one change would do, nothing written: the console's confirmation says who is
     * affected, or why the change would be refused. A provider change names an existing provider.
     */
    async previewChange(change: PreviewChange, providerId: string | undefined): Promise<SignInImpact> {
      if (change === 'password_login_off') return signInImpact(store, [{ kind: change }]);
      if (!providerId) throw new AppError('request.invalid', { message: `provider_id is required with ${change}` });
      if (!(await store.authProviders.findById(providerId))) throw new AppError('provider.not_found');
      return signInImpact(store, [{ kind: change, providerId }]);
    },
  };
}

export type SignInWaysService = ReturnType<typeof createSignInWaysService>;
