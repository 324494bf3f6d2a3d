import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { t } from '../../i18n';
import { fromHex, toHex } from './tag-color';
import type { AbTag, AddressBook } from './types';

/** A new tag's colour until one is picked. */
const DEFAULT_COLOR = '#1e88e5';

/** Adds a tag, or renames one (on every peer too) and changes its colour. */
export function TagDialog({ book, tag, onClose, onSaved }: { book: AddressBook; tag?: AbTag; onClose(): void; onSaved(): void }) {
  const toast = useToast();
  const [name, setName] = useState(tag?.name ?? '');
  const [color, setColor] = useState(tag ? toHex(tag.color) : DEFAULT_COLOR);
  const path = { id: book.guid };
  const save = useAction(async () => {
    const wanted = name.trim();
    if (!tag) {
      await api.post('/api/account/address-books/{id}/tags', { path, body: { name: wanted, color: fromHex(color) } });
      toast(t.addressBooks.tagAdded(wanted));
    } else {
      if (wanted !== tag.name) await api.post('/api/account/address-books/{id}/tags/rename', { path, body: { from: tag.name, to: wanted } });
      if (color !== toHex(tag.color)) await api.put('/api/account/address-books/{id}/tags/color', { path, body: { name: wanted, color: fromHex(color) } });
      toast(t.addressBooks.tagSaved(wanted));
    }
    onSaved();
    onClose();
  });
  return (
    <Dialog
      title={tag ? t.addressBooks.editTagTitle(tag.name) : t.addressBooks.addTagTitle}
      onClose={onClose}
      onSubmit={() => void save.run()}
      footer={
        <>
          <Button onClick={onClose}>{t.common.cancel}</Button>
          <Button type="submit" variant="primary" disabled={save.busy || !name.trim()}>
            {save.busy ? t.common.saving : tag ? t.common.save : t.addressBooks.addTag}
          </Button>
        </>
      }
    >
      <TextField label={t.addressBooks.tagName} name="tag-name" maxLength={128} value={name} onChange={(e) => setName(e.target.value)} />
      <TextField label={t.addressBooks.tagColor} name="tag-color" type="color" className="input-short" value={color} onChange={(e) => setColor(e.target.value)} />
      {save.error && <Notice kind="error">{save.error}</Notice>}
    </Dialog>
  );
}
