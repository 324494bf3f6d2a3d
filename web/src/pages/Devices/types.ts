/** The device shapes the console shows, from the generated OpenAPI types. */
import type { Operation, Reply } from '../../api/client';

export type Device = Reply<Operation<'/api/admin/devices/{id}', 'get'>>;

/** A name to call a device by: its alias, else its hostname, else its id. */
export const nameOf = (device: Device) => device.alias || device.hostname || device.id;
