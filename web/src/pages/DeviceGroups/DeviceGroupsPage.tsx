import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PlusIcon } from '../../components/Icons';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { LoadError, Loading } from '../../components/StateViews';
import { Table } from '../../components/Table';
import { useToast } from '../../components/Toaster';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';
import { DeviceGroupDialog } from './DeviceGroupDialog';
import { GroupPickerDialog } from './GroupPickerDialog';
import type { DeviceGroup } from './types';

const PAGE_SIZE = 20;

/** Device groups: create, rename, delete, and which user groups may reach each one's devices. */
export function DeviceGroupsPage() {
  const toast = useToast();
  const [current, setCurrent] = useState(1);
  const [editing, setEditing] = useState<DeviceGroup | 'new'>();
  const [access, setAccess] = useState<DeviceGroup>();
  const [deleting, setDeleting] = useState<DeviceGroup>();
  const groups = useResource(() => api.get('/api/admin/device-groups', { query: { current, pageSize: PAGE_SIZE } }), String(current));

  return (
    <>
      <PageHeader
        title={t.deviceGroups.title}
        intro={t.deviceGroups.intro}
        actions={
          <Button variant="primary" onClick={() => setEditing('new')}>
            <PlusIcon />
            <span>{t.deviceGroups.create}</span>
          </Button>
        }
      />
      {groups.error !== undefined && <LoadError error={groups.error} retry={groups.reload} />}
      {!groups.data && groups.loading && <Loading />}
      {groups.data && (
        <>
          <Table
            caption={t.deviceGroups.title}
            rows={groups.data.data}
            rowKey={(group) => group.id}
            empty={t.deviceGroups.empty}
            columns={[
              { header: t.deviceGroups.name, cell: (group) => <strong>{group.name}</strong> },
              { header: t.deviceGroups.note, cell: (group) => group.note || <span className="muted">—</span> },
              { header: t.deviceGroups.devices, cell: (group) => t.deviceGroups.deviceCount(group.device_count) },
              {
                header: t.deviceGroups.accessibleFrom,
                cell: (group) => (group.user_groups.length ? group.user_groups.map((g) => g.name).join(', ') : <span className="muted">{t.deviceGroups.nobody}</span>),
              },
              {
                header: t.common.actions,
                end: true,
                cell: (group) => (
                  <div className="row-actions">
                    <Button small onClick={() => setAccess(group)} aria-label={`${t.deviceGroups.access}: ${group.name}`}>
                      {t.deviceGroups.access}
                    </Button>
                    <Button small onClick={() => setEditing(group)} aria-label={`${t.common.edit} ${group.name}`}>
                      {t.common.edit}
                    </Button>
                    <Button small variant="danger" onClick={() => setDeleting(group)} aria-label={`${t.common.delete} ${group.name}`}>
                      {t.common.delete}
                    </Button>
                  </div>
                ),
              },
            ]}
          />
          <Pagination current={current} pageSize={PAGE_SIZE} total={groups.data.total} onChange={setCurrent} />
        </>
      )}
      {editing && <DeviceGroupDialog group={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} onSaved={groups.reload} />}
      {access && (
        <GroupPickerDialog
          title={t.deviceGroups.accessTitle(access.name)}
          intro={t.deviceGroups.accessIntro}
          chosen={access.user_groups.map((g) => g.id)}
          onClose={() => setAccess(undefined)}
          onSave={async (ids) => {
            await api.put('/api/admin/device-groups/{id}/access', { path: { id: access.id }, body: { user_group_ids: ids } });
            toast(t.deviceGroups.saved(access.name));
            groups.reload();
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={t.deviceGroups.deleteTitle(deleting.name)}
          body={t.deviceGroups.deleteBody(deleting.device_count)}
          confirmLabel={t.common.delete}
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api.delete('/api/admin/device-groups/{id}', { path: { id: deleting.id } });
            toast(t.deviceGroups.deleted(deleting.name));
            groups.reload();
          }}
        />
      )}
    </>
  );
}
