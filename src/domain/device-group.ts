import type { Group } from './group.js';
import type { Device, DeviceGroup } from './device.js';

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

/** A device as a signed-in RustDesk client lists it (spec/rustdesk-client-api.md §9): with its owner's and group's names. */
export interface PeerListing extends Pick<Device, 'id' | 'hostname' | 'username' | 'os' | 'note' | 'enabled'> {
  /** The owner's username; '' for a device nobody signed in on. */
  owner_name: string;
  /** '' for a device in no device group. */
  group_name: string;
}

/** Whose lists a signed-in client asks for: an administrator sees every device and person. */
export interface Viewer {
  user_id: string;
  is_admin: boolean;
}
