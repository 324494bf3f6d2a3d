import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { TextAreaField, TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { t } from '../../i18n';
import type { DeviceGroup } from './types';

/** Creates a device group, or renames one and changes its note. */
export function DeviceGroupDialog({ group, onClose, onSaved }: { group?: DeviceGroup; onClose(): void; onSaved(): void }) {
  const toast = useToast();
  const [name, setName] = useState(group?.name ?? '');
  const [note, setNote] = useState(group?.note ?? '');
  const save = useAction(async () => {
    const body = { name: name.trim(), note };
    const saved = group
      ? await api.patch('/api/admin/device-groups/{id}', { path: { id: group.id }, body })
      : await api.post('/api/admin/device-groups', { body });
    toast(group ? t.deviceGroups.saved(saved.name) : t.deviceGroups.created(saved.name));
    onSaved();
    onClose();
  });
  return (
    <Dialog
      title={group ? t.deviceGroups.editTitle(group.name) : t.deviceGroups.createTitle}
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
      <TextField label={t.deviceGroups.name} name="name" maxLength={64} value={name} onChange={(e) => setName(e.target.value)} />
      <TextAreaField label={t.deviceGroups.note} name="note" rows={2} maxLength={1000} value={note} onChange={(e) => setNote(e.target.value)} optional />
      {save.error && <Notice kind="error">{save.error}</Notice>}
    </Dialog>
  );
}
