import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import { systemActor } from './audit.js';
import type { Store } from '../store/index.js';
import type { GroupService } from './groups.js';
import type { UserService } from './users.js';

export interface BootstrapResult {
  /** Set when deskgate made the administrator with a generated password: shown once. */
  generatedPassword?: string;
  createdAdmin?: string;
}

/**
 * First start: make the Default group, and an administrator if there is none, from
 * DESKGATE_ADMIN_USER / DESKGATE_ADMIN_PASSWORD or with a generated password. No fixed default.
 */
export async function bootstrap(
  config: Config,
  store: Store,
  services: { users: UserService; groups: GroupService },
): Promise<BootstrapResult> {
  const { users, groups } = services;
  await groups.defaultGroupId();
  const admins = await store.users.list({ isAdmin: true }, { current: 1, pageSize: 1 });
  if (admins.total > 0) return {};

  const generated = config.adminPassword === undefined;
  const password = config.adminPassword ?? randomBytes(18).toString('base64url');
  const existing = await store.users.findByName(config.adminUser);
  if (existing) {
    // The name is taken by a non-administrator: promote it rather than fail to start.
    await users.update(systemActor, existing.id, { is_admin: true, status: 1 });
    await users.setPassword(systemActor, existing.id, password);
  } else {
    await users.create(systemActor, { name: config.adminUser, password, is_admin: true });
  }
  return { createdAdmin: config.adminUser, ...(generated ? { generatedPassword: password } : {}) };
}
