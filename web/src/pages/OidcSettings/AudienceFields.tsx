import type { ProviderType } from '../../api/types';
import { CheckField, TextAreaField } from '../../components/Field';
import { t } from '../../i18n';
import { effectiveIssuer, listOf, type ProviderForm, type SetField } from './provider-form';
import { audienceOf, missingPolicy, presets, type Audience } from './provider-presets';

/** Who the provider lets in, from the form as it stands (the server judges the same way). */
export function audienceOfForm(type: ProviderType, form: ProviderForm): Audience {
  const preset = presets[type];
  return audienceOf({
    type,
    issuer: effectiveIssuer(type, form) || preset.issuer || '',
    tenant_id: form.tenant_id.trim(),
    authorization_endpoint: form.authorization_endpoint.trim() || preset.authorizationEndpoint || '',
    token_endpoint: form.token_endpoint.trim() || preset.tokenEndpoint || '',
    userinfo_endpoint: form.userinfo_endpoint.trim() || preset.userinfoEndpoint || '',
  });
}

/** The policy field an open provider still lacks, as the server would name it ('' when none). */
export function missingOfForm(type: ProviderType, form: ProviderForm): string {
  return missingPolicy(audienceOfForm(type, form), {
    allowed_tenants: listOf(form.allowed_tenants),
    allowed_email_domains: listOf(form.allowed_email_domains),
    allow_anyone: form.allow_anyone,
  });
}

/**
 * "Who may sign in", for providers anyone can get an account at: a multi-tenant Entra authority,
 * Google, GitHub, gitlab.com. Nothing for a provider that is one organisation's own directory.
 */
export function AudienceFields({ type, form, set, showMissing = false }: { type: ProviderType; form: ProviderForm; set: SetField; showMissing?: boolean }) {
  const audience = audienceOfForm(type, form);
  if (audience === 'directory') return null;
  const words = t.audience;
  const missing = showMissing ? missingOfForm(type, form) : '';
  const common = form.tenant_id.trim().toLowerCase() === 'common' || /\/common\//i.test(form.issuer);
  const list = audience === 'tenants' ? form.allowed_tenants : audience === 'domains' ? form.allowed_email_domains : '';
  const listed = listOf(list).length > 0;

  return (
    <fieldset className="stack audience" data-audience={audience}>
      <legend>{words.title}</legend>
      <p className="field-hint">{audience === 'tenants' ? words.tenantsIntro(common) : audience === 'domains' ? words.domainsIntro : words.anyoneIntro(presets[type].displayName)}</p>
      {audience === 'tenants' && (
        <TextAreaField
          label={words.allowedTenants}
          name="allowed_tenants"
          rows={3}
          spellCheck={false}
          placeholder="00000000-0000-0000-0000-000000000000"
          value={form.allowed_tenants}
          disabled={form.allow_anyone}
          onChange={(e) => set('allowed_tenants', e.target.value)}
          hint={words.allowedTenantsHelp}
          error={missing === 'allowed_tenants' ? words.required : undefined}
        />
      )}
      {audience === 'domains' && (
        <TextAreaField
          label={words.allowedDomains}
          name="allowed_email_domains"
          rows={3}
          spellCheck={false}
          placeholder="example.com"
          value={form.allowed_email_domains}
          disabled={form.allow_anyone}
          onChange={(e) => set('allowed_email_domains', e.target.value)}
          hint={words.allowedDomainsHelp}
          error={missing === 'allowed_email_domains' ? words.required : undefined}
        />
      )}
      <CheckField
        label={audience === 'tenants' ? words.anyoneTenants(common) : audience === 'domains' ? words.anyoneGoogle : words.anyoneAt(presets[type].displayName)}
        name="allow_anyone"
        checked={form.allow_anyone}
        disabled={listed && !form.allow_anyone}
        onChange={(e) => set('allow_anyone', e.target.checked)}
        hint={listed && !form.allow_anyone ? words.anyoneNeedsEmptyList : missing === 'allow_anyone' ? words.anyoneRequired : words.anyoneHelp}
      />
      <p className="field-hint">{words.everySignIn}</p>
    </fieldset>
  );
}
