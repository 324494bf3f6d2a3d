import { useState } from 'react';
import { api } from '../../api/client';
import type { User } from '../../api/types';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useAction } from '../../hooks/use-action';
import { t } from '../../i18n';
import { DirectoryPasswordNote } from './DirectoryAccount';

/** Reset password (not for directory accounts) and "sign out everywhere" for one user. */
export function UserAccessSection({ user, onChanged }: { user: User; onChanged(): void }) {
  const [password, setPassword] = useState('');
  const [resetting, setResetting] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const [result, setResult] = useState('');
  const reset = useAction(async () => {
    await api.post('/api/admin/users/{id}/password', { path: { id: user.id }, body: { password } });
    setPassword('');
    setResetting(false);
    setResult(t.users.passwordReset);
    onChanged();
  });

  return (
    <section className="dialog-section">
      <h3>{t.users.access}</h3>
      {user.ldap && <DirectoryPasswordNote />}
      {resetting ? (
        <div className="inline-form">
          <TextField
            label={t.users.resetPasswordTitle(user.name)}
            name="new_password"
            type="password"
            autoComplete="new-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            onKeyDown={(e) => {
              // Enter here resets the password; it must not submit the user form around it.
              if (e.key !== 'Enter') return;
              e.preventDefault();
              if (password) void reset.run();
            }}
            hint={t.users.resetPasswordBody}
          />
          <div className="form-actions">
            <Button onClick={() => setResetting(false)}>{t.common.cancel}</Button>
            <Button variant="primary" disabled={reset.busy || password.length === 0} onClick={() => void reset.run()}>
              {t.users.resetPassword}
            </Button>
          </div>
          {reset.error && <Notice kind="error">{reset.error}</Notice>}
        </div>
      ) : (
        <div className="row-actions">
          {!user.ldap && <Button onClick={() => setResetting(true)}>{t.users.resetPassword}</Button>}
          <Button onClick={() => setSigningOut(true)}>{t.users.signOut}</Button>
        </div>
      )}
      {result && <Notice kind="success">{result}</Notice>}
      {signingOut && (
        <ConfirmDialog
          title={t.users.signOutTitle(user.name)}
          body={t.users.signOutBody}
          confirmLabel={t.users.signOut}
          onClose={() => setSigningOut(false)}
          onConfirm={async () => {
            const counts = await api.post('/api/admin/users/{id}/sign-out', { path: { id: user.id } });
            setResult(t.users.signedOut(counts.client_tokens, counts.console_sessions));
          }}
        />
      )}
    </section>
  );
}
