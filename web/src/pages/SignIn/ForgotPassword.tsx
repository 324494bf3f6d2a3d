import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';

/**
 * "Forgot password?" under the password form, offered when the server can send the link. The
 * answer is the same whether an account matched or not.
 */
export function ForgotPassword() {
  const offered = useResource(() => api.get('/api/session/password-reset'), 'password-reset');
  const [open, setOpen] = useState(false);
  const [login, setLogin] = useState('');
  const [sent, setSent] = useState(false);
  const [missing, setMissing] = useState(false);
  const send = useAction(async () => {
    await api.post('/api/session/password-reset', { body: { login: login.trim() } });
    setSent(true);
  });
  if (!offered.data?.available) return null;
  if (!open) {
    return (
      <p>
        <Button variant="ghost" onClick={() => setOpen(true)}>
          {t.mail.forgot}
        </Button>
      </p>
    );
  }
  if (sent) return <Notice kind="success">{t.mail.forgotSent}</Notice>;
  return (
    <form
      className="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setMissing(!login.trim());
        if (login.trim()) void send.run();
      }}
    >
      <h2>{t.mail.forgot}</h2>
      <p>{t.mail.forgotIntro}</p>
      <TextField label={t.mail.forgotLogin} name="forgot_login" autoComplete="username" autoCapitalize="none" spellCheck={false} value={login} onChange={(e) => setLogin(e.target.value)} />
      {(missing || send.error) && <Notice kind="error">{missing ? t.mail.forgotMissing : send.error}</Notice>}
      <Button type="submit" disabled={send.busy}>
        {t.mail.forgotSend}
      </Button>
    </form>
  );
}
