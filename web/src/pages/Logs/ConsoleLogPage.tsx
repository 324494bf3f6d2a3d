import { useState } from 'react';
import { api } from '../../api/client';
import type { AuditRecord } from '../../api/types';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { LoadError, Loading } from '../../components/StateViews';
import { Table } from '../../components/Table';
import { useResource } from '../../hooks/use-resource';
import { formatDateTime, t } from '../../i18n';
import { AuditFilters, noFilter, queryOf, type AuditFilter } from './AuditFilters';

const PAGE_SIZE = 25;

function detailText(record: AuditRecord): string {
  const entries = Object.entries(record.detail);
  return entries.length === 0 ? '' : entries.map(([key, value]) => `${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`).join(', ');
}

/** Logs → Console: every administrative change, filtered and paged. */
export function ConsoleLogPage() {
  const [filter, setFilter] = useState<AuditFilter>(noFilter);
  const [current, setCurrent] = useState(1);
  const query = { current, pageSize: PAGE_SIZE, ...queryOf(filter) };
  const records = useResource(() => api.get('/api/admin/audit/console', { query }), JSON.stringify(query));

  return (
    <>
      <PageHeader title={t.logs.consoleTitle} intro={t.logs.consoleIntro} />
      <AuditFilters
        onApply={(next) => {
          setFilter(next);
          setCurrent(1);
        }}
      />
      {records.error !== undefined && <LoadError error={records.error} retry={records.reload} />}
      {!records.data && records.loading && <Loading />}
      {records.data && (
        <>
          <Table
            caption={t.logs.consoleTitle}
            rows={records.data.data}
            rowKey={(record) => record.id}
            empty={t.logs.empty}
            columns={[
              { header: t.logs.time, cell: (record) => <time dateTime={new Date(record.created_at).toISOString()}>{formatDateTime(record.created_at)}</time> },
              { header: t.logs.actor, cell: (record) => <span title={record.actor.type}>{record.actor.name || record.actor.id}</span> },
              { header: t.logs.action, cell: (record) => <code>{record.action}</code> },
              { header: t.logs.target, cell: (record) => record.target.name || record.target.id || <span className="muted">—</span> },
              { header: t.logs.detail, cell: (record) => <span className="detail">{detailText(record)}</span> },
              { header: t.logs.address, cell: (record) => record.ip },
            ]}
          />
          <Pagination current={current} pageSize={PAGE_SIZE} total={records.data.total} onChange={setCurrent} />
        </>
      )}
    </>
  );
}
