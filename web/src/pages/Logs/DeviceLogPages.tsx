import { useState } from 'react';
import { api } from '../../api/client';
import type { Alarm, DeviceAuditRecord } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { LoadError, Loading } from '../../components/StateViews';
import { Table, type Column } from '../../components/Table';
import { useResource } from '../../hooks/use-resource';
import { formatDateTime, t } from '../../i18n';
import { reasonWords } from './reasons';

const PAGE_SIZE = 25;
const words = t.deviceLogs;

/** Who connected: the controlling device's name and id. */
function Controller({ record }: { record: DeviceAuditRecord }) {
  if (!record.peer_id) return <span className="muted">{words.notYetKnown}</span>;
  return (
    <>
      {record.peer_name || record.peer_id} <span className="muted">({record.peer_id})</span>
    </>
  );
}

/** Where a connection stands: closed, authorised, or only opened. */
function connectionState(record: DeviceAuditRecord): string {
  if (record.closed_at) return words.closedAt(formatDateTime(record.closed_at));
  if (record.authorized_at) return words.open;
  return words.notAuthorised;
}

type LogPath = '/api/admin/audit/connections' | '/api/admin/audit/files' | '/api/admin/audit/alarms';

/** One log page: its heading, a page of records from `path` in a table, and paging. */
function LogPage<T>({ path, title, intro, columns, rowKey }: { path: LogPath; title: string; intro: string; columns: Column<T>[]; rowKey(row: T): string }) {
  const [current, setCurrent] = useState(1);
  const query = { current, pageSize: PAGE_SIZE };
  const log = useResource(() => api.get(path, { query }) as Promise<{ total: number; data: T[] }>, `${path}:${current}`);
  return (
    <>
      <PageHeader title={title} intro={intro} />
      {log.error !== undefined && <LoadError error={log.error} retry={log.reload} />}
      {!log.data && log.loading && <Loading />}
      {log.data && (
        <>
          <Table caption={title} rows={log.data.data} rowKey={rowKey} empty={t.logs.empty} columns={columns} />
          <Pagination current={current} pageSize={PAGE_SIZE} total={log.data.total} onChange={setCurrent} />
        </>
      )}
    </>
  );
}

/** Logs → Connections: each connection to a device, from "new" to "close". */
export function ConnectionsLogPage() {
  return (
    <LogPage<DeviceAuditRecord>
      path="/api/admin/audit/connections"
      title={words.connectionsTitle}
      intro={words.connectionsIntro}
      rowKey={(record) => record.id}
      columns={[
        { header: t.logs.time, cell: (record) => formatDateTime(record.created_at) },
        { header: words.device, cell: (record) => record.device_id },
        { header: words.controller, cell: (record) => <Controller record={record} /> },
        { header: words.type, cell: (record) => words.connTypes[record.type] ?? '' },
        { header: words.state, cell: connectionState },
        { header: t.logs.address, cell: (record) => record.ip },
        { header: words.note, cell: (record) => record.note },
      ]}
    />
  );
}

/** Logs → File transfers. */
export function FilesLogPage() {
  return (
    <LogPage<DeviceAuditRecord>
      path="/api/admin/audit/files"
      title={words.filesTitle}
      intro={words.filesIntro}
      rowKey={(record) => record.id}
      columns={[
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
      title={words.alarmsTitle}
      intro={words.alarmsIntro}
      rowKey={(alarm) => `${alarm.source}:${alarm.id}`}
      columns={[
        { header: t.logs.time, cell: (alarm) => formatDateTime(alarm.created_at) },
        { header: words.what, cell: alarmWords },
        { header: words.where, cell: (alarm) => (alarm.source === 'sign_in' ? String(alarm.info.name ?? '') : alarm.device_id) },
        { header: t.logs.address, cell: (alarm) => alarm.ip },
      ]}
    />
  );
}
