import { useState } from 'react';
import { api } from '../../api/client';
import type { Group } from '../../api/types';
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
import { CanAccessDialog } from './CanAccessDialog';
import { GroupDialog } from './GroupDialog';
import { MembersDialog } from './MembersDialog';

const PAGE_SIZE = 20;

/** User groups: create, rename, delete, and who is in each. */
export function GroupsPage() {
  const toast = useToast();
  const [current, setCurrent] = useState(1);
  const [editing, setEditing] = useState<Group | 'new'>();
  const [members, setMembers] = useState<Group>();
  const [deleting, setDeleting] = useState<Group>();
  const [access, setAccess] = useState<Group>();
  const groups = useResource(() => api.get('/api/admin/groups', { query: { current, pageSize: PAGE_SIZE } }), String(current));

  return (
    <>
      <PageHeader
        title={t.groups.title}
        actions={
          <Button variant="primary" onClick={() => setEditing('new')}>
            <PlusIcon />
            <span>{t.groups.create}</span>
          </Button>
        }
      />
      {groups.error !== undefined && <LoadError error={groups.error} retry={groups.reload} />}
      {!groups.data && groups.loading && <Loading />}
      {groups.data && (
        <>
          <Table
            caption={t.groups.title}
            rows={groups.data.data}
            rowKey={(group) => group.id}
            columns={[
              { header: t.groups.name, cell: (group) => <strong>{group.name}</strong> },
              { header: t.groups.note, cell: (group) => group.note || <span className="muted">—</span> },
              { header: t.groups.members, cell: (group) => t.groups.memberCount(group.member_count) },
              {
                header: t.common.actions,
                end: true,
                cell: (group) => (
                  <div className="row-actions">
                    <Button small onClick={() => setMembers(group)} aria-label={`${t.groups.members}: ${group.name}`}>
                      {t.groups.members}
                    </Button>
                    <Button small onClick={() => setAccess(group)} aria-label={`${t.deviceGroups.canAccess}: ${group.name}`}>
                      {t.deviceGroups.canAccess}
                    </Button>
                    <Button small onClick={() => setEditing(group)} aria-label={`${t.groups.rename} ${group.name}`}>
                      {t.groups.rename}
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
      {editing && <GroupDialog group={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} onSaved={groups.reload} />}
      {access && <CanAccessDialog group={access} onClose={() => setAccess(undefined)} />}
      {members && <MembersDialog group={members} onClose={() => setMembers(undefined)} onChanged={groups.reload} />}
      {deleting && (
        <ConfirmDialog
          title={t.groups.deleteTitle(deleting.name)}
          body={t.groups.deleteBody}
          confirmLabel={t.common.delete}
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api.delete('/api/admin/groups/{id}', { path: { id: deleting.id } });
            toast(t.groups.deleted(deleting.name));
            groups.reload();
          }}
        />
      )}
    </>
  );
}
