import { useState } from 'react';
import { ApiError, api } from '../../api/client';
import type { Diagnostics as Result, Provider, SignInImpact } from '../../api/types';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DownIcon, TrashIcon, UpIcon } from '../../components/Icons';
import { Notice } from '../../components/Notice';
import { ProviderIcon } from '../../components/ProviderIcon';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { t } from '../../i18n';
import { AdvancedFields } from './AdvancedFields';
import { CredentialFields } from './CredentialFields';
import { Diagnostics } from './Diagnostics';
import { formOf, patchOf, type ProviderForm, type SetField } from './provider-form';
import { ProviderLastError } from './ProviderLastError';
import { typeLabel } from './provider-presets';
import { TestSignIn } from './TestSignIn';
import { affectedNames, previewSignInChange } from './sign-in-impact';
import { WhoMaySignIn } from './WhoMaySignIn';

interface CardProps {
  provider: Provider;
  first: boolean;
  last: boolean;
  onChanged(provider: Provider): void;
  onDeleted(): void;
  onMove(direction: -1 | 1): void;
}

/** One provider: icon, name, on/off, delete, the credentials, Advanced, Save/Reset and Test. */
export function ProviderCard({ provider, first, last, onChanged, onDeleted, onMove }: CardProps) {
  const toast = useToast();
  const [form, setForm] = useState<ProviderForm>(() => formOf(provider));
  const [deleting, setDeleting] = useState(false);
  const [diagnostics, setDiagnostics] = useState<Result>();
  /** The server's refusal to change where a provider's answers come from while people are linked through it. */
  const [linked, setLinked] = useState('');
  const set: SetField = (field, value) => setForm((current) => ({ ...current, [field]: value }));
  const label = provider.display_name || provider.name;

  const save = useAction(async (unlinkIdentities?: boolean) => {
    const patch = patchOf(provider, form);
    setLinked('');
    if (Object.keys(patch).length === 0) return;
    let saved: Provider;
    try {
      saved = await api.patch('/api/admin/oidc/providers/{id}', { path: { id: provider.id }, body: unlinkIdentities ? { ...patch, unlink_identities: true } : patch });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'provider.has_links') return setLinked(error.message);
      throw error;
    }
    setForm(formOf(saved));
    onChanged(saved);
    toast(t.provider.saved(saved.display_name || saved.name));
  });
  /** Turning it off asks first, naming who would lose their way in; the server's refusal (no administrator left a way in) is shown as it is. */
  const [turningOff, setTurningOff] = useState<SignInImpact>();
  const [offRefused, setOffRefused] = useState('');
  const setEnabled = async (enabled: boolean) => {
    const saved = await api.patch('/api/admin/oidc/providers/{id}', { path: { id: provider.id }, body: { enabled } });
    onChanged(saved);
    toast(enabled ? t.provider.turnedOn(saved.display_name || saved.name) : t.provider.turnedOff(saved.display_name || saved.name));
  };
  const toggle = useAction(async (enabled: boolean) => {
    setOffRefused('');
    if (enabled) return setEnabled(true);
    const impact = await previewSignInChange('disable_provider', provider.id);
    if (impact.refused) return setOffRefused(impact.message);
    setTurningOff(impact);
  });
  const test = useAction(async () => {
    setDiagnostics(undefined);
    // What is on screen, saved or not: the changed fields go along (none: the saved provider is tested).
    setDiagnostics(await api.post('/api/admin/oidc/providers/{id}/test', { path: { id: provider.id }, body: patchOf(provider, form) }));
  });

  return (
    <section className="card provider-card" aria-labelledby={`provider-${provider.id}`} data-provider={provider.name}>
      <header className="provider-card-header">
        <ProviderIcon icon={provider.icon} label={label} type={provider.type} size={28} />
        <div className="provider-card-title">
          <h3 id={`provider-${provider.id}`}>{label}</h3>
          <p className="muted">
            {provider.name} · {typeLabel(provider.type)}
          </p>
        </div>
        <div className="provider-card-tools">
          <label className="switch-label">
            <input type="checkbox" role="switch" className="switch" checked={provider.enabled} disabled={toggle.busy} onChange={(e) => void toggle.run(e.target.checked)} aria-label={t.provider.enabledLabel(label)} />
            <span>{provider.enabled ? t.provider.enabled : t.provider.disabled}</span>
          </label>
          <button type="button" className="icon-button" disabled={first} onClick={() => onMove(-1)} aria-label={`${t.common.moveUp}: ${label}`}>
            <UpIcon />
          </button>
          <button type="button" className="icon-button" disabled={last} onClick={() => onMove(1)} aria-label={`${t.common.moveDown}: ${label}`}>
            <DownIcon />
          </button>
          <button type="button" className="icon-button icon-button-danger" onClick={() => setDeleting(true)} aria-label={`${t.provider.delete}: ${label}`}>
            <TrashIcon />
          </button>
        </div>
      </header>
      {provider.needs_policy && (
        <Notice kind="warning" title={t.audience.offTitle}>
          {t.audience.offBody}
        </Notice>
      )}
      <ProviderLastError provider={provider} />
      {toggle.error && <Notice kind="error">{toggle.error}</Notice>}
      {offRefused && <Notice kind="error">{offRefused}</Notice>}
      <form
        className="stack"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          void save.run();
        }}
      >
        <CredentialFields type={provider.type} form={form} set={set} hasSecret={provider.has_client_secret} />
        <WhoMaySignIn type={provider.type} form={form} set={set} showMissing={provider.needs_policy} />
        <details className="advanced">
          <summary>{t.provider.advanced}</summary>
          <AdvancedFields type={provider.type} form={form} set={set} />
        </details>
        {save.error && <Notice kind="error">{save.error}</Notice>}
        {linked && (
          <Notice kind="warning" title={t.provider.linkedTitle}>
            <p>{linked}</p>
            <Button variant="danger" onClick={() => void save.run(true)} disabled={save.busy}>
              {t.provider.unlinkAndSave}
            </Button>
          </Notice>
        )}
        <div className="form-actions">
          <Button onClick={() => void test.run()} disabled={test.busy}>
            {test.busy ? t.provider.testing : t.provider.test}
          </Button>
          <span className="spacer" />
          <Button onClick={() => setForm(formOf(provider))}>{t.common.reset}</Button>
          <Button type="submit" variant="primary" disabled={save.busy}>
            {save.busy ? t.common.saving : t.provider.save}
          </Button>
        </div>
      </form>
      {test.error && <Notice kind="error">{test.error}</Notice>}
      {diagnostics && <Diagnostics result={diagnostics} />}
      <TestSignIn provider={provider} />
      {turningOff && (
        <ConfirmDialog
          title={t.signInWays.providerOffTitle(label)}
          body={t.signInWays.providerOffBody(turningOff.affected, affectedNames(turningOff))}
          confirmLabel={t.signInWays.providerOff}
          onClose={() => setTurningOff(undefined)}
          onConfirm={() => setEnabled(false)}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={t.provider.deleteTitle(label)}
          body={t.provider.deleteBody}
          confirmLabel={t.common.delete}
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await api.delete('/api/admin/oidc/providers/{id}', { path: { id: provider.id } });
            onDeleted();
          }}
        />
      )}
    </section>
  );
}
