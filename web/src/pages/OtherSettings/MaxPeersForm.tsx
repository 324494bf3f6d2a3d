import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { t } from '../../i18n';

/** The most the server accepts (src/services/settings.ts `max_peer_one_ab`). */
export const MAX_PEER_ONE_AB = 1_000_000;

/** Why the typed number cannot be saved, or undefined when it can. */
export function maxPeersProblem(text: string): string | undefined {
  const value = text.trim();
  return /^\d{1,7}$/.test(value) && Number(value) <= MAX_PEER_ONE_AB ? undefined : t.others.maxPeersInvalid(MAX_PEER_ONE_AB);
}

/** The most peers one address book holds (`max_peer_one_ab`, 0: no limit); RustDesk clients read it too. */
export function MaxPeersForm({ value, onSaved }: { value: number; onSaved(): void }) {
  const toast = useToast();
  const [text, setText] = useState(String(value));
  const problem = maxPeersProblem(text);
  const save = useAction(async () => {
    await api.put('/api/admin/settings', { body: { max_peer_one_ab: Number(text.trim()) } });
    toast(t.others.saved);
    onSaved();
  });

  return (
    <form
      className="card stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (!problem) void save.run();
      }}
    >
      <h2>{t.others.addressBooks}</h2>
      <TextField
        label={t.others.maxPeersLabel}
        name="max_peer_one_ab"
        inputMode="numeric"
        value={text}
        onChange={(e) => setText(e.target.value)}
        hint={t.others.maxPeersHelp}
        error={problem}
        className="input-short"
      />
      <p className="muted">{t.others.maxPeersNow(value)}</p>
      {save.error && <Notice kind="error">{save.error}</Notice>}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={save.busy || problem !== undefined || Number(text.trim()) === value}>
          {save.busy ? t.common.saving : t.common.save}
        </Button>
      </div>
    </form>
  );
}
