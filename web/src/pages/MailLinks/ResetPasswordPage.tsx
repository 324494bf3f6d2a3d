import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { LoadError, Loading } from '../../components/StateViews';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';
import { Link } from '../../router';
import { MailLinkFrame, tokenFromLink } from './MailLinkFrame';
import { PasswordFields } from './PasswordFields';

/** Opened from a password-reset e-mail: choose a new password once. */
export function ResetPasswordPage() {
  const [token] = useState(tokenFromLink);
  const target = useResource(() => api.post('/api/session/password-reset/inspect', { body: { token } }), `reset ${token}`);
  const [fields, setFields] = useState({ password: '', repeat: '' });
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState('');
  const complete = useAction(async () => setDone((await api.post('/api/session/password-reset/complete', { body: { token, password: fields.password } })).name));

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
        <form
          className="stack"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            const differ = fields.password !== fields.repeat;
            setMismatch(differ);
            if (!differ) void complete.run();
          }}
        >
          <p>{t.mail.resetFor(target.data.name)}</p>
          <PasswordFields password={fields.password} repeat={fields.repeat} onChange={setFields} />
          {(mismatch || complete.error) && <Notice kind="error">{mismatch ? t.mail.mismatch : complete.error}</Notice>}
          <Button type="submit" variant="primary" className="button-block" disabled={complete.busy}>
            {t.mail.resetSubmit}
          </Button>
        </form>
      )}
    </MailLinkFrame>
  );
}
