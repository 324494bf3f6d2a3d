import { useState } from 'react';
import { api } from '../../api/client';
import type { Group, GroupDetail } from '../../api/types';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { LoadError, Loading } from '../../components/StateViews';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';

/** Who is in a group: remove members, or find users and add them. */
export function MembersDialog({ group, onClose, onChanged }: { group: Group; onClose(): void; onChanged(): void }) {
  const loaded = useResource(() => api.get('/api/admin/groups/{id}', { path: { id: group.id } }), group.id);
  const [detail, setDetail] = useState<GroupDetail>();
  const [search, setSearch] = useState('');
  const current = detail ?? loaded.data;
  const found = useResource(
    () => (search.trim() ? api.get('/api/admin/users', { query: { search: search.trim(), pageSize: 8 } }) : Promise.resolve(undefined)),
    search.trim(),
  );
  const change = useAction(async (members: { add?: string[]; remove?: string[] }) => {
    setDetail(await api.post('/api/admin/groups/{id}/members', { path: { id: group.id }, body: members }));
    onChanged();
  });
  const memberIds = new Set(current?.members.map((m) => m.id));

  return (
    <Dialog title={t.groups.membersTitle(group.name)} onClose={onClose} footer={<Button onClick={onClose}>{t.common.close}</Button>}>
      {loaded.error !== undefined && <LoadError error={loaded.error} retry={loaded.reload} />}
      {!current && loaded.loading && <Loading />}
      {current && current.members.length === 0 && <p className="empty">{t.groups.noMembers}</p>}
      <ul className="plain-list">
        {current?.members.map((member) => (
          <li key={member.id} className="list-row">
            <span>{member.name}</span>
            <Button small disabled={change.busy} onClick={() => void change.run({ remove: [member.id] })} aria-label={`${t.groups.remove} ${member.name}`}>
              {t.groups.remove}
            </Button>
          </li>
        ))}
      </ul>
      <section className="dialog-section">
        <h3>{t.groups.addMember}</h3>
        <TextField label={t.groups.findUser} type="search" name="find_user" value={search} onChange={(e) => setSearch(e.target.value)} />
        {found.data?.data.length === 0 && <p className="empty">{t.groups.noMatches}</p>}
        <ul className="plain-list">
          {found.data?.data.map((user) => (
            <li key={user.id} className="list-row">
              <span>
                {user.name} {user.display_name && <span className="muted">{user.display_name}</span>}
              </span>
              {memberIds.has(user.id) ? (
                <span className="badge">{t.groups.alreadyMember}</span>
              ) : (
                <Button small disabled={change.busy} onClick={() => void change.run({ add: [user.id] })} aria-label={`${t.groups.add} ${user.name}`}>
                  {t.groups.add}
                </Button>
              )}
            </li>
          ))}
        </ul>
      </section>
      {change.error && <Notice kind="error">{change.error}</Notice>}
    </Dialog>
  );
}
