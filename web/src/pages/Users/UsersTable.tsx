import type { User } from '../../api/types';
import { Button } from '../../components/Button';
import { Table } from '../../components/Table';
import { t } from '../../i18n';
import { PasswordKind } from './DirectoryAccount';

export function StatusBadge({ status }: { status: number }) {
  const kind = status === 1 ? 'ok' : status === 0 ? 'off' : 'warn';
  return <span className={`badge badge-${kind}`}>{t.users.statuses[String(status)] ?? status}</span>;
}

export function UsersTable({
  users,
  me,
  onEdit,
  onDelete,
  onSetStatus,
}: {
  users: User[];
  me: User;
  onEdit(user: User): void;
  onDelete(user: User): void;
  onSetStatus(user: User, enable: boolean): void;
}) {
  return (
    <Table
      caption={t.users.title}
      rows={users}
      rowKey={(user) => user.id}
      columns={[
        {
          header: t.users.name,
          cell: (user) => (
            <div>
              <strong>{user.name}</strong>
              {user.id === me.id && <span className="muted"> ({t.users.you})</span>}
              {user.display_name && <div className="muted">{user.display_name}</div>}
            </div>
          ),
        },
        { header: t.users.email, cell: (user) => user.email || <span className="muted">—</span> },
        { header: t.account.role, cell: (user) => (user.is_admin ? <span className="badge badge-accent">{t.account.admin}</span> : t.account.member) },
        { header: t.users.status, cell: (user) => <StatusBadge status={user.status} /> },
        { header: t.users.groups, cell: (user) => user.groups.map((g) => g.name).join(', ') || <span className="muted">—</span> },
        { header: t.users.password, cell: (user) => <PasswordKind user={user} /> },
        {
          header: t.common.actions,
          end: true,
          cell: (user) => (
            <div className="row-actions">
              <Button small onClick={() => onEdit(user)} aria-label={`${t.common.edit} ${user.name}`}>
                {t.common.edit}
              </Button>
              <Button small onClick={() => onSetStatus(user, user.status !== 1)} aria-label={`${user.status === 1 ? t.users.disable : t.users.enable} ${user.name}`}>
                {user.status === 1 ? t.users.disable : t.users.enable}
              </Button>
              <Button small variant="danger" onClick={() => onDelete(user)} aria-label={`${t.common.delete} ${user.name}`}>
                {t.common.delete}
              </Button>
            </div>
          ),
        },
      ]}
    />
  );
}
