import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { CheckField, TextAreaField, TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { t } from '../../i18n';
import { OwnerField } from './OwnerField';
import type { AddressBook } from './types';

/**
 * A shared book's settings (full control): name, note, default password (replaced or removed,
 * never shown), and for administrators its owner and whether devices may add themselves; and
 * deleting it.
 */
export function BookSettingsDialog({
  book,
  isAdmin,
  onClose,
  onSaved,
  onDeleted,
}: {
  book: AddressBook;
  isAdmin: boolean;
  onClose(): void;
  onSaved(): void;
  onDeleted(): void;
}) {
  const toast = useToast();
  const [name, setName] = useState(book.name);
  const [note, setNote] = useState(book.note);
  const [password, setPassword] = useState('');
  const [clear, setClear] = useState(false);
  const [owner, setOwner] = useState(book.owner_id);
  const [presets, setPresets] = useState(book.accept_presets);
  const [deleting, setDeleting] = useState(false);

  const save = useAction(async () => {
    const body = {
      name: name.trim(),
      note,
      ...(clear ? { password: null } : password ? { password } : {}),
      ...(isAdmin ? { owner_id: owner, accept_presets: presets } : {}),
    };
    const saved = await api.patch('/api/account/address-books/{id}', { path: { id: book.guid }, body });
    toast(t.addressBooks.saved(saved.name));
    onSaved();
    onClose();
  });

  return (
    <Dialog
      title={t.addressBooks.settingsTitle}
      onClose={onClose}
      onSubmit={() => void save.run()}
      footer={
        <>
          <Button variant="danger" onClick={() => setDeleting(true)}>
            {t.addressBooks.deleteBook}
          </Button>
          <Button onClick={onClose}>{t.common.cancel}</Button>
          <Button type="submit" variant="primary" disabled={save.busy || !name.trim()}>
            {save.busy ? t.common.saving : t.common.save}
          </Button>
        </>
      }
    >
      <TextField label={t.addressBooks.name} name="name" maxLength={64} value={name} onChange={(e) => setName(e.target.value)} />
      <TextAreaField label={t.addressBooks.note} name="note" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} optional />
      <TextField
        label={t.addressBooks.defaultPassword}
        hint={`${t.addressBooks.defaultPasswordHelp} ${book.has_password ? t.addressBooks.hasPassword : t.addressBooks.noPassword}`}
        name="default-password"
        type="password"
        autoComplete="new-password"
        maxLength={256}
        placeholder={book.has_password ? t.addressBooks.keepPassword : undefined}
        value={password}
        disabled={clear}
        onChange={(e) => setPassword(e.target.value)}
        optional
      />
      {book.has_password && <CheckField label={t.addressBooks.clearPassword} name="clear-password" checked={clear} onChange={(e) => setClear(e.target.checked)} />}
      {isAdmin && <OwnerField value={owner} current={{ id: book.owner_id, name: book.owner_name }} onChange={setOwner} />}
      {isAdmin && (
        <CheckField
          switch
          label={t.addressBooks.acceptPresets}
          hint={t.addressBooks.acceptPresetsHelp}
          name="accept_presets"
          checked={presets}
          onChange={(e) => setPresets(e.target.checked)}
        />
      )}
      {save.error && <Notice kind="error">{save.error}</Notice>}
      {deleting && (
        <ConfirmDialog
          title={t.addressBooks.deleteBookTitle(book.name)}
          body={t.addressBooks.deleteBookBody}
          confirmLabel={t.common.delete}
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await api.delete('/api/account/address-books/{id}', { path: { id: book.guid } });
            toast(t.addressBooks.bookDeleted(book.name));
            onClose();
            onDeleted();
          }}
        />
      )}
    </Dialog>
  );
}
