import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PlusIcon } from '../../components/Icons';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { LoadError, Loading } from '../../components/StateViews';
import { Table } from '../../components/Table';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';
import { AssignDialog } from './AssignDialog';
import { StrategyDialog } from './StrategyDialog';
import type { Strategy } from './types';

function NameCell({ strategy }: { strategy: Strategy }) {
  return (
    <>
      <strong>{strategy.name}</strong>
      {strategy.is_default && <span className="badge badge-accent">{t.strategies.defaultBadge}</span>}
      {!strategy.enabled && <span className="badge badge-warn">{t.strategies.disabledBadge}</span>}
    </>
  );
}

/** Strategies: client settings sent to devices; create, change, assign, switch on and off, delete. */
export function StrategiesPage() {
  const toast = useToast();
  const [editing, setEditing] = useState<Strategy | 'new'>();
  const [assigning, setAssigning] = useState<Strategy>();
  const [deleting, setDeleting] = useState<Strategy>();
  const strategies = useResource(() => api.get('/api/admin/strategies'), 'strategies');
  const toggle = useAction(async (strategy: Strategy) => {
    const saved = await api.patch('/api/admin/strategies/{id}', { path: { id: strategy.id }, body: { enabled: !strategy.enabled } });
    toast(saved.enabled ? t.strategies.enabledNow(saved.name) : t.strategies.disabledNow(saved.name));
    strategies.reload();
  });

  return (
    <>
      <PageHeader
        title={t.strategies.title}
        intro={t.strategies.intro}
        actions={
          <Button variant="primary" onClick={() => setEditing('new')}>
            <PlusIcon />
            <span>{t.strategies.create}</span>
          </Button>
        }
      />
      {strategies.error !== undefined && <LoadError error={strategies.error} retry={strategies.reload} />}
      {!strategies.data && strategies.loading && <Loading />}
      {strategies.data && (
        <Table
          caption={t.strategies.title}
          rows={strategies.data.data}
          rowKey={(strategy) => strategy.id}
          empty={t.strategies.empty}
          columns={[
            { header: t.strategies.name, cell: (strategy) => <NameCell strategy={strategy} /> },
            { header: t.strategies.note, cell: (strategy) => strategy.note || <span className="muted">—</span> },
            { header: t.strategies.settings, cell: (strategy) => t.strategies.optionCount(Object.keys(strategy.options).length) },
            { header: t.strategies.reaches, cell: (strategy) => t.strategies.deviceCount(strategy.applied_count) },
            { header: t.strategies.namedBy, cell: (strategy) => t.strategies.namedByCounts(strategy.device_count, strategy.user_count, strategy.device_group_count) },
            {
              header: t.common.actions,
              end: true,
              cell: (strategy) => (
                <div className="row-actions">
                  <Button small onClick={() => setEditing(strategy)} aria-label={`${t.common.edit} ${strategy.name}`}>
                    {t.common.edit}
                  </Button>
                  <Button small onClick={() => setAssigning(strategy)} aria-label={`${t.strategies.assign} ${strategy.name}`}>
                    {t.strategies.assign}
                  </Button>
                  <Button
                    small
                    disabled={toggle.busy}
                    onClick={() => void toggle.run(strategy)}
                    aria-label={`${strategy.enabled ? t.strategies.disable : t.strategies.enable} ${strategy.name}`}
                  >
                    {strategy.enabled ? t.strategies.disable : t.strategies.enable}
                  </Button>
                  <Button small variant="danger" onClick={() => setDeleting(strategy)} aria-label={`${t.common.delete} ${strategy.name}`}>
                    {t.common.delete}
                  </Button>
                </div>
              ),
            },
          ]}
        />
      )}
      {toggle.error && <Notice kind="error">{toggle.error}</Notice>}
      {editing && <StrategyDialog strategy={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} onSaved={strategies.reload} />}
      {assigning && <AssignDialog strategy={assigning} onClose={() => setAssigning(undefined)} onSaved={strategies.reload} />}
      {deleting && (
        <ConfirmDialog
          title={t.strategies.deleteTitle(deleting.name)}
          body={t.strategies.deleteBody}
          confirmLabel={t.common.delete}
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api.delete('/api/admin/strategies/{id}', { path: { id: deleting.id } });
            toast(t.strategies.deleted(deleting.name));
            strategies.reload();
          }}
        />
      )}
    </>
  );
}
