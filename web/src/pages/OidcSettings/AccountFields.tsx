import { CheckField, SelectField, TextAreaField, TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { t } from '../../i18n';
import type { ProviderForm, SetField } from './provider-form';
import type { Reach } from './who-may-sign-in';

/** The Default group is '' in a policy: new accounts go there unless another group is chosen. */
function groupOptions(names: string[] | undefined, current: string) {
  const words = t.whoMaySignIn;
  const others = (names ?? []).filter((name) => name.toLowerCase() !== words.defaultGroupDefault.toLowerCase());
  const options = [{ value: '', label: words.defaultGroupDefault }, ...others.map((name) => ({ value: name, label: name }))];
  // A group deleted since it was chosen (or not loaded) stays selectable as it is saved.
  if (current && !others.includes(current)) options.push({ value: current, label: names ? words.defaultGroupMissing(current) : current });
  return options;
}

/**
 * What happens once the provider has vouched for someone: whether a newcomer gets an account and
 * in which group, which groups (and administrator rights) follow the provider's claims, linking
 * by e-mail, and how the username is made.
 */
export function AccountFields({ form, set, reach, groups }: { form: ProviderForm; set: SetField; reach: Reach; groups: { names?: string[]; failed: boolean } }) {
  const words = t.whoMaySignIn;
  const entra = reach.family === 'entra';
  const claimSet = form.groups_claim.trim() !== '';
  return (
    <div className="stack">
      <CheckField label={words.autoRegister} name="auto_register" checked={form.auto_register} onChange={(e) => set('auto_register', e.target.checked)} hint={words.autoRegisterHelp} />
      <div className="form-grid">
        <SelectField
          label={words.defaultGroup}
          name="default_group"
          value={form.default_group}
          disabled={!form.auto_register}
          onChange={(e) => set('default_group', e.target.value)}
          options={groupOptions(groups.names, form.default_group)}
          hint={groups.failed ? words.groupsLoadFailed : words.defaultGroupHelp}
        />
        <TextField
          label={words.groupsClaim}
          name="groups_claim"
          spellCheck={false}
          autoComplete="off"
          placeholder={reach.family === 'github' ? 'orgs' : 'groups'}
          value={form.groups_claim}
          onChange={(e) => set('groups_claim', e.target.value)}
          hint={`${words.groupsClaimHelp(reach.family)} ${words.groupsClaimFollow}`}
          optional
        />
      </div>
      <TextAreaField
        label={words.adminGroups}
        name="admin_groups"
        rows={2}
        spellCheck={false}
        value={form.admin_groups}
        onChange={(e) => set('admin_groups', e.target.value)}
        hint={words.adminGroupsHelp}
        error={!claimSet && form.admin_groups.trim() !== '' ? words.adminGroupsNeedClaim : undefined}
        optional
      />
      <Notice kind="warning">{words.adminGroupsWarning}</Notice>
      <CheckField
        label={words.linkByEmail}
        name="link_by_verified_email"
        checked={form.link_by_verified_email && !entra}
        disabled={entra}
        onChange={(e) => set('link_by_verified_email', e.target.checked)}
        hint={entra ? words.linkByEmailEntra : form.link_by_verified_email ? words.linkByEmailWarning : `${words.linkByEmailHelp} ${words.linkByEmailWarning}`}
      />
      <div className="form-grid">
        <TextField
          label={t.provider.usernameClaim}
          name="username_claim"
          spellCheck={false}
          autoComplete="off"
          value={form.username_claim}
          onChange={(e) => set('username_claim', e.target.value)}
          hint={t.provider.usernameClaimHelp}
          optional
        />
        <CheckField
          label={t.provider.stripEmailDomain}
          name="strip_email_domain"
          checked={form.strip_email_domain}
          onChange={(e) => set('strip_email_domain', e.target.checked)}
          hint={t.provider.stripEmailDomainHelp}
        />
        <CheckField
          label={t.provider.requireLocal2fa}
          name="require_local_2fa"
          checked={form.require_local_2fa}
          onChange={(e) => set('require_local_2fa', e.target.checked)}
          hint={t.provider.requireLocal2faHelp}
        />
      </div>
    </div>
  );
}
