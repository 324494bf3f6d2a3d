import { useState } from 'react';
import { api } from '../../api/client';
import type { User } from '../../api/types';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CheckField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { LoadError } from '../../components/StateViews';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';

/** A user's two-factor sign-in: on or off, required by an administrator, and reset. */
export function TwoFactorSection({ user }: { user: User }) {
  const status = useResource(() => api.get('/api/admin/users/{id}/2fa', { path: { id: user.id } }), `2fa-${user.id}`);
  const [resetting, setResetting] = useState(false);
  const require = useAction(async (required: boolean) => {
    await api.put('/api/admin/users/{id}/2fa/required', { path: { id: user.id }, body: { required } });
    status.reload();
  });
  const emailOff = useAction(async () => {
    await api.delete('/api/admin/users/{id}/2fa/email-verification', { path: { id: user.id } });
    status.reload();
  });
  const state = status.data;

  return (
    <section className="dialog-section" aria-label={t.twoFactor.title}>
      <h3>{t.twoFactor.title}</h3>
      {status.error !== undefined && <LoadError error={status.error} retry={status.reload} />}
      {state && (
        <>
          <p>{state.enabled ? t.twoFactor.adminOn : t.twoFactor.adminOff}</p>
          <CheckField
            label={t.twoFactor.adminRequire}
            name="require_2fa"
            checked={state.required}
            disabled={require.busy}
            onChange={(e) => void require.run(e.target.checked)}
          />
          {require.error && <Notice kind="error">{require.error}</Notice>}
          {state.email_verification && (
            <div className="row-actions">
              <span>{t.twoFactor.adminEmailOn}</span>
              <Button disabled={emailOff.busy} onClick={() => void emailOff.run()}>
                {t.twoFactor.adminEmailOff}
              </Button>
            </div>
          )}
          {emailOff.error && <Notice kind="error">{emailOff.error}</Notice>}
          {state.enabled && (
            <div className="row-actions">
              <Button onClick={() => setResetting(true)}>{t.twoFactor.adminReset}</Button>
            </div>
          )}
        </>
      )}
      {resetting && (
        <ConfirmDialog
          title={t.twoFactor.adminResetTitle(user.name)}
          body={t.twoFactor.adminResetBody}
          confirmLabel={t.twoFactor.adminReset}
          onClose={() => setResetting(false)}
          onConfirm={async () => {
            await api.post('/api/admin/users/{id}/2fa/reset', { path: { id: user.id } });
            status.reload();
          }}
        />
      )}
    </section>
  );
}
