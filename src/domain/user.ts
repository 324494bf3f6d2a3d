import { Type } from 'typebox';

/**
 * A person who signs in to deskgate: from a RustDesk client, the console or a script's CLI. The
 * store maps its row to this (DB booleans become booleans); services and routes use only this.
 */

/** Where a user stands (spec/rustdesk-client-api.md §4.1 `status`); only `Normal` signs in. */
export const UserStatus = { Normal: 1, Disabled: 0, Unverified: -1 } as const;
export type UserStatus = (typeof UserStatus)[keyof typeof UserStatus];

const STATUSES: readonly number[] = Object.values(UserStatus);

export function isUserStatus(value: unknown): value is UserStatus {
  return typeof value === 'number' && STATUSES.includes(value);
}

/** `UserStatus` on the wire: an integer from -1 to 1 (the admin API's bodies and queries). */
export const UserStatusSchema = Type.Unsafe<UserStatus>(
  Type.Integer({ minimum: -1, maximum: 1, description: '1 normal, 0 disabled, -1 unverified' }),
);

/** Letters, digits and `._@-`, at most 64: what a RustDesk client accepts as a name. */
export const USER_NAME = /^[A-Za-z0-9._@-]{1,64}$/;

export interface User {
  id: string;
  /** Unique ignoring case (sign-in ignores case too). */
  name: string;
  display_name: string;
  email: string;
  note: string;
  status: UserStatus;
  is_admin: boolean;
  /** null: no password; the user signs in by single sign-on only. */
  password_hash: string | null;
  /** Milliseconds since the epoch, as every time here. */
  created_at: number;
  updated_at: number;
}

/** What a write may change on a user (the name and id never change). */
export type UserPatch = Partial<Omit<User, 'id' | 'name' | 'created_at'>>;
