/**
 * A RustDesk device as deskgate knows it: its id, bound to the uuid it first reported, and what
 * its sysinfo and heartbeats said (spec/rustdesk-client-api.md §5).
 */
export interface Device {
  /** The RustDesk id (`123456789`, or a custom id). */
  id: string;
  /** The machine uid it first reported (base64); a request with this id and another uuid is someone else. */
  uuid: string;
  hostname: string;
  /** The desktop user signed in on the machine, as its sysinfo says. */
  username: string;
  /** `<distribution> / <long version>`, as the client formats it (§5.3). */
  os: string;
  cpu: string;
  memory: string;
  /** The client version from its sysinfo (`1.4.9`). */
  version: string;
  /** The client version as a number, from its heartbeat (`1004090`). */
  ver: number;
  /** The person signed in to RustDesk on it (the user of its client token), if any. */
  user_id: string | null;
  group_id: string | null;
  alias: string;
  note: string;
  enabled: boolean;
  /** Connection ids the device reported live at its latest heartbeat. */
  conns: number[];
  /** The strategy timestamp the client sent last (strategies come later: echoed back). */
  strategy_modified_at: number;
  /** When its sysinfo was last stored; 0 while deskgate wants a fresh upload. */
  sysinfo_at: number;
  last_online_at: number;
  created_at: number;
  updated_at: number;
  /** The Ed25519 public key it registered with the rendezvous server (base64); '' until it did. */
  pk: string;
  /** People may connect to it while admission is "require approval" (rendezvous.admission). */
  approved: boolean;
  /** It may register while admission is "require deployment": deployed, or known before that rule. */
  deployed: boolean;
}

/** What a sysinfo upload carries besides id and uuid (§5.3). */
export type DeviceSysinfo = Pick<Device, 'hostname' | 'username' | 'os' | 'cpu' | 'memory' | 'version'>;

/** The `preset-*` options a client may put in its sysinfo: unauthenticated, so applied only when allowed. */
export const DEVICE_PRESETS = [
  'preset-user-name',
  'preset-device-group-name',
  'preset-note',
  'preset-strategy-name',
  'preset-address-book-name',
  'preset-address-book-tag',
  'preset-address-book-alias',
  'preset-address-book-password',
  'preset-address-book-note',
] as const;
export type DevicePreset = (typeof DEVICE_PRESETS)[number];

export interface DeviceGroup {
  id: string;
  name: string;
  note: string;
  created_at: number;
  updated_at: number;
}

/** A device as an administrator lists it: with its owner's and device group's names (null: none). */
export interface ListedDevice extends Device {
  owner_name: string | null;
  group_name: string | null;
  /** The strategies (ids) that name it by itself, through its owner and through its device group. */
  named_strategies: { device: string | null; owner: string | null; device_group: string | null };
}

/** What the admin list filters on; `online.since` is the earliest last heartbeat that counts as online. */
export interface DeviceFilter {
  search?: string | undefined;
  online?: { since: number; online: boolean } | undefined;
  group_id?: string | undefined;
  user_id?: string | undefined;
}

/**
 * Who may register with the rendezvous server and be connected to (setting `rendezvous.admission`):
 * `off` anyone; `deployment` only devices deskgate knows (deployed with `rustdesk --deploy`, or
 * known before the rule), others are answered NOT_DEPLOYED (spec/rustdesk-client-api.md §5.5);
 * `approval` any device registers, but a new one is reached only once an administrator approved it.
 */
export const ADMISSION_MODES = ['off', 'deployment', 'approval'] as const;
export type AdmissionMode = (typeof ADMISSION_MODES)[number];
