import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { Pagination } from '../../components/Pagination';
import { LoadError, Loading } from '../../components/StateViews';
import { Table } from '../../components/Table';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { formatDateTime, t } from '../../i18n';
import { peerName, type AbPeer, type AddressBook } from './types';

const PAGE_SIZE = 20;

/** Peers deleted in the last 30 days, latest first, each restorable (read/write). */
export function RecycleBinSection({ book, version, onChanged }: { book: AddressBook; version: number; onChanged(): void }) {
  const toast = useToast();
  const [current, setCurrent] = useState(1);
  const bin = useResource(() => api.get('/api/account/address-books/{id}/recycle-bin', { path: { id: book.guid }, query: { current, pageSize: PAGE_SIZE } }), `${book.guid}:${current}:${version}`);
  const restore = useAction(async (peer: AbPeer) => {
    await api.post('/api/account/address-books/{id}/recycle-bin/restore', { path: { id: book.guid }, body: { ids: [peer.id] } });
    toast(t.addressBooks.restored(peer.id));
    onChanged();
  });
  const none = <span className="muted">—</span>;

  return (
    <section className="stack" aria-labelledby="ab-bin">
      <div className="section-header">
        <h2 id="ab-bin">{t.addressBooks.binTitle}</h2>
      </div>
      <p className="muted">{t.addressBooks.binIntro}</p>
      {bin.error !== undefined && <LoadError error={bin.error} retry={bin.reload} />}
      {!bin.data && bin.loading && <Loading />}
      {bin.data && (
        <>
          <Table
            caption={t.addressBooks.binTitle}
            rows={bin.data.data}
            rowKey={(peer) => peer.id}
            empty={t.addressBooks.binEmpty}
            columns={[
              { header: t.addressBooks.peerId, cell: (peer) => <code>{peer.id}</code> },
              { header: t.addressBooks.alias, cell: (peer) => peer.alias || none },
              { header: t.addressBooks.hostname, cell: (peer) => peer.hostname || none },
              { header: t.addressBooks.deletedAt, cell: (peer) => formatDateTime(peer.deleted_at) },
              {
                header: t.common.actions,
                end: true,
                cell: (peer) => (
                  <Button small onClick={() => void restore.run(peer)} disabled={restore.busy} aria-label={`${t.addressBooks.restore} ${peerName(peer)}`}>
                    {t.addressBooks.restore}
                  </Button>
                ),
              },
            ]}
          />
          {bin.data.total > PAGE_SIZE && <Pagination current={current} pageSize={PAGE_SIZE} total={bin.data.total} onChange={setCurrent} />}
        </>
      )}
      {restore.error && <Notice kind="error">{restore.error}</Notice>}
    </section>
  );
}
