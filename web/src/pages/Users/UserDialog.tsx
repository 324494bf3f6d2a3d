import { useState } from 'react';
import { api } from '../../api/client';
import type { Group, User } from '../../api/types';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { CheckField, SelectField, TextAreaField, TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { t } from '../../i18n';
import { IdentitiesSection } from './IdentitiesSection';
import { TwoFactorSection } from './TwoFactorSection';
import { UserAccessSection } from './UserAccessSection';

interface Draft {
  name: string;
  password: string;
  display_name: string;
  email: string;
  note: string;
  is_admin: boolean;
  status: string;
  group_ids: string[];
}

function draftOf(user: User | undefined): Draft {
  return {
    name: user?.name ?? '',
    password: '',
    display_name: user?.display_name ?? '',
    email: user?.email ?? '',
    note: user?.note ?? '',
    is_admin: user?.is_admin ?? false,
    status: String(user?.status ?? 1),
    group_ids: user?.groups.map((g) => g.id) ?? [],
  };
}

/** Create a user, or edit one: profile, role, status, groups; then password, sign-out, identities. */
export function UserDialog({ user, groups, onClose, onSaved }: { user?: User; groups: Group[]; onClose(): void; onSaved(): void }) {
  const toast = useToast();
  const [draft, setDraft] = useState<Draft>(() => draftOf(user));
  const set = <K extends keyof Draft>(field: K, value: Draft[K]) => setDraft((d) => ({ ...d, [field]: value }));
  const common = {
    display_name: draft.display_name.trim(),
    email: draft.email.trim(),
    note: draft.note,
    is_admin: draft.is_admin,
    status: Number(draft.status),
    group_ids: draft.group_ids,
  };
  const save = useAction(async () => {
    if (user) {
      const saved = await api.patch('/api/admin/users/{id}', { path: { id: user.id }, body: common });
      toast(t.users.saved(saved.name));
    } else {
      const created = await api.post('/api/admin/users', { body: { name: draft.name.trim(), ...(draft.password ? { password: draft.password } : {}), ...common } });
      toast(t.users.created(created.name));
    }
    onSaved();
    onClose();
  });

  return (
    <Dialog
      title={user ? t.users.editTitle(user.name) : t.users.createTitle}
      size="wide"
      onClose={onClose}
      onSubmit={() => void save.run()}
      footer={
        <>
          <Button onClick={onClose}>{t.common.cancel}</Button>
          <Button type="submit" variant="primary" disabled={save.busy || (!user && !draft.name.trim())}>
            {save.busy ? t.common.saving : user ? t.common.save : t.common.create}
          </Button>
        </>
      }
    >
      <div className="form-grid">
        {user ? (
          <TextField label={t.users.name} value={user.name} readOnly />
        ) : (
          <TextField label={t.users.name} name="name" autoComplete="off" autoCapitalize="none" spellCheck={false} value={draft.name} onChange={(e) => set('name', e.target.value)} />
        )}
        {!user && (
          <TextField label={t.users.password} name="password" type="password" autoComplete="new-password" value={draft.password} onChange={(e) => set('password', e.target.value)} hint={t.users.passwordHelp} optional />
        )}
        <TextField label={t.users.displayName} name="display_name" value={draft.display_name} onChange={(e) => set('display_name', e.target.value)} optional />
        <TextField label={t.users.email} name="email" type="email" value={draft.email} onChange={(e) => set('email', e.target.value)} optional />
        <SelectField label={t.users.status} name="status" value={draft.status} onChange={(e) => set('status', e.target.value)} options={['1', '0', '-1'].map((s) => ({ value: s, label: t.users.statuses[s] ?? s }))} />
        <CheckField label={t.users.admin} hint={t.users.adminHelp} name="is_admin" checked={draft.is_admin} onChange={(e) => set('is_admin', e.target.checked)} />
      </div>
      <TextAreaField label={t.users.note} name="note" rows={2} value={draft.note} onChange={(e) => set('note', e.target.value)} optional />
      {groups.length > 0 && (
        <fieldset className="checkbox-list">
          <legend>{t.users.groups}</legend>
          {groups.map((group) => (
            <CheckField
              key={group.id}
              label={group.name}
              checked={draft.group_ids.includes(group.id)}
              onChange={(e) => set('group_ids', e.target.checked ? [...draft.group_ids, group.id] : draft.group_ids.filter((id) => id !== group.id))}
            />
          ))}
        </fieldset>
      )}
      {save.error && <Notice kind="error">{save.error}</Notice>}
      {user && <UserAccessSection user={user} onChanged={onSaved} />}
      {user && <TwoFactorSection user={user} />}
      {user && <IdentitiesSection user={user} />}
    </Dialog>
  );
}
