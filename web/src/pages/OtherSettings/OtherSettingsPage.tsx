import { useState } from 'react';
import { api } from '../../api/client';
import type { SignInImpact } from '../../api/types';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CheckField, SelectField } from '../../components/Field';
import { Notice, WithCode } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { LoadError, Loading } from '../../components/StateViews';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';
import { affectedNames, previewSignInChange } from '../OidcSettings/sign-in-impact';
import { retentionProblem } from './log-retention';
import { maxPeersProblem } from './max-peers';
import { NumberSettingForm } from './NumberSettingForm';

/**
 * Settings → Others. Turning password sign-in off is refused by the server while no
 * administrator could sign in without it (the refusal is shown as it is); otherwise the page
 * asks first, saying who would lose their way in, and says how to undo it.
 */
export function OtherSettingsPage() {
  const toast = useToast();
  const settings = useResource(() => api.get('/api/admin/settings'), 'settings');
  const [confirming, setConfirming] = useState<SignInImpact>();
  const [refusal, setRefusal] = useState('');
  const put = async (passwordLogin: boolean) => {
    await api.put('/api/admin/settings', { body: { password_login: passwordLogin } });
    toast(t.others.saved);
    settings.reload();
  };
  const presets = useAction(async (accept: boolean) => {
    await api.put('/api/admin/settings', { body: { accept_device_presets: accept } });
    toast(t.others.saved);
    settings.reload();
  });
  const rendezvous = useAction(async (body: { 'rendezvous.login_required'?: boolean; 'rendezvous.admission'?: 'off' | 'deployment' | 'approval' }) => {
    await api.put('/api/admin/settings', { body });
    toast(t.others.saved);
    settings.reload();
  });
  const change = useAction(async (passwordLogin: boolean) => {
    setRefusal('');
    if (passwordLogin) return put(true);
    const impact = await previewSignInChange('password_login_off');
    if (impact.refused) return setRefusal(impact.message);
    setConfirming(impact);
  });

  return (
    <>
      <PageHeader title={t.others.title} />
      {settings.error !== undefined && <LoadError error={settings.error} retry={settings.reload} />}
      {!settings.data && settings.loading && <Loading />}
      {settings.data && (
        <section className="card stack">
          <h2>{t.others.passwordLogin}</h2>
          <CheckField
            switch
            name="password_login"
            label={t.others.passwordLoginLabel}
            hint={t.others.passwordLoginHelp}
            checked={settings.data.password_login}
            disabled={change.busy}
            onChange={(e) => void change.run(e.target.checked)}
          />
          {refusal && <Notice kind="error">{refusal}</Notice>}
          <Notice kind="warning">
            <p>{t.others.lockoutWarning}</p>
            <p>
              <WithCode text={t.others.undoHint} />
            </p>
          </Notice>
          {change.error && <Notice kind="error">{change.error}</Notice>}
        </section>
      )}
      {settings.data && (
        <section className="card stack">
          <h2>{t.others.devices}</h2>
          <CheckField
            switch
            name="accept_device_presets"
            label={t.others.acceptPresetsLabel}
            hint={t.others.acceptPresetsHelp}
            checked={settings.data.accept_device_presets}
            disabled={presets.busy}
            onChange={(e) => void presets.run(e.target.checked)}
          />
          {presets.error && <Notice kind="error">{presets.error}</Notice>}
        </section>
      )}
      {settings.data && (
        <section className="card stack">
          <h2>{t.others.connecting}</h2>
          <CheckField
            switch
            name="rendezvous.login_required"
            label={t.others.loginRequiredLabel}
            hint={t.others.loginRequiredHelp}
            checked={settings.data['rendezvous.login_required']}
            disabled={rendezvous.busy}
            onChange={(e) => void rendezvous.run({ 'rendezvous.login_required': e.target.checked })}
          />
          <SelectField
            label={t.others.admissionLabel}
            hint={t.others.admissionHelp}
            name="rendezvous.admission"
            value={settings.data['rendezvous.admission']}
            disabled={rendezvous.busy}
            onChange={(e) => void rendezvous.run({ 'rendezvous.admission': e.target.value as 'off' | 'deployment' | 'approval' })}
            options={[
              { value: 'off', label: t.others.admissionOff },
              { value: 'deployment', label: t.others.admissionDeployment },
              { value: 'approval', label: t.others.admissionApproval },
            ]}
          />
          {rendezvous.error && <Notice kind="error">{rendezvous.error}</Notice>}
        </section>
      )}
      {settings.data && (
        <NumberSettingForm
          key={`days ${settings.data.log_retention_days}`}
          setting="log_retention_days"
          value={settings.data.log_retention_days}
          heading={t.others.logs}
          label={t.others.retentionLabel}
          hint={t.others.retentionHelp}
          now={settings.data.log_retention_days === 0 ? t.others.retentionForever : t.others.retentionNow(settings.data.log_retention_days)}
          saveLabel={t.others.saveRetention}
          problemOf={retentionProblem}
          onSaved={settings.reload}
        />
      )}
      {settings.data && (
        <NumberSettingForm
          key={`peers ${settings.data.max_peer_one_ab}`}
          setting="max_peer_one_ab"
          value={settings.data.max_peer_one_ab}
          heading={t.others.addressBooks}
          label={t.others.maxPeersLabel}
          hint={t.others.maxPeersHelp}
          now={t.others.maxPeersNow(settings.data.max_peer_one_ab)}
          saveLabel={t.common.save}
          problemOf={maxPeersProblem}
          onSaved={settings.reload}
        />
      )}
      {confirming && (
        <ConfirmDialog
          title={t.signInWays.passwordOffTitle}
          body={t.signInWays.passwordOffBody(confirming.affected, affectedNames(confirming))}
          confirmLabel={t.signInWays.passwordOff}
          onClose={() => setConfirming(undefined)}
          onConfirm={() => put(false)}
        />
      )}
    </>
  );
}
