import { useCallback, useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { LoadError, Loading } from '../../components/StateViews';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';
import { Link, navigate } from '../../router';
import { useUser } from '../../session/session';
import { BookSettingsDialog } from './BookSettingsDialog';
import { PeersSection } from './PeersSection';
import { RecycleBinSection } from './RecycleBinSection';
import { RulesSection } from './RulesSection';
import { TagsSection } from './TagsSection';
import { canWrite, hasFullControl } from './types';

/**
 * One address book: its peers and tags for everyone who may read it; what read/write allows
 * (adding, changing and deleting peers and tags, the recycle bin); with full control its rules and
 * settings. Read-only shows no edit controls at all.
 */
export function BookPage({ guid }: { guid: string }) {
  const user = useUser();
  // Any change may move counts, tags on peers or the bin: every part reloads.
  const [version, setVersion] = useState(0);
  const changed = useCallback(() => setVersion((v) => v + 1), []);
  const [settings, setSettings] = useState(false);
  const path = { id: guid };
  const book = useResource(() => api.get('/api/account/address-books/{id}', { path }), `${guid}:${version}`);
  const tags = useResource(() => api.get('/api/account/address-books/{id}/tags', { path }), `${guid}:${version}`);

  const back = (
    <p>
      <Link to="/address-books">{t.addressBooks.back}</Link>
    </p>
  );
  if (book.error !== undefined && !book.data) {
    return (
      <>
        {back}
        <LoadError error={book.error} retry={book.reload} />
      </>
    );
  }
  if (!book.data) return <Loading />;
  const current = book.data;
  const writable = canWrite(current);
  const full = hasFullControl(current);

  return (
    <>
      {back}
      <PageHeader
        title={current.name}
        intro={t.addressBooks.heading(current.owner_name, t.addressBooks.rules[current.rule] ?? '')}
        actions={
          full && (
            <Button onClick={() => setSettings(true)} aria-label={`${t.addressBooks.settings}: ${current.name}`}>
              {t.addressBooks.settings}
            </Button>
          )
        }
      />
      {current.note && <p>{current.note}</p>}
      {!writable && <Notice>{t.addressBooks.readOnly}</Notice>}
      <PeersSection book={current} tags={tags.data ?? []} version={version} onChanged={changed} />
      <TagsSection book={current} tags={tags} onChanged={changed} />
      {full && <RulesSection book={current} isAdmin={user.is_admin} version={version} />}
      {writable && <RecycleBinSection book={current} version={version} onChanged={changed} />}
      {settings && (
        <BookSettingsDialog
          book={current}
          isAdmin={user.is_admin}
          onClose={() => setSettings(false)}
          onSaved={changed}
          onDeleted={() => navigate('/address-books')}
        />
      )}
    </>
  );
}
