/** The device-group shapes the console shows, from the generated OpenAPI types. */
import type { Operation, Reply } from '../../api/client';

export type DeviceGroup = Reply<Operation<'/api/admin/device-groups/{id}', 'get'>>;
export type GroupAccess = Reply<Operation<'/api/admin/groups/{id}/access', 'get'>>;
