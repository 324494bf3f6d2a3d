import { useState } from 'react';
import { api } from '../../api/client';
import type { SignInFailure } from '../../api/types';
import { SelectField } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { LoadError, Loading } from '../../components/StateViews';
import { Table } from '../../components/Table';
import { useResource } from '../../hooks/use-resource';
import { formatDateTime, t } from '../../i18n';
import { reasonWords } from './reasons';

const PAGE_SIZE = 25;

type Kind = '' | 'password' | 'sso';

/** The reason in words, and for administrators what the server added (a provider's error, the check that failed). */
function Reason({ failure }: { failure: SignInFailure }) {
  return (
    <>
      <span className="failure-reason">{reasonWords(failure.reason)}</span>
      {failure.detail && <span className="muted failure-detail"> — {failure.detail}</span>}
    </>
  );
}

/** Logs → Failed sign-ins: refused sign-ins by password and by single sign-on, filtered by kind and provider. */
export function SignInFailuresPage() {
  const [current, setCurrent] = useState(1);
  const [kind, setKind] = useState<Kind>('');
  const [providerId, setProviderId] = useState('');
  const query = { current, pageSize: PAGE_SIZE, ...(kind ? { kind } : {}), ...(providerId ? { provider_id: providerId } : {}) };
  const failures = useResource(() => api.get('/api/admin/audit/sign-in-failures', { query }), JSON.stringify(query));
  // The provider filter lists the providers there are; without them the page still works.
  const providers = useResource(() => api.get('/api/admin/oidc/providers').catch(() => []), 'providers');
  return (
    <>
      <PageHeader title={t.logs.failuresTitle} intro={t.logs.failuresIntro} />
      <form className="filters" role="search" onSubmit={(event) => event.preventDefault()}>
        <SelectField
          label={t.logs.kind}
          name="kind"
          value={kind}
          onChange={(event) => {
            setKind(event.target.value as Kind);
            if (event.target.value === 'password') setProviderId('');
            setCurrent(1);
          }}
          options={[
            { value: '', label: t.logs.allKinds },
            { value: 'password', label: t.logs.kinds.password ?? 'password' },
            { value: 'sso', label: t.logs.kinds.sso ?? 'sso' },
          ]}
        />
        <SelectField
          label={t.logs.provider}
          name="provider"
          value={providerId}
          disabled={kind === 'password'}
          onChange={(event) => {
            setProviderId(event.target.value);
            setCurrent(1);
          }}
          options={[{ value: '', label: t.logs.allProviders }, ...(providers.data ?? []).map((p) => ({ value: p.id, label: p.display_name || p.name }))]}
        />
      </form>
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
              { header: t.logs.kind, cell: (failure) => t.logs.kinds[failure.kind] ?? failure.kind },
              { header: t.logs.provider, cell: (failure) => failure.provider_name },
              { header: t.logs.name, cell: (failure) => failure.name },
              { header: t.logs.reason, cell: (failure) => <Reason failure={failure} /> },
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
