import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PlusIcon } from '../../components/Icons';
import { LoadError, Loading } from '../../components/StateViews';
import { useToast } from '../../components/Toaster';
import type { Resource } from '../../hooks/use-resource';
import { t } from '../../i18n';
import { TagDialog } from './TagDialog';
import { TagSwatch } from './tag-color';
import { canWrite, type AbTag, type AddressBook } from './types';

/** A book's tags with their colours; with read/write, add, rename, recolour and delete (off every peer too). */
export function TagsSection({ book, tags, onChanged }: { book: AddressBook; tags: Resource<AbTag[]>; onChanged(): void }) {
  const toast = useToast();
  const [editing, setEditing] = useState<AbTag | 'new'>();
  const [deleting, setDeleting] = useState<AbTag>();
  const writable = canWrite(book);

  return (
    <section className="stack" aria-labelledby="ab-tags">
      <div className="section-header">
        <h2 id="ab-tags">{t.addressBooks.tags}</h2>
        {writable && (
          <Button onClick={() => setEditing('new')}>
            <PlusIcon />
            <span>{t.addressBooks.addTag}</span>
          </Button>
        )}
      </div>
      {tags.error !== undefined && <LoadError error={tags.error} retry={tags.reload} />}
      {!tags.data && tags.loading && <Loading />}
      {tags.data && tags.data.length === 0 && <p className="empty">{t.addressBooks.noTags}</p>}
      {tags.data && tags.data.length > 0 && (
        <div className="card">
          <ul className="plain-list" aria-label={t.addressBooks.tags}>
          {tags.data.map((tag) => (
            <li key={tag.name} className="list-row">
              <span>
                <TagSwatch color={tag.color} /> {tag.name}
              </span>
              {writable && (
                <div className="row-actions">
                  <Button small onClick={() => setEditing(tag)} aria-label={`${t.common.edit} tag ${tag.name}`}>
                    {t.common.edit}
                  </Button>
                  <Button small variant="danger" onClick={() => setDeleting(tag)} aria-label={`${t.common.delete} tag ${tag.name}`}>
                    {t.common.delete}
                  </Button>
                </div>
              )}
            </li>
          ))}
          </ul>
        </div>
      )}
      {editing && <TagDialog book={book} tag={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} onSaved={onChanged} />}
      {deleting && (
        <ConfirmDialog
          title={t.addressBooks.deleteTagTitle(deleting.name)}
          body={t.addressBooks.deleteTagBody}
          confirmLabel={t.common.delete}
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api.post('/api/account/address-books/{id}/tags/delete', { path: { id: book.guid }, body: { names: [deleting.name] } });
            toast(t.addressBooks.tagDeleted(deleting.name));
            onChanged();
          }}
        />
      )}
    </section>
  );
}
