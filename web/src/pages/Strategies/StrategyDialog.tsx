import { useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { CheckField, TextAreaField, TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { t } from '../../i18n';
import { KnownOptionField } from './KnownOptionField';
import { OtherOptions } from './OtherOptions';
import { formFrom, optionsBySection, optionsOf, withKnown, type StrategyForm } from './strategy-form';
import type { Strategy } from './types';

const SECTIONS = optionsBySection();

/** Creates a strategy, or changes one: its name, note, switches and the client options it sets. */
export function StrategyDialog({ strategy, onClose, onSaved }: { strategy?: Strategy; onClose(): void; onSaved(): void }) {
  const toast = useToast();
  const [form, setForm] = useState<StrategyForm>(() => formFrom(strategy));
  const [problem, setProblem] = useState('');
  const change = (fields: Partial<StrategyForm>) => setForm((old) => ({ ...old, ...fields }));
  const save = useAction(async (options: Record<string, string>) => {
    const body = { name: form.name.trim(), note: form.note, enabled: form.enabled, is_default: form.is_default, options };
    const saved = strategy
      ? await api.patch('/api/admin/strategies/{id}', { path: { id: strategy.id }, body })
      : await api.post('/api/admin/strategies', { body });
    toast(strategy ? t.strategies.saved(saved.name) : t.strategies.created(saved.name));
    onSaved();
    onClose();
  });
  // The dialog is long: what went wrong is brought into view beside the buttons.
  const errors = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problem || save.error) errors.current?.scrollIntoView({ block: 'nearest' });
  }, [problem, save.error]);
  const submit = () => {
    const built = optionsOf(form);
    setProblem('problem' in built ? built.problem : '');
    if ('options' in built) void save.run(built.options);
  };

  return (
    <Dialog
      title={strategy ? t.strategies.editTitle(strategy.name) : t.strategies.createTitle}
      size="wide"
      onClose={onClose}
      onSubmit={submit}
      footer={
        <>
          <Button onClick={onClose}>{t.common.cancel}</Button>
          <Button type="submit" variant="primary" disabled={save.busy || !form.name.trim()}>
            {save.busy ? t.common.saving : strategy ? t.common.save : t.common.create}
          </Button>
        </>
      }
    >
      <div className="form-grid">
        <TextField label={t.strategies.name} name="name" maxLength={64} value={form.name} onChange={(e) => change({ name: e.target.value })} />
        <TextAreaField label={t.strategies.note} name="note" rows={2} maxLength={1000} value={form.note} onChange={(e) => change({ note: e.target.value })} optional />
      </div>
      <CheckField label={t.strategies.enabled} hint={t.strategies.enabledHelp} name="enabled" checked={form.enabled} onChange={(e) => change({ enabled: e.target.checked })} />
      <CheckField label={t.strategies.isDefault} hint={t.strategies.isDefaultHelp} name="is_default" checked={form.is_default} onChange={(e) => change({ is_default: e.target.checked })} />
      {SECTIONS.map(({ section, options }) => (
        <fieldset className="scopes" key={section}>
          <legend>{t.strategies.sections[section] ?? section}</legend>
          <div className="form-grid">
            {options.map((option) => (
              <KnownOptionField
                key={option.key}
                option={option}
                value={form.known[option.key]}
                onChange={(value) => setForm((old) => ({ ...old, known: withKnown(old.known, option.key, value) }))}
              />
            ))}
          </div>
        </fieldset>
      ))}
      <OtherOptions rows={form.others} onChange={(others) => change({ others })} />
      {(problem || save.error) && (
        <div ref={errors}>
          <Notice kind="error">{problem || save.error}</Notice>
        </div>
      )}
    </Dialog>
  );
}
