import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { TextAreaField, TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { t } from '../../i18n';
import { useUser } from '../../session/session';
import { OwnerField } from './OwnerField';

/** Creates a shared book: one's own, or for administrators anyone's. */
export function NewBookDialog({ onClose, onCreated }: { onClose(): void; onCreated(guid: string): void }) {
  const user = useUser();
  const toast = useToast();
  const [name, setName] = useState('');
  const [note, setNote] = useState('');
  const [password, setPassword] = useState('');
  const [owner, setOwner] = useState(user.id);
  const save = useAction(async () => {
    const body = { name: name.trim(), note, ...(password ? { password } : {}), ...(user.is_admin ? { owner_id: owner } : {}) };
    const made = await api.post('/api/account/address-books', { body });
    toast(t.addressBooks.created(made.name));
    onClose();
    onCreated(made.guid);
  });
  return (
    <Dialog
      title={t.addressBooks.createTitle}
      onClose={onClose}
      onSubmit={() => void save.run()}
      footer={
        <>
          <Button onClick={onClose}>{t.common.cancel}</Button>
          <Button type="submit" variant="primary" disabled={save.busy || !name.trim()}>
            {save.busy ? t.common.saving : t.common.create}
          </Button>
        </>
      }
    >
      <TextField label={t.addressBooks.name} name="name" maxLength={64} value={name} onChange={(e) => setName(e.target.value)} />
      <TextAreaField label={t.addressBooks.note} name="note" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} optional />
      <TextField
        label={t.addressBooks.defaultPassword}
        hint={t.addressBooks.defaultPasswordHelp}
        name="default-password"
        type="password"
        autoComplete="new-password"
        maxLength={256}
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        optional
      />
      {user.is_admin && <OwnerField value={owner} current={{ id: user.id, name: user.name }} onChange={setOwner} />}
      {save.error && <Notice kind="error">{save.error}</Notice>}
    </Dialog>
  );
}
