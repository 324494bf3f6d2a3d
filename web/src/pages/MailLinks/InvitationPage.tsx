import { useState } from 'react';
import { api } from '../../api/client';
import { TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { LoadError, Loading } from '../../components/StateViews';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';
import { Link } from '../../router';
import { MailLinkFrame, tokenFromLink } from './MailLinkFrame';
import { NewPasswordForm } from './NewPasswordForm';

/** Opened from an invitation e-mail: choose a username (unless one was chosen) and a password. */
export function InvitationPage() {
  const [token] = useState(tokenFromLink);
  const invitation = useResource(() => api.post('/api/session/invitation/inspect', { body: { token } }), `invitation ${token}`);
  const [name, setName] = useState('');
  const [done, setDone] = useState('');
  const accept = useAction(async (password: string) => {
    const body = { token, password, ...(invitation.data?.name ? {} : { name: name.trim() }) };
    setDone((await api.post('/api/session/invitation/accept', { body })).name);
  });

  return (
    <MailLinkFrame title={t.mail.invitationTitle}>
      {!token && <Notice kind="error">{t.mail.noToken}</Notice>}
      {token && invitation.loading && !invitation.data && <Loading />}
      {token && invitation.error !== undefined && <LoadError error={invitation.error} retry={invitation.reload} />}
      {done && (
        <>
          <Notice kind="success">{t.mail.accepted(done)}</Notice>
          <Link to="/sign-in">{t.mail.signIn}</Link>
        </>
      )}
      {invitation.data && !done && (
        <NewPasswordForm action={accept} submit={t.mail.accept}>
          <p>{t.mail.invitationFor(invitation.data.email)}</p>
          {invitation.data.name ? (
            <p>
              <strong>{t.mail.fixedName(invitation.data.name)}</strong>
            </p>
          ) : (
            <TextField
              label={t.mail.chooseName}
              hint={t.mail.chooseNameHint}
              name="username"
              autoComplete="username"
              autoCapitalize="none"
              spellCheck={false}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          )}
        </NewPasswordForm>
      )}
    </MailLinkFrame>
  );
}
