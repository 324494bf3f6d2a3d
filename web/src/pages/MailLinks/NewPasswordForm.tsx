import { TextField } from '../../components/Field';
import { t } from '../../i18n';

/** A new password typed twice. */
export function PasswordFields({ password, repeat, onChange }: { password: string; repeat: string; onChange(next: { password: string; repeat: string }): void }) {
  return (
    <>
      <TextField
        label={t.mail.newPassword}
        hint={t.mail.passwordHintLength}
        name="new_password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={(e) => onChange({ password: e.target.value, repeat })}
      />
      <TextField label={t.mail.repeatPassword} name="repeat_password" type="password" autoComplete="new-password" value={repeat} onChange={(e) => onChange({ password, repeat: e.target.value })} />
    </>
  );
}
