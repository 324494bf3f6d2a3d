import type { ProviderType } from '../../api/types';
import { t } from '../../i18n';
import { effectiveIssuer, listOf, type ProviderForm } from './provider-form';
import { audienceOf, familyOf, missingPolicy, presets, type Audience } from './provider-presets';

/** Which allow-lists and warnings a provider's "Who may sign in" shows. */
export interface Reach {
  audience: Audience;
  family: 'entra' | 'google' | 'github' | 'other';
  /** The Microsoft authority takes personal accounts too (`common`). */
  withPersonal: boolean;
}

function audienceInput(type: ProviderType, form: ProviderForm) {
  const preset = presets[type];
  return {
    type,
    issuer: effectiveIssuer(type, form) || preset.issuer || '',
    tenant_id: form.tenant_id.trim(),
    authorization_endpoint: form.authorization_endpoint.trim() || preset.authorizationEndpoint || '',
    token_endpoint: form.token_endpoint.trim() || preset.tokenEndpoint || '',
    userinfo_endpoint: form.userinfo_endpoint.trim() || preset.userinfoEndpoint || '',
  };
}

/** Who the provider lets in, from the form as it stands (the server judges the same way). */
export function reachOf(type: ProviderType, form: ProviderForm): Reach {
  const input = audienceInput(type, form);
  const family = familyOf(input);
  return {
    audience: audienceOf(input),
    family: family === 'other' && type === 'github' ? 'github' : family,
    withPersonal: form.tenant_id.trim().toLowerCase() === 'common' || /\/common\//i.test(input.issuer),
  };
}

/** The policy field an open provider still lacks, as the server would name it ('' when none). */
export function missingOfForm(type: ProviderType, form: ProviderForm): string {
  // allowed_orgs goes along for a server whose policy check knows GitHub organisations.
  const policy = {
    allowed_tenants: listOf(form.allowed_tenants),
    allowed_email_domains: listOf(form.allowed_email_domains),
    allowed_orgs: listOf(form.allowed_orgs),
    allow_anyone: form.allow_anyone,
  };
  return missingPolicy(reachOf(type, form).audience, policy);
}

const either = (text: string) => t.whoMaySignIn.either(listOf(text));
const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** Who may sign in, in words, before auto-register and groups are said. */
function whoOf(type: ProviderType, form: ProviderForm, reach: Reach): string {
  const words = t.whoMaySignIn;
  const label = form.display_name.trim() || (type === 'oidc' || type === 'oauth2' ? '' : presets[type].displayName);
  let who: string;
  if (reach.family === 'github' && reach.audience !== 'directory')
    who = form.allow_anyone ? words.anyAt(presets.github.displayName) : words.githubOrgs(either(form.allowed_orgs));
  else if (reach.audience === 'tenants') who = form.allow_anyone ? words.anyMicrosoft(reach.withPersonal) : words.tenants(either(form.allowed_tenants));
  else if (reach.audience === 'domains') who = form.allow_anyone ? words.anyGoogle : words.workspace(either(form.allowed_email_domains));
  else if (reach.audience === 'anyone') who = words.anyAt(presets[type].displayName);
  else if (reach.family === 'entra') who = words.ownTenant(form.tenant_id.trim());
  else who = words.directory(label);
  if (reach.family !== 'google' && listOf(form.allowed_email_domains).length > 0) who = words.withDomain(who, either(form.allowed_email_domains));
  return who;
}

/**
 * One paragraph saying who can sign in through the provider with the settings on screen: the
 * audience, whether newcomers get an account (and in which group), and what the groups claim,
 * administrator groups and e-mail linking do.
 */
export function summaryOf(type: ProviderType, form: ProviderForm): string {
  const words = t.whoMaySignIn;
  const reach = reachOf(type, form);
  if (missingOfForm(type, form) !== '') return words.nobody;
  const who = whoOf(type, form, reach);
  const parts = [form.auto_register ? words.registers(capital(who), form.default_group.trim() || words.defaultGroupDefault) : words.existingOnly(who)];
  const claim = form.groups_claim.trim();
  if (claim) parts.push(words.groupsFollow(claim));
  if (claim && listOf(form.admin_groups, true).length > 0) parts.push(words.admins(t.whoMaySignIn.either(listOf(form.admin_groups, true))));
  if (form.link_by_verified_email && reach.family !== 'entra') parts.push(words.linksByEmail);
  return parts.join(' ');
}
