import type { Group } from './group.js';
import type { DeviceGroup } from './device.js';

/** A user group or device group named in a list: its id and name. */
export type GroupRef = Pick<Group, 'id' | 'name'>;

/** A device group as the console lists it: how many devices it holds, and which user groups may reach them. */
export interface DeviceGroupSummary extends DeviceGroup {
  device_count: number;
  /** Pro's "can be accessed from": the people of these user groups see this group's devices. */
  user_groups: GroupRef[];
}

/** What a user group may reach besides its own people's devices. */
export interface UserGroupAccess {
  /** Pro's "can access": the devices of these user groups' people. */
  target_groups: GroupRef[];
  /** The device groups that name this user group as "accessed from". */
  device_groups: GroupRef[];
}

/**
 * A page of the devices a signed-in client may list, as the JSON array of `PeerPayload` objects
 * the client parses (spec/rustdesk-client-api.md §9): `id`, `info` {username, os, device_name},
 * `status` (1 enabled, 0 not), `user` and `user_name` (the owner's name, '' for none),
 * `device_group_name` ('' for none), `note`. The database writes it: reading 100 rows into
 * objects only to write them out again cost more than the query.
 */
export interface PeerPage {
  json: string;
  /** How many devices the page holds. */
  count: number;
  /** The last device's id ('' for an empty page): where the next page starts. */
  last: string;
}

/** The `status` a client's list asks for (spec §9): 1 enabled, 0 disabled; -1 (unverified) is a person's status only. */
export type PeerStatus = -1 | 0 | 1;

/** Whose lists a signed-in client asks for: an administrator sees every device and person. */
export interface Viewer {
  user_id: string;
  is_admin: boolean;
}
