import { useState } from 'react';
import { api } from '../../api/client';
import type { ApiToken } from '../../api/types';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CheckField } from '../../components/Field';
import { PlusIcon } from '../../components/Icons';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { LoadError, Loading } from '../../components/StateViews';
import { Table } from '../../components/Table';
import { useToast } from '../../components/Toaster';
import { WithCode } from '../../components/Notice';
import { useResource } from '../../hooks/use-resource';
import { formatDateTime, t } from '../../i18n';
import { NewTokenDialog } from './NewTokenDialog';

const PAGE_SIZE = 20;

/** Settings → Tokens: API tokens for scripts. Only their names and scopes are ever listed. */
export function TokensPage() {
  const toast = useToast();
  const [current, setCurrent] = useState(1);
  const [showRevoked, setShowRevoked] = useState(false);
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiToken>();
  const query = { current, pageSize: PAGE_SIZE, include_revoked: showRevoked };
  const tokens = useResource(() => api.get('/api/admin/tokens', { query }), JSON.stringify(query));

  return (
    <>
      <PageHeader
        title={t.tokens.title}
        intro={<WithCode text={t.tokens.intro} />}
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            <PlusIcon />
            <span>{t.tokens.create}</span>
          </Button>
        }
      />
      <CheckField
        label={t.tokens.showRevoked}
        checked={showRevoked}
        onChange={(e) => {
          setShowRevoked(e.target.checked);
          setCurrent(1);
        }}
      />
      {tokens.error !== undefined && <LoadError error={tokens.error} retry={tokens.reload} />}
      {!tokens.data && tokens.loading && <Loading />}
      {tokens.data && (
        <>
          <Table
            caption={t.tokens.title}
            rows={tokens.data.data}
            rowKey={(token) => token.id}
            empty={t.tokens.empty}
            columns={[
              { header: t.tokens.name, cell: (token) => <strong>{token.name}</strong> },
              {
                header: t.tokens.scopes,
                cell: (token) => (
                  <span className="chips">
                    {token.scopes.map((scope) => (
                      <code key={scope}>{scope}</code>
                    ))}
                  </span>
                ),
              },
              { header: t.tokens.createdBy, cell: (token) => token.created_by || <span className="muted">—</span> },
              { header: t.tokens.created, cell: (token) => formatDateTime(token.created_at) },
              { header: t.tokens.lastUsed, cell: (token) => formatDateTime(token.last_used_at) || <span className="muted">{t.common.never}</span> },
              { header: t.tokens.expiresAt, cell: (token) => formatDateTime(token.expires_at) || <span className="muted">{t.common.never}</span> },
              {
                header: t.common.actions,
                end: true,
                cell: (token) =>
                  token.revoked_at ? (
                    <span className="badge badge-off">{t.tokens.revoked}</span>
                  ) : (
                    <Button small variant="danger" onClick={() => setRevoking(token)} aria-label={`${t.tokens.revoke} ${token.name}`}>
                      {t.tokens.revoke}
                    </Button>
                  ),
              },
            ]}
          />
          <Pagination current={current} pageSize={PAGE_SIZE} total={tokens.data.total} onChange={setCurrent} />
        </>
      )}
      {creating && <NewTokenDialog onClose={() => setCreating(false)} onCreated={tokens.reload} />}
      {revoking && (
        <ConfirmDialog
          title={t.tokens.revokeTitle(revoking.name)}
          body={t.tokens.revokeBody}
          confirmLabel={t.tokens.revoke}
          onClose={() => setRevoking(undefined)}
          onConfirm={async () => {
            await api.delete('/api/admin/tokens/{id}', { path: { id: revoking.id } });
            toast(t.tokens.revokedDone(revoking.name));
            tokens.reload();
          }}
        />
      )}
    </>
  );
}
