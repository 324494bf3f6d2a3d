import { useState } from 'react';
import { api } from '../../api/client';
import type { Group, User } from '../../api/types';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PlusIcon } from '../../components/Icons';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { LoadError, Loading } from '../../components/StateViews';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';
import { useUser } from '../../session/session';
import { InviteButton } from './InviteButton';
import { UserDialog } from './UserDialog';
import { UserFilters, type Filters } from './UserFilters';
import { UsersTable } from './UsersTable';

const PAGE_SIZE = 20;

/** Users: search and filters, paging, and everything an administrator does to an account. */
export function UsersPage() {
  const me = useUser();
  const toast = useToast();
  const [filters, setFilters] = useState<Filters>({ search: '', status: '', role: '', group: '' });
  const [current, setCurrent] = useState(1);
  const [editing, setEditing] = useState<User | 'new'>();
  const [deleting, setDeleting] = useState<User>();

  const query = {
    current,
    pageSize: PAGE_SIZE,
    ...(filters.search.trim() ? { search: filters.search.trim() } : {}),
    ...(filters.status ? { status: Number(filters.status) } : {}),
    ...(filters.role ? { is_admin: filters.role === 'admin' } : {}),
    ...(filters.group ? { group: filters.group } : {}),
  };
  const users = useResource(() => api.get('/api/admin/users', { query }), JSON.stringify(query));
  const groups = useResource(() => api.get('/api/admin/groups', { query: { pageSize: 1000 } }), 'groups');
  const allGroups: Group[] = groups.data?.data ?? [];

  const setStatus = useAction(async (user: User, enable: boolean) => {
    const path = { id: user.id };
    await (enable ? api.post('/api/admin/users/{id}/enable', { path }) : api.post('/api/admin/users/{id}/disable', { path }));
    toast(enable ? t.users.enabled(user.name) : t.users.disabled(user.name));
    users.reload();
  });

  return (
    <>
      <PageHeader
        title={t.users.title}
        actions={
          <>
            <InviteButton groups={allGroups} />
            <Button variant="primary" onClick={() => setEditing('new')}>
              <PlusIcon />
              <span>{t.users.create}</span>
            </Button>
          </>
        }
      />
      <UserFilters
        value={filters}
        groups={allGroups}
        onChange={(next) => {
          setFilters(next);
          setCurrent(1);
        }}
      />
      {setStatus.error && <Notice kind="error">{setStatus.error}</Notice>}
      {users.error !== undefined && <LoadError error={users.error} retry={users.reload} />}
      {!users.data && users.loading && <Loading />}
      {users.data && (
        <>
          <UsersTable users={users.data.data} me={me} onEdit={setEditing} onDelete={setDeleting} onSetStatus={(user, enable) => void setStatus.run(user, enable)} />
          <Pagination current={current} pageSize={PAGE_SIZE} total={users.data.total} onChange={setCurrent} />
        </>
      )}
      {editing && (
        <UserDialog
          user={editing === 'new' ? undefined : editing}
          groups={allGroups}
          onClose={() => setEditing(undefined)}
          onSaved={() => users.reload()}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={t.users.deleteTitle(deleting.name)}
          body={t.users.deleteBody}
          confirmLabel={t.common.delete}
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api.delete('/api/admin/users/{id}', { path: { id: deleting.id } });
            toast(t.users.deleted(deleting.name));
            users.reload();
          }}
        />
      )}
    </>
  );
}
