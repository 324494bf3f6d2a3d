import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { PlusIcon } from '../../components/Icons';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { LoadError, Loading } from '../../components/StateViews';
import { Table } from '../../components/Table';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';
import { Link, navigate, useLocation } from '../../router';
import { BookPage } from './BookPage';
import { NewBookDialog } from './NewBookDialog';
import { RuleBadge } from './RuleBadge';
import { bookPath } from './types';

const PAGE_SIZE = 20;

/**
 * Address books, for everyone: the shared books they own or that are shared with them (every
 * shared book for administrators), and one book's page at `?book=<guid>`.
 */
export function AddressBooksPage() {
  const guid = useLocation().search.get('book');
  return guid ? <BookPage key={guid} guid={guid} /> : <BookList />;
}

function BookList() {
  const [current, setCurrent] = useState(1);
  const [creating, setCreating] = useState(false);
  const books = useResource(() => api.get('/api/account/address-books', { query: { current, pageSize: PAGE_SIZE } }), String(current));
  const none = <span className="muted">—</span>;

  return (
    <>
      <PageHeader
        title={t.addressBooks.title}
        intro={t.addressBooks.intro}
        actions={
          <Button variant="primary" onClick={() => setCreating(true)}>
            <PlusIcon />
            <span>{t.addressBooks.create}</span>
          </Button>
        }
      />
      {books.error !== undefined && <LoadError error={books.error} retry={books.reload} />}
      {!books.data && books.loading && <Loading />}
      {books.data && (
        <>
          <Table
            caption={t.addressBooks.title}
            rows={books.data.data}
            rowKey={(book) => book.guid}
            empty={t.addressBooks.empty}
            columns={[
              {
                header: t.addressBooks.name,
                cell: (book) => (
                  <Link to={bookPath(book.guid)}>
                    <strong>{book.name}</strong>
                  </Link>
                ),
              },
              { header: t.addressBooks.owner, cell: (book) => book.owner_name || none },
              { header: t.addressBooks.yourAccess, cell: (book) => <RuleBadge rule={book.rule} /> },
              { header: t.addressBooks.peers, cell: (book) => t.addressBooks.peerCount(book.peer_count) },
              { header: t.addressBooks.note, cell: (book) => book.note || none },
              {
                header: t.common.actions,
                end: true,
                cell: (book) => (
                  <Button small onClick={() => navigate(bookPath(book.guid))} aria-label={`${t.addressBooks.open} ${book.name}`}>
                    {t.addressBooks.open}
                  </Button>
                ),
              },
            ]}
          />
          <Pagination current={current} pageSize={PAGE_SIZE} total={books.data.total} onChange={setCurrent} />
        </>
      )}
      {creating && <NewBookDialog onClose={() => setCreating(false)} onCreated={(guid) => navigate(bookPath(guid))} />}
    </>
  );
}
