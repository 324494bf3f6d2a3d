import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { t } from '../../i18n';

/** A whole-number server setting the page changes on its own. */
export type NumberSetting = 'log_retention_days' | 'max_peer_one_ab';

/** One whole-number setting in a card of its own: typed, checked as typed, saved by itself. */
export function NumberSettingForm(props: {
  setting: NumberSetting;
  value: number;
  heading: string;
  label: string;
  hint: string;
  /** What the saved value means now. */
  now: string;
  saveLabel: string;
  /** Why the typed text cannot be saved, or undefined when it can. */
  problemOf(text: string): string | undefined;
  onSaved(): void;
}) {
  const toast = useToast();
  const [text, setText] = useState(String(props.value));
  const problem = props.problemOf(text);
  const save = useAction(async () => {
    await api.put('/api/admin/settings', { body: { [props.setting]: Number(text.trim()) } });
    toast(t.others.saved);
    props.onSaved();
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
      <h2>{props.heading}</h2>
      <TextField
        label={props.label}
        name={props.setting}
        inputMode="numeric"
        value={text}
        onChange={(e) => setText(e.target.value)}
        hint={props.hint}
        error={problem}
        className="input-short"
      />
      <p className="muted">{props.now}</p>
      {save.error && <Notice kind="error">{save.error}</Notice>}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={save.busy || problem !== undefined || Number(text.trim()) === props.value}>
          {save.busy ? t.common.saving : props.saveLabel}
        </Button>
      </div>
    </form>
  );
}
