import { useId } from 'react';
import { api } from '../../api/client';
import type { ProviderType } from '../../api/types';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';
import { AccountFields } from './AccountFields';
import { AudienceFields } from './AudienceFields';
import type { ProviderForm, SetField } from './provider-form';
import { reachOf, summaryOf } from './who-may-sign-in';

/** The group names for "Group for new accounts" (the Default group included). */
function useGroupNames() {
  const groups = useResource(() => api.get('/api/admin/groups', { query: { pageSize: 1000 } }), 'groups');
  return { names: groups.data?.data.map((group) => group.name), failed: groups.error !== undefined };
}

/**
 * "Who may sign in": every policy field of the provider, in plain words, each where it applies,
 * under a sentence that says who can sign in with the values on screen.
 */
export function WhoMaySignIn({ type, form, set, showMissing = false }: { type: ProviderType; form: ProviderForm; set: SetField; showMissing?: boolean }) {
  const groups = useGroupNames();
  const reach = reachOf(type, form);
  const summaryId = useId();
  return (
    <fieldset className="stack who-may-sign-in" aria-describedby={summaryId}>
      <legend>{t.audience.title}</legend>
      <p className="who-summary" id={summaryId} aria-live="polite">
        <strong>{t.whoMaySignIn.summaryLabel}:</strong> {summaryOf(type, form)}
      </p>
      <AudienceFields type={type} form={form} set={set} showMissing={showMissing} />
      <h4>{t.whoMaySignIn.accountsTitle}</h4>
      <AccountFields form={form} set={set} reach={reach} groups={groups} />
    </fieldset>
  );
}
