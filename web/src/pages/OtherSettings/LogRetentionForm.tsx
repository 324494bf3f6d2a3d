import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { t } from '../../i18n';
import { retentionProblem } from './log-retention';

/** How many days deskgate keeps its logs (0: forever); pruned hourly by the server. */
export function LogRetentionForm({ days, onSaved }: { days: number; onSaved(): void }) {
  const toast = useToast();
  const [text, setText] = useState(String(days));
  const problem = retentionProblem(text);
  const save = useAction(async () => {
    await api.put('/api/admin/settings', { body: { log_retention_days: Number(text.trim()) } });
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
      <h2>{t.others.logs}</h2>
      <TextField
        label={t.others.retentionLabel}
        name="log_retention_days"
        inputMode="numeric"
        value={text}
        onChange={(e) => setText(e.target.value)}
        hint={t.others.retentionHelp}
        error={problem}
        className="input-short"
      />
      <p className="muted">{days === 0 ? t.others.retentionForever : t.others.retentionNow(days)}</p>
      {save.error && <Notice kind="error">{save.error}</Notice>}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={save.busy || problem !== undefined || Number(text.trim()) === days}>
          {save.busy ? t.common.saving : t.others.saveRetention}
        </Button>
      </div>
    </form>
  );
}
