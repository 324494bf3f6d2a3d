import type { ProviderType } from '../../api/types';
import { TextField } from '../../components/Field';
import { t } from '../../i18n';
import type { ProviderForm, SetField } from './provider-form';
import { isOAuth2, presets, readTenant } from './provider-presets';
import { SecretField } from './SecretField';

/**
 * Client ID, Client secret and Issuer, the fields the seed has an administrator paste. For
 * Azure the tenant id makes the issuer, shown live; OAuth2 types have no issuer.
 */
export function CredentialFields({
  type,
  form,
  set,
  hasSecret,
  errors = {},
}: {
  type: ProviderType;
  form: ProviderForm;
  set: SetField;
  hasSecret?: boolean;
  errors?: Partial<Record<'client_id' | 'client_secret' | 'issuer', string>>;
}) {
  const tenant = type === 'azure' ? readTenant(form.tenant_id) : undefined;
  const tenantIssuer = tenant && 'issuer' in tenant ? tenant.issuer : '';
  const tenantError = tenant && 'error' in tenant ? tenant.error : undefined;
  // A pasted URL is read for its tenant: say which, so that the field's text need not change.
  const tenantHint = tenant && 'tenant' in tenant && tenant.tenant !== form.tenant_id.trim() ? t.provider.tenantFromUrl(tenant.tenant) : t.provider.tenantIdHelp;
  const preset = presets[type].issuer;
  return (
    <>
      <TextField label={t.provider.clientId} name="client_id" autoComplete="off" spellCheck={false} value={form.client_id} onChange={(e) => set('client_id', e.target.value)} error={errors.client_id} />
      <SecretField value={form.client_secret} onChange={(value) => set('client_secret', value)} hasSecret={hasSecret} error={errors.client_secret} />
      {type === 'azure' && (
        <TextField
          label={t.provider.tenantId}
          name="tenant_id"
          autoComplete="off"
          spellCheck={false}
          placeholder="00000000-0000-0000-0000-000000000000"
          value={form.tenant_id}
          onChange={(e) => set('tenant_id', e.target.value)}
          hint={tenantHint}
          error={tenantError}
        />
      )}
      {!isOAuth2(type) &&
        (tenantIssuer ? (
          <TextField label={t.provider.computedIssuer} name="issuer" value={tenantIssuer} readOnly hint={t.provider.issuerFromTenant} />
        ) : (
          <TextField
            label={t.provider.issuer}
            name="issuer"
            type="url"
            autoComplete="off"
            spellCheck={false}
            placeholder={preset ?? 'https://'}
            value={form.issuer}
            onChange={(e) => set('issuer', e.target.value)}
            optional={Boolean(preset)}
            hint={preset ? t.provider.issuerPreset : t.provider.issuerHelp}
            error={tenantError ? undefined : errors.issuer}
          />
        ))}
    </>
  );
}
