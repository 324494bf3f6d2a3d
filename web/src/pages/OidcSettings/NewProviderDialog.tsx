import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Diagnostics as Result, Provider, ProviderType } from '../../api/types';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { SelectField, TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { t } from '../../i18n';
import { AdvancedFields } from './AdvancedFields';
import { AzureGuide } from './AzureGuide';
import { CredentialFields } from './CredentialFields';
import { Diagnostics } from './Diagnostics';
import { effectiveIssuer, emptyForm, inputOf, type ProviderForm, type SetField } from './provider-form';
import { isOAuth2, presets, typeOptions } from './provider-presets';
import { missingOfForm } from './who-may-sign-in';
import { WhoMaySignIn } from './WhoMaySignIn';

type Problems = Partial<Record<'client_id' | 'client_secret' | 'issuer' | 'policy', string>>;

function problemsOf(type: ProviderType, form: ProviderForm): Problems {
  const problems: Problems = {};
  if (!form.client_id.trim()) problems.client_id = t.provider.clientIdRequired;
  if (!form.client_secret) problems.client_secret = t.provider.secretRequired;
  if (!isOAuth2(type) && !presets[type].issuer && !effectiveIssuer(type, form)) problems.issuer = t.provider.issuerRequired;
  // A provider anyone can get an account at is created turned on only with "who may sign in" set.
  if (missingOfForm(type, form)) problems.policy = t.audience.required;
  return problems;
}

/**
 * "New auth provider", as in the seed: Auth type, then Client ID, Client secret and Issuer (for
 * Azure the tenant id, with the issuer it makes shown live, and the Entra steps beside them).
 */
export function NewProviderDialog({
  onClose,
  onCreated,
  onChanged,
}: {
  onClose(): void;
  /** Saved, disabled. */
  onCreated(provider: Provider): void;
  /** Enabled after its test. */
  onChanged(provider: Provider): void;
}) {
  const [created, setCreated] = useState<Provider>();
  const [type, setType] = useState<ProviderType>('azure');
  const [form, setForm] = useState<ProviderForm>(emptyForm);
  const [checked, setChecked] = useState(false);
  const set: SetField = (field, value) => setForm((current) => ({ ...current, [field]: value }));
  /** The allow-lists belong to a type (tenants to Entra, organisations to GitHub): another type starts without them. */
  const changeType = (next: ProviderType) => {
    setType(next);
    setForm((current) => ({ ...current, allowed_tenants: '', allowed_email_domains: '', allowed_orgs: '', allow_anyone: false }));
  };
  const problems = checked ? problemsOf(type, form) : {};
  const oauth2Missing = checked && type === 'oauth2' && (!form.authorization_endpoint.trim() || !form.token_endpoint.trim() || !form.userinfo_endpoint.trim());

  const create = useAction(async () => {
    const provider = await api.post('/api/admin/oidc/providers', { body: inputOf(type, form) });
    setCreated(provider);
    onCreated(provider);
  });

  // Saved and disabled: the provider goes live after its test, or by an explicit "Enable anyway".
  if (created) return <TestNewProvider provider={created} onClose={onClose} onChanged={onChanged} />;

  return (
    <Dialog
      title={t.provider.dialogTitle}
      size={type === 'azure' ? 'guided' : 'wide'}
      onClose={onClose}
      onSubmit={() => {
        setChecked(true);
        const missingEndpoints = type === 'oauth2' && (!form.authorization_endpoint.trim() || !form.token_endpoint.trim() || !form.userinfo_endpoint.trim());
        if (Object.keys(problemsOf(type, form)).length === 0 && !missingEndpoints) void create.run();
      }}
      footer={
        <>
          <Button onClick={onClose}>{t.common.cancel}</Button>
          <Button type="submit" variant="primary" disabled={create.busy}>
            {create.busy ? t.common.working : t.common.ok}
          </Button>
        </>
      }
    >
      <div className={type === 'azure' ? 'with-guide' : undefined}>
      <div className="stack">
        <SelectField label={t.provider.authType} name="type" value={type} onChange={(e) => changeType(e.target.value as ProviderType)} options={typeOptions} />
        <div className="form-grid">
          <TextField
            label={t.provider.name}
            name="name"
            spellCheck={false}
            autoComplete="off"
            placeholder={type}
            value={form.name}
            onChange={(e) => set('name', e.target.value.toLowerCase())}
            hint={t.provider.nameHelp}
            optional
          />
          <TextField
            label={t.provider.displayName}
            name="display_name"
            placeholder={presets[type].displayName}
            value={form.display_name}
            onChange={(e) => set('display_name', e.target.value)}
            hint={t.provider.displayNameHelp(form.display_name.trim() || presets[type].displayName)}
            optional
          />
        </div>
        <CredentialFields type={type} form={form} set={set} errors={problems} />
        <WhoMaySignIn type={type} form={form} set={set} showMissing={checked} />
        {oauth2Missing && <Notice kind="error">{t.provider.oauthEndpointsRequired}</Notice>}
        <details className="advanced" open={type === 'oauth2'}>
          <summary>{t.provider.advanced}</summary>
          <AdvancedFields type={type} form={form} set={set} showIdentity={false} />
        </details>
        {create.error && <Notice kind="error">{create.error}</Notice>}
      </div>
      {type === 'azure' && <AzureGuide />}
      </div>
    </Dialog>
  );
}

/** The second step: the new provider's test, then Enable (or Enable anyway), or leave it disabled. */
function TestNewProvider({ provider, onClose, onChanged }: { provider: Provider; onClose(): void; onChanged(provider: Provider): void }) {
  const toast = useToast();
  const [result, setResult] = useState<Result>();
  const label = provider.display_name || provider.name;
  const test = useAction(async () => {
    setResult(undefined);
    setResult(await api.post('/api/admin/oidc/providers/{id}/test', { path: { id: provider.id }, body: null }));
  });
  const enable = useAction(async () => {
    const saved = await api.patch('/api/admin/oidc/providers/{id}', { path: { id: provider.id }, body: { enabled: true } });
    onChanged(saved);
    toast(t.provider.turnedOn(saved.display_name || saved.name));
    onClose();
  });
  const run = test.run;
  useEffect(() => {
    void run();
    // Once, when the provider is saved; "Test again" runs it again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  return (
    <Dialog
      title={t.provider.testTitle}
      size="wide"
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t.provider.leaveDisabled}</Button>
          <Button onClick={() => void test.run()} disabled={test.busy}>
            {test.busy ? t.provider.testing : t.provider.test}
          </Button>
          {result && (
            <Button variant={result.ok ? 'primary' : 'danger'} onClick={() => void enable.run()} disabled={enable.busy || test.busy}>
              {result.ok ? t.provider.enable : t.provider.enableAnyway}
            </Button>
          )}
        </>
      }
    >
      <div className="stack">
        <p>{t.provider.createdOff(label)}</p>
        {test.error && <Notice kind="error">{test.error}</Notice>}
        {result && <Diagnostics result={result} />}
        {result && !result.ok && <Notice kind="warning">{t.provider.testFailedNote}</Notice>}
        {enable.error && <Notice kind="error">{enable.error}</Notice>}
      </div>
    </Dialog>
  );
}
