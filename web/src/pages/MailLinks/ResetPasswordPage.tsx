import { useState } from 'react';
import { api } from '../../api/client';
import { Notice } from '../../components/Notice';
import { LoadError, Loading } from '../../components/StateViews';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';
import { Link } from '../../router';
import { MailLinkFrame, tokenFromLink } from './MailLinkFrame';
import { NewPasswordForm } from './NewPasswordForm';

/** Opened from a password-reset e-mail: choose a new password once. */
export function ResetPasswordPage() {
  const [token] = useState(tokenFromLink);
  const target = useResource(() => api.post('/api/session/password-reset/inspect', { body: { token } }), `reset ${token}`);
  const [done, setDone] = useState('');
  const complete = useAction(async (password: string) => setDone((await api.post('/api/session/password-reset/complete', { body: { token, password } })).name));

  return (
    <MailLinkFrame title={t.mail.resetTitle}>
      {!token && <Notice kind="error">{t.mail.noToken}</Notice>}
      {token && target.loading && !target.data && <Loading />}
      {token && target.error !== undefined && <LoadError error={target.error} retry={target.reload} />}
      {done && (
        <>
          <Notice kind="success">{t.mail.resetDone(done)}</Notice>
          <Link to="/sign-in">{t.mail.signIn}</Link>
        </>
      )}
      {target.data && !done && (
        <NewPasswordForm action={complete} submit={t.mail.resetSubmit}>
          <p>{t.mail.resetFor(target.data.name)}</p>
        </NewPasswordForm>
      )}
    </MailLinkFrame>
  );
}
