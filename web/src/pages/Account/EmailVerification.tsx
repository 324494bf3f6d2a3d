import { api } from '../../api/client';
import { CheckField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { LoadError } from '../../components/StateViews';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';
import { TrustedDevices } from './TrustedDevices';

/** My account → e-mail login verification (for people without an app): on (with SMTP set up and an address) or off. */
export function EmailVerification() {
  const state = useResource(() => api.get('/api/account/2fa/email-verification'), 'email-verification');
  const change = useAction(async (enabled: boolean) => {
    await api.put('/api/account/2fa/email-verification', { body: { enabled } });
    state.reload();
  });
  const data = state.data;
  return (
    <div className="stack" role="region" aria-labelledby="email-verification-title">
      <h3 id="email-verification-title">{t.twoFactor.emailTitle}</h3>
      {state.error !== undefined && <LoadError error={state.error} retry={state.reload} />}
      {data && (
        <CheckField
          label={t.twoFactor.emailLabel}
          hint={data.available || data.enabled ? t.twoFactor.emailHint : t.twoFactor.emailUnavailable}
          name="email_verification"
          switch
          checked={data.enabled}
          disabled={change.busy || (!data.enabled && !data.available)}
          onChange={(e) => void change.run(e.target.checked)}
        />
      )}
      {change.error && <Notice kind="error">{change.error}</Notice>}
      {/* E-mailed codes can be skipped on trusted devices too. */}
      {data?.enabled && <TrustedDevices />}
    </div>
  );
}
