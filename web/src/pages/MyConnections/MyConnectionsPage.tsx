import type { DeviceAuditRecord } from '../../api/types';
import { t } from '../../i18n';
import { LogPage, connectionColumns } from '../Logs/DeviceLogPages';

/**
 * My connections: the connections to the devices I own, with the filters of Logs → Connections.
 * Read-only, as RustDesk Pro shows people their own logs; only administrators disconnect.
 */
export function MyConnectionsPage() {
  return (
    <LogPage<DeviceAuditRecord>
      path="/api/account/connections"
      kind="connections"
      title={t.deviceLogs.myConnectionsTitle}
      intro={t.deviceLogs.myConnectionsIntro}
      rowKey={(record) => record.id}
      columns={() => connectionColumns()}
      csv={false}
    />
  );
}
