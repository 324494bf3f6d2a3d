import type { Clock } from '../clock.js';
import { isAppError } from '../errors.js';
import type { Device } from '../domain/device.js';
import type { Store } from '../store/index.js';
import type { AccessTokenService } from './access-tokens.js';
import type { AuditService } from './audit.js';
import { systemActor } from './audit.js';
import type { DeviceService } from './devices.js';
import { newTimeOrderedId } from './secrets.js';
import type { SettingsService } from './settings.js';

/**
 * The words a refused client shows (verbatim: `PunchHoleResponse.other_failure` or
 * `RelayResponse.refuse_reason`, spec/rustdesk-rendezvous.md §5).
 */
export const REFUSALS = {
  signInRequired: 'Connection failed: please sign in to RustDesk first',
  signInAgain: 'Connection failed: your sign-in has expired or was revoked; please sign in to RustDesk again',
  notAllowed: 'Connection failed: you are not allowed to connect to this device',
  unknownDevice: 'ID does not exist',
  disabled: 'Connection failed: this device is disabled by an administrator',
  awaitingApproval: 'Connection failed: this device is waiting for an administrator’s approval',
} as const;

export type ConnectKind = 'punch' | 'relay';

export type Admission = { ok: true; userId: string | null; auditRef: string } | { ok: false; reason: string };

export type RegistrationAdmission = 'ok' | 'not_deployed' | 'invalid';

/** `invalid`: id, uuid or key malformed (the server drops the request, unanswered). */
export type RegistrationResult = 'ok' | 'uuid_mismatch' | 'invalid';

export type ChangeIdResult = 'ok' | 'id_exists' | 'uuid_mismatch' | 'invalid' | 'too_frequent';

/** A custom id as the client checks it (`check_id`, §4.8): a letter, then 5 to 15 letters, digits, `_` or `-`. */
export const CUSTOM_ID = /^[a-zA-Z][\w-]{5,15}$/;

/** The longest device id deskgate stores (as the client API's device routes take them). */
const ID_MAX = 100;

const UUID_MAX = 512;
/** Text a client sent that can be a stored id, uuid (base64) or key (base64): bounded, no spaces or control characters. */
const isToken = (value: string, max: number) => value !== '' && value.length <= max && !/[\s\p{Cc}]/u.test(value);
const wellFormed = (input: { id: string; uuid: string; pk?: string }) =>
  isToken(input.id, ID_MAX) && isToken(input.uuid, UUID_MAX) && (input.pk === undefined || isToken(input.pk, UUID_MAX));

/** One id change per machine (uuid) this often, on this instance: the client's "Too frequent". */
export const CHANGE_ID_EVERY_MS = 60_000;

/** What the rendezvous server last stored for a device, so an unchanged registration writes nothing. */
interface Registered {
  uuid: string;
  pk: string;
  /** When the database last said so: re-read after REGISTERED_FOR_MS (a device deleted on another instance comes back). */
  at: number;
}
const REGISTERED_FOR_MS = 60_000;
const REGISTERED_MAX = 200_000;

/**
 * What deskgate's rendezvous server asks before it acts (spec/rustdesk-rendezvous.md §4.1, §4.3,
 * §4.4, §4.8, §5): whether a punch or relay request may go ahead, whether a device may register,
 * what a registration stores, and an id change. Settings come from the settings service, whose
 * short cache a change on this instance clears at once; tokens from the access-token service,
 * where a revocation on this instance drops the cached verification at once.
 */
export function createConnectPolicy(deps: {
  store: Store;
  clock: Clock;
  settings: SettingsService;
  accessTokens: AccessTokenService;
  audit: AuditService;
  devices: DeviceService;
}) {
  const { store, clock, settings, accessTokens, audit, devices } = deps;
  const registered = new Map<string, Registered>();
  const lastChange = new Map<string, number>();

  function remember(id: string, entry: Omit<Registered, 'at'>): void {
    if (registered.size >= REGISTERED_MAX) registered.clear();
    registered.set(id, { ...entry, at: clock.now() });
  }

  /** The server-side connection record: who asked, from where, for which device, and the answer. */
  async function record(input: {
    kind: ConnectKind;
    targetId: string;
    device: Device | undefined;
    from: string;
    user: { id: string; name: string } | null;
    refused?: string;
  }): Promise<string> {
    const now = clock.now();
    const id = newTimeOrderedId(now);
    await store.deviceAudit.insert({
      id,
      created_at: now,
      kind: 'conn',
      source: 'server',
      device_id: input.targetId,
      device_uuid: input.device?.uuid ?? '',
      conn_id: 0,
      type: -1,
      action: input.kind,
      ip: input.from,
      info: {
        allowed: input.refused === undefined,
        ...(input.refused === undefined ? {} : { reason: input.refused }),
        user_id: input.user?.id ?? null,
        user_name: input.user?.name ?? null,
      },
      session_id: '',
      peer_id: '',
      peer_name: input.user?.name ?? '',
      note: '',
      authorized_at: input.refused === undefined ? now : 0,
      // A request, not a session: closed as it is written, so it never shows as an open connection.
      closed_at: now,
    });
    return id;
  }

  return {
    /**
     * A punch (§4.3) or relay (§4.4) request for `targetId`, with the token the controlling client
     * sent (its deskgate access token; '' when not signed in) and the address it came from.
     * Refusals carry the words the client shows; every answer is written as a server-side
     * connection record, whose id (`auditRef`) the server may pass as `conn_audit_ref`.
     */
    async admitConnection(input: { token: string; targetId: string; kind: ConnectKind; from: string }): Promise<Admission> {
      // Whatever a client put there: an id no device can have is unknown, written cut short and without control characters.
      if (input.targetId === '' || input.targetId.length > ID_MAX || /[\s\p{Cc}]/u.test(input.targetId)) {
        const shown = input.targetId.slice(0, ID_MAX).replace(/\p{Cc}/gu, '?');
        await record({ kind: input.kind, targetId: shown, device: undefined, from: input.from.slice(0, 64), user: null, refused: REFUSALS.unknownDevice });
        return { ok: false, reason: REFUSALS.unknownDevice };
      }
      const [loginRequired, admission] = await Promise.all([settings.get('rendezvous.login_required'), settings.get('rendezvous.admission')]);
      let user: { id: string; name: string; is_admin: boolean } | null = null;
      const refuse = async (reason: string, device?: Device): Promise<Admission> => {
        await record({ kind: input.kind, targetId: input.targetId, device, from: input.from, user, refused: reason });
        return { ok: false, reason };
      };
      if (input.token === '') {
        if (loginRequired) return refuse(REFUSALS.signInRequired);
      } else {
        try {
          const verified = await accessTokens.verify(input.token);
          user = { id: verified.user.id, name: verified.user.name, is_admin: verified.user.is_admin };
        } catch (error) {
          if (!isAppError(error, 'auth.invalid_token')) throw error;
          // Refused even when signing in is not required: the person believes they are signed in,
          // and going on as anonymous would hide from them (and from the audit) that their sign-in
          // was revoked or has expired, and would let a revoked person keep connecting.
          return refuse(REFUSALS.signInAgain);
        }
      }
      // A person who may not reach the device learns nothing more about it (not even whether it exists).
      if (user && !user.is_admin && !(await store.deviceGroups.canReach(user.id, input.targetId))) return refuse(REFUSALS.notAllowed);
      const device = await store.devices.findById(input.targetId);
      if (!device) return refuse(REFUSALS.unknownDevice);
      if (!device.enabled) return refuse(REFUSALS.disabled, device);
      if (admission === 'approval' && !device.approved) return refuse(REFUSALS.awaitingApproval, device);
      // Anonymous requests (login not required) reach any device, as with stock hbbs: the
      // device's own password guards it; the access rules say what signed-in people may reach.
      const auditRef = await record({ kind: input.kind, targetId: input.targetId, device, from: input.from, user });
      return { ok: true, userId: user?.id ?? null, auditRef };
    },

    /**
     * Before a RegisterPk (§4.1) is stored: with admission `deployment`, only a device deskgate
     * knows under this id (deployed with `rustdesk --deploy`, client API §5.5, or known before the
     * rule) registers; others are answered NOT_DEPLOYED. Any other admission lets it register.
     * `uuid` is base64 of the machine uid bytes, as the client API spells it (§2.3).
     */
    async admitRegistration(input: { id: string; uuid: string; pk: string; from: string }): Promise<RegistrationAdmission> {
      if (!wellFormed(input)) return 'invalid';
      if ((await settings.get('rendezvous.admission')) !== 'deployment') return 'ok';
      const device = await store.devices.findById(input.id);
      // Another machine's id is left to recordRegistration, which answers UUID_MISMATCH.
      if (!device) return 'not_deployed';
      return device.uuid !== input.uuid || device.deployed ? 'ok' : 'not_deployed';
    },

    /**
     * A registration the server accepted: every RegisterPk (after admitRegistration), and every
     * RegisterPeer with the uuid and key of the device's RegisterPk. Stores the device's key,
     * making the device if it is new (not approved while admission is `approval`), and counts it
     * as seen. The database is written only when something changed; otherwise the last-online
     * time goes with the next batch of heartbeats, and the row is read again at most once a
     * minute. `uuid_mismatch`: the id is another machine's.
     */
    async recordRegistration(input: { id: string; uuid: string; pk: string; ip: string }): Promise<RegistrationResult> {
      if (!wellFormed(input)) return 'invalid';
      const cached = registered.get(input.id);
      if (cached && cached.uuid === input.uuid && cached.pk === input.pk && cached.at > clock.now() - REGISTERED_FOR_MS) {
        devices.seen(input.id, input.uuid);
        return 'ok';
      }
      const now = clock.now();
      let device = await store.devices.findById(input.id);
      if (!device) {
        const admission = await settings.get('rendezvous.admission');
        const added = await store.devices.insert({
          id: input.id, uuid: input.uuid, hostname: '', username: '', os: '', cpu: '', memory: '', version: '', ver: 0, user_id: null, group_id: null,
          alias: '', note: '', enabled: true, conns: [], strategy_modified_at: 0,
          // 0: its first heartbeat is asked for its system information.
          sysinfo_at: 0, last_online_at: now, created_at: now, updated_at: now,
          pk: input.pk, approved: admission !== 'approval', deployed: true,
        });
        if (added) {
          remember(input.id, { uuid: input.uuid, pk: input.pk });
          await devices.created({ id: input.id, uuid: input.uuid, ip: input.ip });
          return 'ok';
        }
        // Made a moment ago, by another instance or an upload: read what it holds.
        device = await store.devices.findById(input.id);
        if (!device) return 'uuid_mismatch';
      }
      if (device.uuid !== input.uuid) return 'uuid_mismatch';
      if (device.pk !== input.pk && !(await store.devices.setPk(input.id, input.uuid, input.pk, now))) return 'uuid_mismatch';
      if (device.pk === input.pk) devices.seen(input.id, input.uuid);
      remember(input.id, { uuid: input.uuid, pk: input.pk });
      return 'ok';
    },

    /**
     * An id change (§4.8: RegisterPk with old_id and no pk). In one transaction the device moves
     * to the new id with everything it holds (owner, group, alias, note, key, approval), and so
     * do its entries in address books, its client tokens and its trusted sign-ins; the audit
     * records of its past connections stay under the id they happened under.
     */
    async changeId(input: { oldId: string; newId: string; uuid: string; ip?: string }): Promise<ChangeIdResult> {
      if (!CUSTOM_ID.test(input.newId)) return 'invalid';
      if (!wellFormed({ id: input.oldId, uuid: input.uuid })) return 'uuid_mismatch';
      const now = clock.now();
      if ((lastChange.get(input.uuid) ?? -Infinity) > now - CHANGE_ID_EVERY_MS) return 'too_frequent';
      if (input.oldId === input.newId) return 'id_exists';
      const outcome = await store
        .transaction(async (tx) => {
          // Taking the old row first locks it: a second change of the same device waits, then finds none.
          const device = await tx.devices.take(input.oldId, input.uuid);
          if (!device) return 'uuid_mismatch' as const;
          // On PostgreSQL a concurrent insert of the same new id waits for this one, then finds it taken.
          if (!(await tx.devices.insert({ ...device, id: input.newId, updated_at: now }))) throw new IdTaken();
          const books = await tx.addressBooks.renamePeer(input.oldId, input.newId);
          await tx.accessTokens.moveDevice(input.oldId, input.newId, input.uuid);
          await tx.twoFactor.moveTrustedDevice(input.oldId, input.newId, input.uuid);
          const actor = { ...systemActor, name: `device:${input.oldId}`, ip: input.ip ?? '' };
          await tx.consoleAudit.insert(
            audit.row(actor, 'device.change_id', { type: 'device', id: input.newId, name: device.alias || device.hostname || input.newId }, {
              old_id: input.oldId,
              new_id: input.newId,
              address_books: books.length,
            }),
          );
          return 'ok' as const;
        })
        .catch((error: unknown) => {
          if (error instanceof IdTaken) return 'id_exists' as const;
          throw error;
        });
      if (outcome === 'ok') {
        if (lastChange.size > 10_000) lastChange.clear();
        lastChange.set(input.uuid, now);
        registered.delete(input.oldId);
        registered.delete(input.newId);
        devices.forget(input.oldId);
        devices.forget(input.newId);
      }
      return outcome;
    },

    /** Drops what this instance remembers of a device (an administrator changed or deleted it). */
    forget(id: string): void {
      registered.delete(id);
    },
  };
}

/** Rolls the id change back: the new id was taken. */
class IdTaken extends Error {}

export type ConnectPolicy = ReturnType<typeof createConnectPolicy>;
