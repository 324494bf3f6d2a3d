import type { ProviderType } from '../../api/types';
import { CheckField, TextAreaField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { t } from '../../i18n';
import { listOf, type ProviderForm, type SetField } from './provider-form';
import { presets } from './provider-presets';
import { missingOfForm, reachOf } from './who-may-sign-in';

/**
 * The allow-lists of "Who may sign in", each where it applies: Entra tenants for a multi-tenant
 * Microsoft authority, GitHub organisations, e-mail domains (for Google its Workspace domain),
 * and "anyone" for providers anyone can get an account at.
 */
export function AudienceFields({ type, form, set, showMissing = false }: { type: ProviderType; form: ProviderForm; set: SetField; showMissing?: boolean }) {
  const { audience, family, withPersonal } = reachOf(type, form);
  const words = t.audience;
  const who = t.whoMaySignIn;
  const missing = showMissing ? missingOfForm(type, form) : '';
  const github = family === 'github';
  const tenants = family === 'entra' && (audience === 'tenants' || form.allowed_tenants.trim() !== '');
  // Entra ID vouches for no e-mail address, so a domain list would match no one there.
  const domains = family !== 'entra' || form.allowed_email_domains.trim() !== '';
  // The list that narrows an open provider down, and so excludes "anyone".
  const list = audience === 'tenants' ? form.allowed_tenants : audience === 'domains' ? form.allowed_email_domains : github ? form.allowed_orgs : '';
  const listed = listOf(list).length > 0;
  // GitHub shows organisations only to read:org (or write:org, admin:org).
  const scopes = form.scopes.trim() || presets[type].scopes || '';
  const orgsUsed = github && (listOf(form.allowed_orgs).length > 0 || form.groups_claim.trim() === 'orgs');
  const lacksReadOrg = orgsUsed && !/(^|[\s,])(read|write|admin):org([\s,]|$)/.test(scopes);
  const intro =
    audience === 'directory' ? '' : github ? who.githubIntro : audience === 'tenants' ? words.tenantsIntro(withPersonal) : audience === 'domains' ? words.domainsIntro : words.anyoneIntro(presets[type].displayName);

  return (
    <div className="stack audience" data-audience={audience}>
      {intro && <p className="field-hint">{intro}</p>}
      {tenants && (
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
      {github && (
        <TextAreaField
          label={who.allowedOrgs}
          name="allowed_orgs"
          rows={3}
          spellCheck={false}
          placeholder="my-company"
          value={form.allowed_orgs}
          disabled={form.allow_anyone}
          onChange={(e) => set('allowed_orgs', e.target.value)}
          hint={who.allowedOrgsHelp}
          error={missing === 'allowed_orgs' ? words.required : undefined}
        />
      )}
      {lacksReadOrg && <Notice kind="warning">{who.needsReadOrg(scopes || '—')}</Notice>}
      {domains && (
        <TextAreaField
          label={words.allowedDomains}
          name="allowed_email_domains"
          rows={family === 'google' ? 3 : 2}
          spellCheck={false}
          placeholder="example.com"
          value={form.allowed_email_domains}
          disabled={form.allow_anyone}
          onChange={(e) => set('allowed_email_domains', e.target.value)}
          hint={family === 'google' ? words.allowedDomainsHelp : who.domainsAnyHelp}
          error={missing === 'allowed_email_domains' ? words.required : undefined}
        />
      )}
      {audience !== 'directory' && (
        <CheckField
          label={audience === 'tenants' ? words.anyoneTenants(withPersonal) : audience === 'domains' ? words.anyoneGoogle : words.anyoneAt(github ? presets.github.displayName : presets[type].displayName)}
          name="allow_anyone"
          checked={form.allow_anyone}
          disabled={listed && !form.allow_anyone}
          onChange={(e) => set('allow_anyone', e.target.checked)}
          hint={listed && !form.allow_anyone ? words.anyoneNeedsEmptyList : missing === 'allow_anyone' ? words.anyoneRequired : words.anyoneHelp}
        />
      )}
      <p className="field-hint">{words.everySignIn}</p>
    </div>
  );
}
