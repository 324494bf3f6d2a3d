import { api } from '../../api/client';
import { Loading, LoadError } from '../../components/StateViews';
import { Notice, WithCode } from '../../components/Notice';
import { ThemeButton } from '../../components/Layout/ThemeButton';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';
import { useSession } from '../../session/session';
import { PasswordStep, SecondStepForm } from './PasswordStep';
import { ProviderButtons } from './ProviderButtons';

/**
 * Sign-in: the password form when password sign-in is on, and a button per enabled provider.
 * With 2FA on (or required) the server answers the password, or a single sign-on through a
 * provider asking for the local code, with a second step instead of a session.
 */
export function SignInPage({ next }: { next: string }) {
  const { expired, pendingStep } = useSession();
  const options = useResource(() => api.get('/api/session/options'), 'options');

  return (
    <div className="sign-in">
      <div className="sign-in-theme">
        <ThemeButton />
      </div>
      <main className="sign-in-card" id="main">
        <img className="sign-in-logo" src="/favicon.svg" alt="" width="40" height="40" />
        <h1>{t.signIn.title}</h1>
        <p className="page-intro">{t.signIn.subtitle}</p>
        {expired && <Notice kind="warning">{t.errors.sessionExpired}</Notice>}
        {/* Back from single sign-on through a provider that asks for deskgate's own second step. */}
        {pendingStep && <SecondStepForm step={pendingStep} remember={false} />}
        {options.loading && !options.data && <Loading />}
        {options.error !== undefined && !options.data && <LoadError error={options.error} retry={options.reload} />}
        {!pendingStep && options.data && (
          <>
            {options.data.password_login ? <PasswordStep /> : options.data.providers.length > 0 && <Notice>{t.signIn.passwordOff}</Notice>}
            {options.data.password_login && options.data.providers.length > 0 && (
              <p className="divider">
                <span>{t.signIn.or}</span>
              </p>
            )}
            <ProviderButtons providers={options.data.providers} next={next} />
            {!options.data.password_login && options.data.providers.length === 0 && (
              <Notice kind="warning">
                <WithCode text={t.signIn.nothingOffered} />
              </Notice>
            )}
          </>
        )}
      </main>
    </div>
  );
}
