import { useState } from 'react';
import { api } from '../../api/client';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { LoadError, Loading } from '../../components/StateViews';
import { Table } from '../../components/Table';
import { useResource } from '../../hooks/use-resource';
import { formatDateTime, t } from '../../i18n';

const PAGE_SIZE = 25;

/** Logs → Failed sign-ins: the alarm log of refused sign-in attempts. */
export function SignInFailuresPage() {
  const [current, setCurrent] = useState(1);
  const failures = useResource(() => api.get('/api/admin/audit/sign-in-failures', { query: { current, pageSize: PAGE_SIZE } }), String(current));
  return (
    <>
      <PageHeader title={t.logs.failuresTitle} intro={t.logs.failuresIntro} />
      {failures.error !== undefined && <LoadError error={failures.error} retry={failures.reload} />}
      {!failures.data && failures.loading && <Loading />}
      {failures.data && (
        <>
          <Table
            caption={t.logs.failuresTitle}
            rows={failures.data.data}
            rowKey={(failure) => failure.id}
            empty={t.logs.empty}
            columns={[
              { header: t.logs.time, cell: (failure) => formatDateTime(failure.created_at) },
              { header: t.logs.name, cell: (failure) => failure.name },
              { header: t.logs.reason, cell: (failure) => failure.reason },
              { header: t.logs.channel, cell: (failure) => t.logs.channels[failure.channel] ?? failure.channel },
              { header: t.logs.address, cell: (failure) => failure.ip },
            ]}
          />
          <Pagination current={current} pageSize={PAGE_SIZE} total={failures.data.total} onChange={setCurrent} />
        </>
      )}
    </>
  );
}
