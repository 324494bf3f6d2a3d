import { useState } from 'react';
import { Button } from '../../components/Button';
import { CheckField, TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useAction } from '../../hooks/use-action';
import { t } from '../../i18n';
import { useSession } from '../../session/session';

export function PasswordStep() {
  const { signIn } = useSession();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const [missing, setMissing] = useState(false);
  const action = useAction(signIn);

  return (
    <form
      className="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const incomplete = !username.trim() || !password;
        setMissing(incomplete);
        if (!incomplete) void action.run({ username: username.trim(), password, remember });
      }}
    >
      <TextField label={t.signIn.username} name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} value={username} onChange={(e) => setUsername(e.target.value)} />
      <TextField label={t.signIn.password} name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
      <CheckField label={t.signIn.remember} name="remember" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
      {(missing || action.error) && <Notice kind="error">{missing ? t.signIn.missingFields : action.error}</Notice>}
      <Button type="submit" variant="primary" className="button-block" disabled={action.busy}>
        {action.busy ? t.signIn.submitting : t.signIn.submit}
      </Button>
    </form>
  );
}
