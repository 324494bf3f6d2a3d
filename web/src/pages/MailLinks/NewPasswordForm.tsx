import { useState, type ReactNode } from 'react';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import type { Action } from '../../hooks/use-action';
import { t } from '../../i18n';

/**
 * A new password typed twice, then `action` run with it once both agree (a mismatch is said
 * before anything is sent). `children` come first: what the link is for, and any other field.
 */
export function NewPasswordForm({ action, submit, children }: { action: Action<[string]>; submit: string; children: ReactNode }) {
  const [fields, setFields] = useState({ password: '', repeat: '' });
  const [mismatch, setMismatch] = useState(false);
  return (
    <form
      className="stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        const differ = fields.password !== fields.repeat;
        setMismatch(differ);
        if (!differ) void action.run(fields.password);
      }}
    >
      {children}
      <TextField
        label={t.mail.newPassword}
        hint={t.mail.passwordHintLength}
        name="new_password"
        type="password"
        autoComplete="new-password"
        value={fields.password}
        onChange={(e) => setFields({ password: e.target.value, repeat: fields.repeat })}
      />
      <TextField
        label={t.mail.repeatPassword}
        name="repeat_password"
        type="password"
        autoComplete="new-password"
        value={fields.repeat}
        onChange={(e) => setFields({ password: fields.password, repeat: e.target.value })}
      />
      {(mismatch || action.error) && <Notice kind="error">{mismatch ? t.mail.mismatch : action.error}</Notice>}
      <Button type="submit" variant="primary" className="button-block" disabled={action.busy}>
        {submit}
      </Button>
    </form>
  );
}
