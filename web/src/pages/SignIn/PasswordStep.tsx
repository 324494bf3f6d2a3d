import { useState } from 'react';
import { Button } from '../../components/Button';
import { CheckField, TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useAction } from '../../hooks/use-action';
import { t } from '../../i18n';
import { useSession } from '../../session/session';

export function PasswordStep() {
  const { signIn } = useSession();
  const [secret, setSecret] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);
  const [missing, setMissing] = useState(false);
  const action = useAction(async (input: { username: string; password: string; remember: boolean }) => setSecret((await signIn(input)) ?? ''));

  if (secret) return <CodeStep secret={secret} remember={remember} />;

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

/** The second step when two-factor sign-in is on: a code from the app, or a backup code. */
function CodeStep({ secret, remember }: { secret: string; remember: boolean }) {
  const { signInWithCode } = useSession();
  const [code, setCode] = useState('');
  const [missing, setMissing] = useState(false);
  const action = useAction(signInWithCode);
  return (
    <form
      className="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        setMissing(!code.trim());
        if (code.trim()) void action.run({ secret, code: code.trim(), remember });
      }}
    >
      <TextField
        label={t.signIn.code}
        hint={t.signIn.codeHint}
        name="code"
        autoComplete="one-time-code"
        inputMode="text"
        autoCapitalize="none"
        spellCheck={false}
        autoFocus
        value={code}
        onChange={(e) => setCode(e.target.value)}
      />
      {(missing || action.error) && <Notice kind="error">{missing ? t.signIn.codeMissing : action.error}</Notice>}
      <Button type="submit" variant="primary" className="button-block" disabled={action.busy}>
        {action.busy ? t.signIn.submitting : t.signIn.codeSubmit}
      </Button>
    </form>
  );
}
