import { Type } from 'typebox';

/**
 * A strategy (Pro's "Strategies"): client options that deskgate sends to devices with their
 * heartbeat answer (spec/rustdesk-client-api.md §5.2), which the client merges into its own
 * settings. A device gets one strategy: its own, else its owner's, else its device group's, else
 * the default one; a disabled strategy reaches no device (Pro's rule: nothing falls through).
 */
export interface Strategy {
  id: string;
  name: string;
  note: string;
  enabled: boolean;
  /** For devices that no strategy names (by device, owner or device group); at most one. */
  is_default: boolean;
  /** Client option key to value. '' clears the option on the device (the client's default). */
  options: Record<string, string>;
  /** Changes with every change of the options: what a device echoes back as `modified_at`. */
  revision: number;
  created_at: number;
  updated_at: number;
}

export const STRATEGY_LIMITS = { name: 64, note: 1000, options: 200, key: 64, value: 1000 } as const;

/** A client option key: the client's own are lower-case words joined by `-` or `_` (a few in camelCase). */
export const OPTION_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Options a strategy may not set: they say which server the device talks to, so a wrong value
 * would cut every device of the strategy off from deskgate, and with it from the strategy that
 * could put them right.
 */
export const PROTECTED_OPTIONS: Record<string, string> = {
  'custom-rendezvous-server': 'the ID server',
  'relay-server': 'the relay server',
  'api-server': 'the API server',
  key: 'the server key',
};

export const StrategyOptionsSchema = Type.Record(Type.String({ maxLength: STRATEGY_LIMITS.key }), Type.String({ maxLength: STRATEGY_LIMITS.value }), {
  description: 'Client option key to value (RustDesk option names, such as enable-file-transfer: "N"); "" resets the option to the client’s default',
});

/** An option the console offers by name, with the values it may take (the client's own, from its settings pages). */
export interface KnownOption {
  key: string;
  label: string;
  section: 'permissions' | 'security' | 'network' | 'recording';
  /** on/off: "Y" or "N"; choice: one of `choices` ('' is the client's default); text: any. */
  kind: 'toggle' | 'choice' | 'text';
  choices?: { value: string; label: string }[];
  hint?: string;
}

export const KNOWN_OPTIONS: readonly KnownOption[] = [
  {
    key: 'access-mode',
    label: 'Permissions of a session',
    section: 'permissions',
    kind: 'choice',
    choices: [
      { value: 'custom', label: 'Custom (the permissions below)' },
      { value: 'full', label: 'Full access' },
      { value: 'view', label: 'Screen share (view only)' },
    ],
  },
  { key: 'enable-keyboard', label: 'Keyboard and mouse', section: 'permissions', kind: 'toggle' },
  { key: 'enable-clipboard', label: 'Clipboard', section: 'permissions', kind: 'toggle' },
  { key: 'enable-file-transfer', label: 'File transfer', section: 'permissions', kind: 'toggle' },
  { key: 'enable-audio', label: 'Audio', section: 'permissions', kind: 'toggle' },
  { key: 'enable-camera', label: 'Camera', section: 'permissions', kind: 'toggle' },
  { key: 'enable-terminal', label: 'Terminal', section: 'permissions', kind: 'toggle' },
  { key: 'enable-tunnel', label: 'TCP tunneling', section: 'permissions', kind: 'toggle' },
  { key: 'enable-remote-restart', label: 'Remote restart', section: 'permissions', kind: 'toggle' },
  { key: 'enable-record-session', label: 'Recording sessions', section: 'permissions', kind: 'toggle' },
  { key: 'enable-block-input', label: 'Blocking user input', section: 'permissions', kind: 'toggle' },
  { key: 'enable-privacy-mode', label: 'Privacy mode', section: 'permissions', kind: 'toggle' },
  { key: 'allow-remote-config-modification', label: 'Changing the device’s settings remotely', section: 'permissions', kind: 'toggle' },
  {
    key: 'approve-mode',
    label: 'Accept sessions',
    section: 'security',
    kind: 'choice',
    choices: [
      { value: '', label: 'By password or by click' },
      { value: 'password', label: 'By password only' },
      { value: 'click', label: 'By click only' },
    ],
  },
  {
    key: 'verification-method',
    label: 'Passwords accepted',
    section: 'security',
    kind: 'choice',
    choices: [
      { value: '', label: 'One-time and permanent' },
      { value: 'use-temporary-password', label: 'One-time password only' },
      { value: 'use-permanent-password', label: 'Permanent password only' },
    ],
  },
  {
    key: 'temporary-password-length',
    label: 'One-time password length',
    section: 'security',
    kind: 'choice',
    choices: [
      { value: '6', label: '6' },
      { value: '8', label: '8' },
      { value: '10', label: '10' },
    ],
  },
  { key: 'enable-trusted-devices', label: 'Trusted devices skip 2FA', section: 'security', kind: 'toggle' },
  { key: 'whitelist', label: 'IP whitelist', section: 'security', kind: 'text', hint: 'Addresses or networks separated by commas (10.0.0.0/8,192.168.1.5); empty for none' },
  { key: 'allow-auto-disconnect', label: 'Disconnect idle sessions', section: 'security', kind: 'toggle' },
  { key: 'auto-disconnect-timeout', label: 'Idle time before disconnecting (minutes)', section: 'security', kind: 'text', hint: 'Minutes, such as 10' },
  { key: 'allow-only-conn-window-open', label: 'Only while the RustDesk window is open', section: 'security', kind: 'toggle' },
  { key: 'enable-lan-discovery', label: 'Discoverable on the local network', section: 'network', kind: 'toggle' },
  { key: 'direct-server', label: 'Direct IP access', section: 'network', kind: 'toggle' },
  { key: 'direct-access-port', label: 'Direct IP access port', section: 'network', kind: 'text', hint: 'A port, such as 21118' },
  { key: 'allow-auto-record-incoming', label: 'Record incoming sessions', section: 'recording', kind: 'toggle' },
  { key: 'allow-auto-record-outgoing', label: 'Record outgoing sessions', section: 'recording', kind: 'toggle' },
];
