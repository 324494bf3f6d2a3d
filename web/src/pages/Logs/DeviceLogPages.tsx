import { useState, type ReactNode } from 'react';
import { api } from '../../api/client';
import type { Alarm, DeviceAuditRecord } from '../../api/types';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { LoadError, Loading } from '../../components/StateViews';
import { Table, type Column } from '../../components/Table';
import { useToast } from '../../components/Toaster';
import { useResource } from '../../hooks/use-resource';
import { formatDateTime, t } from '../../i18n';
import { useUser } from '../../session/session';
import { DeviceLogFilters, deviceLogQuery, noDeviceLogFilter, type DeviceLogFilter, type DeviceLogKind } from './DeviceLogFilters';
import { reasonWords } from './reasons';

const PAGE_SIZE = 25;
const words = t.deviceLogs;

/** Who connected: the controlling device's name and id. */
function Controller({ record }: { record: DeviceAuditRecord }) {
  // deskgate's own record of a punch or relay request names the person, when signed in.
  if (record.source === 'server') return record.peer_name ? <span>{record.peer_name}</span> : <span className="muted">{words.anonymous}</span>;
  if (!record.peer_id) return <span className="muted">{words.notYetKnown}</span>;
  // One element, so that the narrow layout keeps the name and the id in the value's column.
  return (
    <span>
      {record.peer_name || record.peer_id} <span className="muted">({record.peer_id})</span>
    </span>
  );
}

/** Where a connection stands: closed, authorised, or only opened. */
function connectionState(record: DeviceAuditRecord): string {
  if (record.source === 'server') return words.serverRequest(record.action, record.info.allowed === true, String(record.info.reason ?? ''));
  if (record.closed_at) return words.closedAt(formatDateTime(record.closed_at));
  if (record.authorized_at) return words.open;
  return words.notAuthorised;
}

/** A length of time in its two largest units: "45 s", "12 min 5 s", "3 h 4 min", "2 d 1 h". */
export function formatDuration(ms: number): string {
  const units = words.durationUnits;
  const seconds = Math.max(0, Math.round(ms / 1000));
  const parts: [number, string][] = [
    [Math.floor(seconds / 86_400), units.d],
    [Math.floor(seconds / 3600) % 24, units.h],
    [Math.floor(seconds / 60) % 60, units.min],
    [seconds % 60, units.s],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first === -1) return `0 ${units.s}`;
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit}`)
    .join(' ');
}

/**
 * How long a connection lasted: from its "new" record to its close, as RustDesk Pro shows start,
 * end and duration. One still open is "ongoing" with the time since it started.
 */
function connectionDuration(record: DeviceAuditRecord): ReactNode {
  if (record.source === 'server') return '';
  if (record.closed_at) return formatDuration(record.closed_at - record.created_at);
  return <span className="muted">{words.ongoing(formatDuration(Date.now() - record.created_at))}</span>;
}

type LogPath = '/api/admin/audit/connections' | '/api/admin/audit/files' | '/api/admin/audit/alarms' | '/api/account/connections';

/** A link to a log's CSV export with these filters; the browser sends the session cookie with it. */
function exportUrl(path: string, query: Record<string, string | number>): string {
  const search = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)])).toString();
  return `${path}.csv${search ? `?${search}` : ''}`;
}

/**
 * One log page: its heading, filters, a page of records from `path` in a table, paging, and with
 * `csv` an "Export CSV" link for the filters applied.
 */
export function LogPage<T>({
  path,
  kind,
  title,
  intro,
  columns,
  rowKey,
  csv = true,
  children,
}: {
  path: LogPath;
  kind: DeviceLogKind;
  title: string;
  intro: string;
  columns(reload: () => void): Column<T>[];
  rowKey(row: T): string;
  csv?: boolean;
  children?: ReactNode;
}) {
  const [current, setCurrent] = useState(1);
  const [filter, setFilter] = useState<DeviceLogFilter>(noDeviceLogFilter);
  const filters = deviceLogQuery(kind, filter);
  const query = { current, pageSize: PAGE_SIZE, ...filters };
  const log = useResource(() => api.get(path, { query } as never) as Promise<{ total: number; data: T[] }>, `${path}:${JSON.stringify(query)}`);
  const actions = csv ? (
    <a className="button" href={exportUrl(path, filters)} download title={words.exportHint}>
      {words.exportCsv}
    </a>
  ) : undefined;
  return (
    <>
      <PageHeader title={title} intro={intro} actions={actions} />
      <DeviceLogFilters
        kind={kind}
        onApply={(next) => {
          setFilter(next);
          setCurrent(1);
        }}
      />
      {log.error !== undefined && <LoadError error={log.error} retry={log.reload} />}
      {!log.data && log.loading && <Loading />}
      {log.data && (
        <>
          <Table caption={title} rows={log.data.data} rowKey={rowKey} empty={t.logs.empty} columns={columns(log.reload)} />
          <Pagination current={current} pageSize={PAGE_SIZE} total={log.data.total} onChange={setCurrent} />
        </>
      )}
      {children}
    </>
  );
}

/** The columns of a connection log; with `onDisconnect`, a Disconnect button on each open connection. */
export function connectionColumns(onDisconnect?: (record: DeviceAuditRecord) => void): Column<DeviceAuditRecord>[] {
  const columns: Column<DeviceAuditRecord>[] = [
    { header: t.logs.time, cell: (record) => formatDateTime(record.created_at) },
    { header: words.device, cell: (record) => record.device_id },
    { header: words.controller, cell: (record) => <Controller record={record} /> },
    { header: words.type, cell: (record) => words.connTypes[record.type] ?? '' },
    { header: words.state, cell: connectionState },
    { header: words.duration, cell: connectionDuration },
    { header: t.logs.address, cell: (record) => record.ip },
    { header: words.note, cell: (record) => record.note },
  ];
  if (onDisconnect) {
    columns.push({
      header: words.actions,
      cell: (record) =>
        record.closed_at === 0 ? (
          <Button small variant="danger" onClick={() => onDisconnect(record)} aria-label={words.disconnectLabel(record.device_id, record.peer_name || record.peer_id || record.ip)}>
            {words.disconnect}
          </Button>
        ) : null,
    });
  }
  return columns;
}

/**
 * Logs → Connections: each connection to a device, from "new" to "close". An open one can be
 * disconnected by whoever may change devices (an administrator's session may do everything).
 */
export function ConnectionsLogPage() {
  const user = useUser();
  const toast = useToast();
  const [disconnecting, setDisconnecting] = useState<{ record: DeviceAuditRecord; reload(): void }>();
  return (
    <LogPage<DeviceAuditRecord>
      path="/api/admin/audit/connections"
      kind="connections"
      title={words.connectionsTitle}
      intro={words.connectionsIntro}
      rowKey={(record) => record.id}
      columns={(reload) => connectionColumns(user.is_admin ? (record) => setDisconnecting({ record, reload }) : undefined)}
    >
      {disconnecting && (
        <ConfirmDialog
          title={words.disconnectTitle(disconnecting.record.device_id)}
          body={words.disconnectBody}
          confirmLabel={words.disconnect}
          onClose={() => setDisconnecting(undefined)}
          onConfirm={async () => {
            const { record, reload } = disconnecting;
            await api.post('/api/admin/devices/{id}/disconnect', { path: { id: record.device_id }, body: { conn_id: record.conn_id } });
            toast(words.disconnected(record.device_id));
            reload();
          }}
        />
      )}
    </LogPage>
  );
}

/** Logs → File transfers. */
export function FilesLogPage() {
  return (
    <LogPage<DeviceAuditRecord>
      path="/api/admin/audit/files"
      kind="files"
      title={words.filesTitle}
      intro={words.filesIntro}
      rowKey={(record) => record.id}
      columns={() => [
        { header: t.logs.time, cell: (record) => formatDateTime(record.created_at) },
        { header: words.device, cell: (record) => record.device_id },
        { header: words.controller, cell: (record) => <Controller record={record} /> },
        { header: words.direction, cell: (record) => (record.type === 0 ? words.sent : record.type === 1 ? words.received : '') },
        { header: words.path, cell: (record) => String(record.info.path ?? '') },
        { header: words.fileCount, cell: (record) => (typeof record.info.num === 'number' ? String(record.info.num) : '') },
      ]}
    />
  );
}

/** What an alarm was, in words. */
function alarmWords(alarm: Alarm): string {
  if (alarm.source === 'sign_in') return `${words.failedSignIn}: ${reasonWords(alarm.action)}`;
  if (alarm.action) return words.ownAlarms[alarm.action] ?? alarm.action;
  return words.alarmTypes[alarm.type] ?? words.unknownAlarm(alarm.type);
}

/** Logs → Alarms: what devices reported and deskgate noticed, with the failed sign-ins. */
export function AlarmsLogPage() {
  return (
    <LogPage<Alarm>
      path="/api/admin/audit/alarms"
      kind="alarms"
      title={words.alarmsTitle}
      intro={words.alarmsIntro}
      rowKey={(alarm) => `${alarm.source}:${alarm.id}`}
      columns={() => [
        { header: t.logs.time, cell: (alarm) => formatDateTime(alarm.created_at) },
        { header: words.what, cell: alarmWords },
        { header: words.where, cell: (alarm) => (alarm.source === 'sign_in' ? String(alarm.info.name ?? '') : alarm.device_id) },
        { header: t.logs.address, cell: (alarm) => alarm.ip },
      ]}
    />
  );
}
