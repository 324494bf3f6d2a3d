import { api } from '../../api/client';
import { CheckField } from '../../components/Field';
import { Notice, WithCode } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { LoadError, Loading } from '../../components/StateViews';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';

/**
 * Settings → Others. The server accepts turning password sign-in off even if that locks every
 * administrator out, so the page says so before, and says how to undo it.
 */
export function OtherSettingsPage() {
  const toast = useToast();
  const settings = useResource(() => api.get('/api/admin/settings'), 'settings');
  const save = useAction(async (passwordLogin: boolean) => {
    await api.put('/api/admin/settings', { body: { password_login: passwordLogin } });
    toast(t.others.saved);
    settings.reload();
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
            disabled={save.busy}
            onChange={(e) => void save.run(e.target.checked)}
          />
          <Notice kind="warning">
            <p>{t.others.lockoutWarning}</p>
            <p>
              <WithCode text={t.others.undoHint} />
            </p>
          </Notice>
          {save.error && <Notice kind="error">{save.error}</Notice>}
        </section>
      )}
    </>
  );
}
