import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { CheckField, TextAreaField, TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { t } from '../../i18n';
import { TagSwatch } from './tag-color';
import { peerName, type AbPeer, type AbTag, type AddressBook } from './types';

/** Adds a peer by its id, or changes one's alias, tags, note and password (never shown, only replaced or removed). */
export function PeerDialog({ book, tags, peer, onClose, onSaved }: { book: AddressBook; tags: AbTag[]; peer?: AbPeer; onClose(): void; onSaved(): void }) {
  const toast = useToast();
  const [id, setId] = useState(peer?.id ?? '');
  const [alias, setAlias] = useState(peer?.alias ?? '');
  const [note, setNote] = useState(peer?.note ?? '');
  const [chosen, setChosen] = useState(() => new Set(peer?.tags ?? []));
  const [password, setPassword] = useState('');
  const [clear, setClear] = useState(false);
  // Tags a peer has that the book no longer lists stay offered, so saving keeps them.
  const offered = [...tags.map((tag) => tag.name), ...(peer?.tags ?? []).filter((name) => !tags.some((tag) => tag.name === name))];
  const colors = new Map(tags.map((tag) => [tag.name, tag.color]));

  const save = useAction(async () => {
    const fields = { alias: alias.trim(), note, tags: offered.filter((name) => chosen.has(name)) };
    const secret = clear ? { password: '' } : password ? { password } : {};
    if (peer) {
      await api.patch('/api/account/address-books/{id}/peers/{peer}', { path: { id: book.guid, peer: peer.id }, body: { ...fields, ...secret } });
      toast(t.addressBooks.peerSaved(peer.id));
    } else {
      await api.post('/api/account/address-books/{id}/peers', { path: { id: book.guid }, body: { id: id.trim(), ...fields, ...secret } });
      toast(t.addressBooks.peerAdded(id.trim()));
    }
    onSaved();
    onClose();
  });

  return (
    <Dialog
      title={peer ? t.addressBooks.editPeerTitle(peerName(peer)) : t.addressBooks.addPeerTitle}
      onClose={onClose}
      onSubmit={() => void save.run()}
      footer={
        <>
          <Button onClick={onClose}>{t.common.cancel}</Button>
          <Button type="submit" variant="primary" disabled={save.busy || !id.trim()}>
            {save.busy ? t.common.saving : peer ? t.common.save : t.addressBooks.addPeer}
          </Button>
        </>
      }
    >
      {!peer && <TextField label={t.addressBooks.peerId} hint={t.addressBooks.peerIdHelp} name="peer-id" maxLength={100} value={id} onChange={(e) => setId(e.target.value)} />}
      <TextField label={t.addressBooks.alias} name="alias" maxLength={512} value={alias} onChange={(e) => setAlias(e.target.value)} optional />
      <fieldset className="scopes">
        <legend>{t.addressBooks.tags}</legend>
        {offered.length === 0 && <p className="muted">{t.addressBooks.noTagsToChoose}</p>}
        {offered.map((name) => (
          <CheckField
            key={name}
            name={`tag-${name}`}
            label={
              <>
                <TagSwatch color={colors.get(name) ?? 0xff9e9e9e} /> {name}
              </>
            }
            checked={chosen.has(name)}
            onChange={(e) => {
              const next = new Set(chosen);
              if (e.target.checked) next.add(name);
              else next.delete(name);
              setChosen(next);
            }}
          />
        ))}
      </fieldset>
      <TextAreaField label={t.addressBooks.note} name="note" rows={2} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} optional />
      <TextField
        label={t.addressBooks.peerPassword}
        hint={t.addressBooks.peerPasswordHelp}
        name="peer-password"
        type="password"
        autoComplete="new-password"
        maxLength={256}
        placeholder={peer?.has_password ? t.addressBooks.keepPeerPassword : undefined}
        value={password}
        disabled={clear}
        onChange={(e) => setPassword(e.target.value)}
        optional
      />
      {peer?.has_password && <CheckField label={t.addressBooks.clearPeerPassword} name="clear-password" checked={clear} onChange={(e) => setClear(e.target.checked)} />}
      {save.error && <Notice kind="error">{save.error}</Notice>}
    </Dialog>
  );
}
