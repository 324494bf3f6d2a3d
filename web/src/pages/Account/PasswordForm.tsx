import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useAction } from '../../hooks/use-action';
import { t } from '../../i18n';
import { useSession, useUser } from '../../session/session';

/** Change the password, or set a first one for an account made by single sign-on; a directory account is told where its password lives. */
export function PasswordForm() {
  const user = useUser();
  const { setUser } = useSession();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState(false);
  const differ = repeat !== '' && next !== repeat;
  const save = useAction(async () => {
    await api.post('/api/account/password', { body: { new_password: next, ...(user.has_password ? { current_password: current } : {}) } });
    setCurrent('');
    setNext('');
    setRepeat('');
    setDone(true);
    if (!user.has_password) setUser({ ...user, has_password: true });
  });
  const title = user.has_password ? t.account.changePassword : t.account.setPassword;

  // A directory (LDAP) account's password is the directory's: the server refuses a local one.
  if (user.ldap) {
    return (
      <section className="card stack" aria-labelledby="password-heading">
        <h2 id="password-heading">{t.account.password}</h2>
        <Notice>{t.account.directoryPassword}</Notice>
      </section>
    );
  }

  return (
    <form
      className="card stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setDone(false);
        if (!differ && next) void save.run();
      }}
    >
      <h2>{title}</h2>
      {!user.has_password && <Notice>{t.account.noPasswordYet}</Notice>}
      {user.has_password && (
        <TextField label={t.account.currentPassword} name="current_password" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
      )}
      <TextField label={t.account.newPassword} name="new_password" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} hint={t.account.passwordHint} />
      <TextField
        label={t.account.repeatPassword}
        name="repeat_password"
        type="password"
        autoComplete="new-password"
        value={repeat}
        onChange={(e) => setRepeat(e.target.value)}
        error={differ ? t.account.passwordsDiffer : undefined}
      />
      {save.error && <Notice kind="error">{save.error}</Notice>}
      {done && <Notice kind="success">{t.account.passwordChanged}</Notice>}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={save.busy || !next || differ}>
          {save.busy ? t.common.saving : title}
        </Button>
      </div>
    </form>
  );
}
