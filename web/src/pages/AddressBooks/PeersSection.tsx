import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { PlusIcon } from '../../components/Icons';
import { Pagination } from '../../components/Pagination';
import { LoadError, Loading } from '../../components/StateViews';
import { Table, type Column } from '../../components/Table';
import { useToast } from '../../components/Toaster';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';
import { PeerDialog } from './PeerDialog';
import { TagChips } from './tag-color';
import { canWrite, peerName, type AbPeer, type AbTag, type AddressBook } from './types';

const PAGE_SIZE = 50;

/** A book's peers, paged; with read/write, add by id, edit and delete (to the recycle bin). */
export function PeersSection({ book, tags, version, onChanged }: { book: AddressBook; tags: AbTag[]; version: number; onChanged(): void }) {
  const toast = useToast();
  const [current, setCurrent] = useState(1);
  const [editing, setEditing] = useState<AbPeer | 'new'>();
  const [deleting, setDeleting] = useState<AbPeer>();
  const path = { id: book.guid };
  const peers = useResource(() => api.get('/api/account/address-books/{id}/peers', { path, query: { current, pageSize: PAGE_SIZE } }), `${book.guid}:${current}:${version}`);
  const colors = new Map(tags.map((tag) => [tag.name, tag.color]));
  const writable = canWrite(book);
  const none = <span className="muted">—</span>;

  const columns: Column<AbPeer>[] = [
    { header: t.addressBooks.peerId, cell: (peer) => <code>{peer.id}</code> },
    { header: t.addressBooks.alias, cell: (peer) => (peer.alias ? <strong>{peer.alias}</strong> : none) },
    { header: t.addressBooks.hostname, cell: (peer) => peer.hostname || none },
    { header: t.addressBooks.platform, cell: (peer) => peer.platform || none },
    { header: t.addressBooks.tags, cell: (peer) => <TagChips names={peer.tags} colors={colors} /> },
    { header: t.addressBooks.note, cell: (peer) => peer.note || none },
    { header: t.addressBooks.password, cell: (peer) => (peer.has_password ? t.addressBooks.passwordSet : none) },
  ];
  if (writable) {
    columns.push({
      header: t.common.actions,
      end: true,
      cell: (peer) => (
        <div className="row-actions">
          <Button small onClick={() => setEditing(peer)} aria-label={`${t.common.edit} ${peerName(peer)}`}>
            {t.common.edit}
          </Button>
          <Button small variant="danger" onClick={() => setDeleting(peer)} aria-label={`${t.common.delete} ${peerName(peer)}`}>
            {t.common.delete}
          </Button>
        </div>
      ),
    });
  }

  return (
    <section className="stack" aria-labelledby="ab-peers">
      <div className="section-header">
        <h2 id="ab-peers">{t.addressBooks.peers}</h2>
        {writable && (
          <Button variant="primary" onClick={() => setEditing('new')}>
            <PlusIcon />
            <span>{t.addressBooks.addPeer}</span>
          </Button>
        )}
      </div>
      {peers.error !== undefined && <LoadError error={peers.error} retry={peers.reload} />}
      {!peers.data && peers.loading && <Loading />}
      {peers.data && (
        <>
          <Table caption={t.addressBooks.peers} rows={peers.data.data} rowKey={(peer) => peer.id} empty={t.addressBooks.noPeers} columns={columns} />
          {peers.data.total > PAGE_SIZE && <Pagination current={current} pageSize={PAGE_SIZE} total={peers.data.total} onChange={setCurrent} />}
        </>
      )}
      {editing && <PeerDialog book={book} tags={tags} peer={editing === 'new' ? undefined : editing} onClose={() => setEditing(undefined)} onSaved={onChanged} />}
      {deleting && (
        <ConfirmDialog
          title={t.addressBooks.deletePeerTitle(peerName(deleting))}
          body={t.addressBooks.deletePeerBody}
          confirmLabel={t.common.delete}
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api.delete('/api/account/address-books/{id}/peers/{peer}', { path: { id: book.guid, peer: deleting.id } });
            toast(t.addressBooks.peerDeleted(deleting.id));
            onChanged();
          }}
        />
      )}
    </section>
  );
}
