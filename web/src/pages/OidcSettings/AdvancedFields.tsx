import { useState } from 'react';
import type { ProviderType } from '../../api/types';
import { Button } from '../../components/Button';
import { CheckField, SelectField, TextField } from '../../components/Field';
import { ProviderIcon } from '../../components/ProviderIcon';
import { t } from '../../i18n';
import type { ProviderForm, SetField } from './provider-form';
import { isOAuth2 } from './provider-presets';
import { AUTH_METHODS, ICON_MAX_LENGTH, RESPONSE_MODES, RESPONSE_TYPES, SIGNING_ALGS, providerSettings } from '../../../../src/domain/auth-provider';

const asOptions = (values: readonly string[], labels: Record<string, string> = {}) => values.map((value) => ({ value, label: labels[value] ?? value }));

function IconField({ form, set }: { form: ProviderForm; set: SetField }) {
  const [error, setError] = useState('');
  return (
    <div className="field">
      <span className="field-label">{t.provider.icon}</span>
      <div className="icon-field">
        <ProviderIcon icon={form.icon} label={form.display_name || form.name} size={28} />
        <input
          type="file"
          accept=".svg,image/svg+xml"
          aria-label={t.provider.icon}
          onChange={async (event) => {
            const file = event.target.files?.[0];
            if (!file) return;
            if (file.size > ICON_MAX_LENGTH) return setError(t.provider.iconTooLarge);
            setError('');
            set('icon', await file.text());
          }}
        />
        {form.icon && (
          <Button small onClick={() => set('icon', '')}>
            {t.provider.removeIcon}
          </Button>
        )}
      </div>
      <p className="field-hint">{t.provider.iconHelp}</p>
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}

type LifetimeField = 'token_ttl_days' | 'session_ttl_hours' | 'revalidate_minutes';

/** A whole number from 0 to the domain's maximum; what is typed stays as typed until it is one. */
function NumberField({ field, label, hint, form, set }: { field: LifetimeField; label: string; hint: string; form: ProviderForm; set: SetField }) {
  const max = (providerSettings[field] as unknown as { maximum: number }).maximum;
  const [typed, setTyped] = useState(String(form[field]));
  const [shown, setShown] = useState(form[field]);
  // The form was reset or reloaded: show its value.
  if (shown !== form[field]) {
    setShown(form[field]);
    setTyped(String(form[field]));
  }
  const value = /^\d{1,5}$/.test(typed.trim()) ? Number(typed.trim()) : NaN;
  const valid = Number.isInteger(value) && value >= 0 && value <= max;
  return (
    <TextField
      label={label}
      name={field}
      inputMode="numeric"
      autoComplete="off"
      className="input-short"
      value={typed}
      onChange={(e) => {
        setTyped(e.target.value);
        const next = e.target.value.trim();
        if (/^\d{1,5}$/.test(next) && Number(next) <= max) {
          setShown(Number(next));
          set(field, Number(next));
        }
      }}
      hint={hint}
      error={valid ? undefined : t.provider.wholeNumber(max)}
    />
  );
}

/** Everything beyond the three fields the seed needs: discovery overrides, flow, policy, icon. */
export function AdvancedFields({ type, form, set, showIdentity = true }: { type: ProviderType; form: ProviderForm; set: SetField; showIdentity?: boolean }) {
  const oauth2 = isOAuth2(type);
  const text = (field: 'scopes' | 'authorization_endpoint' | 'token_endpoint' | 'userinfo_endpoint' | 'jwks_uri' | 'username_claim' | 'subject_field', label: string, hint?: string) => (
    <TextField label={label} name={field} spellCheck={false} autoComplete="off" value={form[field]} onChange={(e) => set(field, e.target.value)} hint={hint} />
  );
  return (
    <div className="advanced-grid">
      {showIdentity && (
        <>
          <TextField label={t.provider.name} name="name" spellCheck={false} autoComplete="off" value={form.name} onChange={(e) => set('name', e.target.value.toLowerCase())} hint={t.provider.nameHelp} />
          <TextField label={t.provider.displayName} name="display_name" value={form.display_name} onChange={(e) => set('display_name', e.target.value)} hint={t.provider.displayNameHelp(form.display_name || '…')} />
        </>
      )}
      {text('scopes', t.provider.scopes, t.provider.scopesHelp)}
      {text('authorization_endpoint', t.provider.authorizationEndpoint, t.provider.endpointsHelp)}
      {text('token_endpoint', t.provider.tokenEndpoint)}
      {text('userinfo_endpoint', t.provider.userinfoEndpoint)}
      {/* GitHub's is its numeric id, fixed; a generic OAuth 2 provider's is whatever its userinfo names people by. */}
      {type === 'oauth2' && text('subject_field', t.provider.subjectField, t.provider.subjectFieldHelp)}
      {!oauth2 && text('jwks_uri', t.provider.jwksUri)}
      <SelectField label={t.provider.authMethod} name="token_endpoint_auth_method" value={form.token_endpoint_auth_method} onChange={(e) => set('token_endpoint_auth_method', e.target.value as ProviderForm['token_endpoint_auth_method'])} options={asOptions(AUTH_METHODS)} />
      {!oauth2 && (
        <>
          <SelectField label={t.provider.alg} name="id_token_signed_response_alg" value={form.id_token_signed_response_alg} onChange={(e) => set('id_token_signed_response_alg', e.target.value as ProviderForm['id_token_signed_response_alg'])} options={asOptions(SIGNING_ALGS)} />
          <SelectField
            label={t.provider.responseType}
            name="response_type"
            value={form.response_type}
            onChange={(e) => set('response_type', e.target.value as ProviderForm['response_type'])}
            options={asOptions(RESPONSE_TYPES, t.provider.responseTypes)}
            hint={t.provider.hybridNote}
          />
          <SelectField
            label={t.provider.responseMode}
            name="response_mode"
            value={form.response_type === 'code id_token' ? 'form_post' : form.response_mode}
            disabled={form.response_type === 'code id_token'}
            onChange={(e) => set('response_mode', e.target.value as ProviderForm['response_mode'])}
            options={asOptions(RESPONSE_MODES, t.provider.responseModes)}
          />
        </>
      )}
      <CheckField label={t.provider.allowInsecure} name="allow_insecure_http" checked={form.allow_insecure_http} onChange={(e) => set('allow_insecure_http', e.target.checked)} />
      <NumberField field="token_ttl_days" label={t.provider.tokenTtlDays} hint={t.provider.tokenTtlDaysHelp} form={form} set={set} />
      <NumberField field="session_ttl_hours" label={t.provider.sessionTtlHours} hint={t.provider.sessionTtlHoursHelp} form={form} set={set} />
      {!oauth2 && <NumberField field="revalidate_minutes" label={t.provider.revalidateMinutes} hint={t.provider.revalidateMinutesHelp} form={form} set={set} />}
      <IconField form={form} set={set} />
    </div>
  );
}
