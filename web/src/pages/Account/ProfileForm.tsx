import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { t } from '../../i18n';
import { useSession, useUser } from '../../session/session';

export function ProfileForm() {
  const user = useUser();
  const { setUser } = useSession();
  const toast = useToast();
  const [displayName, setDisplayName] = useState(user.display_name);
  const [email, setEmail] = useState(user.email);
  const save = useAction(async () => {
    setUser(await api.patch('/api/account', { body: { display_name: displayName.trim(), email: email.trim() } }));
    toast(t.account.profileSaved);
  });
  return (
    <form
      className="card stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save.run();
      }}
    >
      <h2>{t.account.profile}</h2>
      <dl className="facts">
        <dt>{t.account.username}</dt>
        <dd>{user.name}</dd>
        <dt>{t.account.role}</dt>
        <dd>{user.is_admin ? t.account.admin : t.account.member}</dd>
        <dt>{t.account.groups}</dt>
        <dd>{user.groups.map((g) => g.name).join(', ') || t.common.none}</dd>
      </dl>
      <TextField label={t.account.displayName} name="display_name" autoComplete="name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
      <TextField label={t.account.email} name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} />
      {save.error && <Notice kind="error">{save.error}</Notice>}
      <div className="form-actions">
        <Button type="submit" variant="primary" disabled={save.busy}>
          {save.busy ? t.common.saving : t.common.save}
        </Button>
      </div>
    </form>
  );
}
