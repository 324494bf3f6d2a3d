/**
 * deskgate's devices, tokens and rules as the rendezvous server sees them (RendezvousDirectory):
 * registrations become devices with their keys (connect-policy.ts decides admission), the online
 * state feeds the devices' last-online time through the heartbeat batches, and every viewer's
 * request is judged and recorded by the connect policy.
 */
import type { RendezvousDirectory } from '../domain/rendezvous.js';
import type { Store } from '../store/index.js';
import type { ConnectPolicy } from './connect-policy.js';
import type { DeviceService } from './devices.js';

export function createRendezvousDirectory(deps: { store: Store; connectPolicy: ConnectPolicy; devices: DeviceService }): RendezvousDirectory {
  const { store, connectPolicy, devices } = deps;
  return {
    async find(id) {
      const device = await store.devices.findById(id);
      return device && { uuid: device.uuid, pk: device.pk, lastSeen: device.last_online_at };
    },
    async register({ id, uuid, pk, ip }) {
      const admission = await connectPolicy.admitRegistration({ id, uuid, pk, from: ip });
      if (admission !== 'ok') return admission;
      return connectPolicy.recordRegistration({ id, uuid, pk, ip });
    },
    seenSince: (ids, since) => store.devices.seenSince(ids, since),
    seen: (id, uuid) => devices.seen(id, uuid),
    async admit(request) {
      const admission = await connectPolicy.admitConnection(request);
      return admission.ok ? { ok: true, auditRef: admission.auditRef } : admission;
    },
    changeId: (request) => connectPolicy.changeId(request),
  };
}
