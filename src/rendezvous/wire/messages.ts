/**
 * The messages of RustDesk's `rendezvous.proto` (package hbb) that hbbs and hbbr speak, written
 * from the field listing of spec/rustdesk-rendezvous.md §3.1. Field names are the proto's, so a
 * reader can match them to the spec; every payload on 21115–21119 is one `RendezvousMessage`.
 */
import { decode, encode, type FieldDef, type MessageDef } from './protobuf.js';

const f = (no: number, name: string, type: FieldDef['type'], extra: Partial<FieldDef> = {}): FieldDef => ({ no, name, type, ...extra });
const def = (name: string, ...fields: FieldDef[]): MessageDef => ({ name, fields });

export const NatType = { UNKNOWN_NAT: 0, ASYMMETRIC: 1, SYMMETRIC: 2 } as const;
export const ConnType = { DEFAULT_CONN: 0, FILE_TRANSFER: 1, PORT_FORWARD: 2, RDP: 3, VIEW_CAMERA: 4, TERMINAL: 5 } as const;
export const RegisterResult = {
  OK: 0,
  UUID_MISMATCH: 2,
  ID_EXISTS: 3,
  TOO_FREQUENT: 4,
  INVALID_ID_FORMAT: 5,
  NOT_SUPPORT: 6,
  SERVER_ERROR: 7,
  NOT_DEPLOYED: 8,
} as const;
export const PunchFailure = { ID_NOT_EXIST: 0, OFFLINE: 2, LICENSE_MISMATCH: 3, LICENSE_OVERUSE: 4 } as const;

const ControlPermissions = def('ControlPermissions', f(1, 'permissions', 'uint64'));
const ControlledContext = def('ControlledContext', f(1, 'conn_audit_ref', 'string'));
const ConfigUpdateDef = def('ConfigUpdate', f(1, 'serial', 'int32'), f(2, 'rendezvous_servers', 'string', { repeated: true }));
const HeaderEntry = def('HeaderEntry', f(1, 'name', 'string'), f(2, 'value', 'string'));

const defs = {
  register_peer: def('RegisterPeer', f(1, 'id', 'string'), f(2, 'serial', 'int32')),
  register_peer_response: def('RegisterPeerResponse', f(2, 'request_pk', 'bool')),
  punch_hole_request: def(
    'PunchHoleRequest',
    f(1, 'id', 'string'),
    f(2, 'nat_type', 'enum'),
    f(3, 'licence_key', 'string'),
    f(4, 'conn_type', 'enum'),
    f(5, 'token', 'string'),
    f(6, 'version', 'string'),
    f(7, 'udp_port', 'int32'),
    f(8, 'force_relay', 'bool'),
    f(9, 'upnp_port', 'int32'),
    f(10, 'socket_addr_v6', 'bytes'),
    f(11, 'switch_code', 'string'),
  ),
  punch_hole: def(
    'PunchHole',
    f(1, 'socket_addr', 'bytes'),
    f(2, 'relay_server', 'string'),
    f(3, 'nat_type', 'enum'),
    f(4, 'udp_port', 'int32'),
    f(5, 'force_relay', 'bool'),
    f(6, 'upnp_port', 'int32'),
    f(7, 'socket_addr_v6', 'bytes'),
    f(8, 'control_permissions', 'message', { message: ControlPermissions }),
    f(9, 'controlled_context', 'message', { message: ControlledContext }),
  ),
  punch_hole_sent: def(
    'PunchHoleSent',
    f(1, 'socket_addr', 'bytes'),
    f(2, 'id', 'string'),
    f(3, 'relay_server', 'string'),
    f(4, 'nat_type', 'enum'),
    f(5, 'version', 'string'),
    f(6, 'upnp_port', 'int32'),
    f(7, 'socket_addr_v6', 'bytes'),
  ),
  punch_hole_response: def(
    'PunchHoleResponse',
    f(1, 'socket_addr', 'bytes'),
    f(2, 'pk', 'bytes'),
    f(3, 'failure', 'enum'),
    f(4, 'relay_server', 'string'),
    f(5, 'nat_type', 'enum', { oneof: true }),
    f(6, 'is_local', 'bool', { oneof: true }),
    f(7, 'other_failure', 'string'),
    f(8, 'feedback', 'int32'),
    f(9, 'is_udp', 'bool'),
    f(10, 'upnp_port', 'int32'),
    f(11, 'socket_addr_v6', 'bytes'),
  ),
  fetch_local_addr: def(
    'FetchLocalAddr',
    f(1, 'socket_addr', 'bytes'),
    f(2, 'relay_server', 'string'),
    f(3, 'socket_addr_v6', 'bytes'),
    f(4, 'control_permissions', 'message', { message: ControlPermissions }),
    f(5, 'controlled_context', 'message', { message: ControlledContext }),
  ),
  local_addr: def(
    'LocalAddr',
    f(1, 'socket_addr', 'bytes'),
    f(2, 'local_addr', 'bytes'),
    f(3, 'relay_server', 'string'),
    f(4, 'id', 'string'),
    f(5, 'version', 'string'),
    f(6, 'socket_addr_v6', 'bytes'),
  ),
  configure_update: ConfigUpdateDef,
  register_pk: def('RegisterPk', f(1, 'id', 'string'), f(2, 'uuid', 'bytes'), f(3, 'pk', 'bytes'), f(4, 'old_id', 'string'), f(5, 'no_register_device', 'bool')),
  register_pk_response: def('RegisterPkResponse', f(1, 'result', 'enum'), f(2, 'keep_alive', 'int32')),
  software_update: def('SoftwareUpdate', f(1, 'url', 'string')),
  request_relay: def(
    'RequestRelay',
    f(1, 'id', 'string'),
    f(2, 'uuid', 'string'),
    f(3, 'socket_addr', 'bytes'),
    f(4, 'relay_server', 'string'),
    f(5, 'secure', 'bool'),
    f(6, 'licence_key', 'string'),
    f(7, 'conn_type', 'enum'),
    f(8, 'token', 'string'),
    f(9, 'control_permissions', 'message', { message: ControlPermissions }),
    f(10, 'controlled_context', 'message', { message: ControlledContext }),
    f(11, 'switch_code', 'string'),
  ),
  relay_response: def(
    'RelayResponse',
    f(1, 'socket_addr', 'bytes'),
    f(2, 'uuid', 'string'),
    f(3, 'relay_server', 'string'),
    f(4, 'id', 'string', { oneof: true }),
    f(5, 'pk', 'bytes', { oneof: true }),
    f(6, 'refuse_reason', 'string'),
    f(7, 'version', 'string'),
    f(9, 'feedback', 'int32'),
    f(10, 'socket_addr_v6', 'bytes'),
    f(11, 'upnp_port', 'int32'),
  ),
  test_nat_request: def('TestNatRequest', f(1, 'serial', 'int32')),
  test_nat_response: def('TestNatResponse', f(1, 'port', 'int32'), f(2, 'cu', 'message', { message: ConfigUpdateDef })),
  peer_discovery: def('PeerDiscovery', f(1, 'cmd', 'string'), f(2, 'mac', 'string'), f(3, 'id', 'string')),
  online_request: def('OnlineRequest', f(1, 'id', 'string'), f(2, 'peers', 'string', { repeated: true })),
  online_response: def('OnlineResponse', f(1, 'states', 'bytes')),
  key_exchange: def('KeyExchange', f(1, 'keys', 'bytes', { repeated: true })),
  hc: def('HealthCheck', f(1, 'token', 'string')),
  http_proxy_request: def(
    'HttpProxyRequest',
    f(1, 'method', 'string'),
    f(2, 'path', 'string'),
    f(3, 'headers', 'message', { repeated: true, message: HeaderEntry }),
    f(4, 'body', 'bytes'),
  ),
  http_proxy_response: def(
    'HttpProxyResponse',
    f(1, 'status', 'int32'),
    f(2, 'headers', 'message', { repeated: true, message: HeaderEntry }),
    f(3, 'body', 'bytes'),
    f(4, 'error', 'string'),
  ),
} as const;

/** The oneof `union` of RendezvousMessage, fields 6–28 in the order of §3. */
const FIELD_NUMBERS: Record<keyof typeof defs, number> = {
  register_peer: 6,
  register_peer_response: 7,
  punch_hole_request: 8,
  punch_hole: 9,
  punch_hole_sent: 10,
  punch_hole_response: 11,
  fetch_local_addr: 12,
  local_addr: 13,
  configure_update: 14,
  register_pk: 15,
  register_pk_response: 16,
  software_update: 17,
  request_relay: 18,
  relay_response: 19,
  test_nat_request: 20,
  test_nat_response: 21,
  peer_discovery: 22,
  online_request: 23,
  online_response: 24,
  key_exchange: 25,
  hc: 26,
  http_proxy_request: 27,
  http_proxy_response: 28,
};

const RendezvousMessageDef = def(
  'RendezvousMessage',
  ...Object.entries(defs).map(([name, message]) => f(FIELD_NUMBERS[name as keyof typeof defs], name, 'message', { message, oneof: true })),
);

// ---------- the types, as decoded (every scalar present with its default) ----------

type Bytes = Uint8Array;
export interface ControlPermissionsMsg { permissions: bigint }
export interface ControlledContextMsg { conn_audit_ref: string }
export interface RegisterPeer { id: string; serial: number }
export interface RegisterPeerResponse { request_pk: boolean }
export interface PunchHoleRequest {
  id: string; nat_type: number; licence_key: string; conn_type: number; token: string; version: string;
  udp_port: number; force_relay: boolean; upnp_port: number; socket_addr_v6: Bytes; switch_code: string;
}
export interface PunchHole {
  socket_addr: Bytes; relay_server: string; nat_type: number; udp_port: number; force_relay: boolean; upnp_port: number;
  socket_addr_v6: Bytes; control_permissions?: ControlPermissionsMsg; controlled_context?: ControlledContextMsg;
}
export interface PunchHoleSent {
  socket_addr: Bytes; id: string; relay_server: string; nat_type: number; version: string; upnp_port: number; socket_addr_v6: Bytes;
}
export interface PunchHoleResponse {
  socket_addr: Bytes; pk: Bytes; failure: number; relay_server: string; nat_type?: number; is_local?: boolean;
  other_failure: string; feedback: number; is_udp: boolean; upnp_port: number; socket_addr_v6: Bytes;
}
export interface FetchLocalAddr {
  socket_addr: Bytes; relay_server: string; socket_addr_v6: Bytes;
  control_permissions?: ControlPermissionsMsg; controlled_context?: ControlledContextMsg;
}
export interface LocalAddr { socket_addr: Bytes; local_addr: Bytes; relay_server: string; id: string; version: string; socket_addr_v6: Bytes }
export interface ConfigUpdate { serial: number; rendezvous_servers: string[] }
export interface RegisterPk { id: string; uuid: Bytes; pk: Bytes; old_id: string; no_register_device: boolean }
export interface RegisterPkResponse { result: number; keep_alive: number }
export interface RequestRelay {
  id: string; uuid: string; socket_addr: Bytes; relay_server: string; secure: boolean; licence_key: string; conn_type: number;
  token: string; control_permissions?: ControlPermissionsMsg; controlled_context?: ControlledContextMsg; switch_code: string;
}
export interface RelayResponse {
  socket_addr: Bytes; uuid: string; relay_server: string; id?: string; pk?: Bytes; refuse_reason: string; version: string;
  feedback: number; socket_addr_v6: Bytes; upnp_port: number;
}
export interface TestNatRequest { serial: number }
export interface TestNatResponse { port: number; cu?: ConfigUpdate }
export interface OnlineRequest { id: string; peers: string[] }
export interface OnlineResponse { states: Bytes }
export interface KeyExchange { keys: Bytes[] }
export interface HealthCheck { token: string }
export interface HeaderEntryMsg { name: string; value: string }
export interface HttpProxyRequest { method: string; path: string; headers: HeaderEntryMsg[]; body: Bytes }
export interface HttpProxyResponse { status: number; headers: HeaderEntryMsg[]; body: Bytes; error: string }

interface Union {
  register_peer: RegisterPeer;
  register_peer_response: RegisterPeerResponse;
  punch_hole_request: PunchHoleRequest;
  punch_hole: PunchHole;
  punch_hole_sent: PunchHoleSent;
  punch_hole_response: PunchHoleResponse;
  fetch_local_addr: FetchLocalAddr;
  local_addr: LocalAddr;
  configure_update: ConfigUpdate;
  register_pk: RegisterPk;
  register_pk_response: RegisterPkResponse;
  software_update: { url: string };
  request_relay: RequestRelay;
  relay_response: RelayResponse;
  test_nat_request: TestNatRequest;
  test_nat_response: TestNatResponse;
  peer_discovery: { cmd: string; mac: string; id: string };
  online_request: OnlineRequest;
  online_response: OnlineResponse;
  key_exchange: KeyExchange;
  hc: HealthCheck;
  http_proxy_request: HttpProxyRequest;
  http_proxy_response: HttpProxyResponse;
}
export type MessageKind = keyof Union;

/** A decoded RendezvousMessage: which member of the union it carries, and that member. */
export type RendezvousMessage = { [K in MessageKind]: { kind: K; body: Union[K] } }[MessageKind];

/** What a sender fills in: any subset of the member's fields (the rest are the proto3 defaults). */
export type Outgoing = { [K in MessageKind]: { [P in K]: Partial<Union[K]> } }[MessageKind];

/** Serializes one RendezvousMessage, e.g. `encodeMessage({ punch_hole_response: { failure: 2 } })`. */
export function encodeMessage(message: Outgoing): Buffer {
  return encode(RendezvousMessageDef, message as Record<string, unknown>);
}

/**
 * Parses one RendezvousMessage. Undefined for an empty or unknown union (a newer client's
 * message); throws ProtobufError for malformed bytes.
 */
export function decodeMessage(bytes: Uint8Array): RendezvousMessage | undefined {
  const out = decode(RendezvousMessageDef, bytes);
  let found: RendezvousMessage | undefined;
  // No client sends two members; should one, the member with the highest number is read.
  for (const [kind, body] of Object.entries(out)) {
    if (body !== undefined) found = { kind, body } as RendezvousMessage;
  }
  return found;
}
