/** The shape My devices shows, from the generated OpenAPI types. */
import type { Operation, Reply } from '../../api/client';

export type OwnDevice = Reply<Operation<'/api/account/owned-devices', 'get'>>['data'][number];

/** A name to call a device by: its alias, else its hostname, else its id (as on the Devices page). */
export const nameOf = (device: OwnDevice) => device.alias || device.hostname || device.id;
