import { useState } from 'react';
import { api } from '../../api/client';
import type { Group } from '../../api/types';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { TextAreaField, TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { t } from '../../i18n';

export function GroupDialog({ group, onClose, onSaved }: { group?: Group; onClose(): void; onSaved(): void }) {
  const toast = useToast();
  const [name, setName] = useState(group?.name ?? '');
  const [note, setNote] = useState(group?.note ?? '');
  const save = useAction(async () => {
    const body = { name: name.trim(), note };
    const saved = group ? await api.patch('/api/admin/groups/{id}', { path: { id: group.id }, body }) : await api.post('/api/admin/groups', { body });
    toast(group ? t.groups.saved(saved.name) : t.groups.created(saved.name));
    onSaved();
    onClose();
  });
  return (
    <Dialog
      title={group ? t.groups.editTitle(group.name) : t.groups.createTitle}
      onClose={onClose}
      onSubmit={() => void save.run()}
      footer={
        <>
          <Button onClick={onClose}>{t.common.cancel}</Button>
          <Button type="submit" variant="primary" disabled={save.busy || !name.trim()}>
            {save.busy ? t.common.saving : group ? t.common.save : t.common.create}
          </Button>
        </>
      }
    >
      <TextField label={t.groups.name} name="name" value={name} onChange={(e) => setName(e.target.value)} />
      <TextAreaField label={t.groups.note} name="note" rows={2} value={note} onChange={(e) => setNote(e.target.value)} optional />
      {save.error && <Notice kind="error">{save.error}</Notice>}
    </Dialog>
  );
}
