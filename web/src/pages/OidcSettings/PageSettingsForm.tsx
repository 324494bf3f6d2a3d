import { useState } from 'react';
import { api } from '../../api/client';
import type { OidcSettings } from '../../api/types';
import { Button } from '../../components/Button';
import { CheckField, TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { t } from '../../i18n';
import { CallbackUrl } from './CallbackUrl';
import { LogoutUrls } from './LogoutUrls';
import { userLimitProblem } from './user-limit';

/**
 * The page-level settings. Saving sends only these: the public URL changes only through the
 * callback URL's own "Use this address for callbacks" (DESIGN.md "Public URL").
 */
export function PageSettingsForm({ settings, onSaved }: { settings: OidcSettings; onSaved(): void }) {
  const toast = useToast();
  const [maxUsers, setMaxUsers] = useState(String(settings.max_authorized_users));
  const [confirm, setConfirm] = useState(settings.confirm_client_sign_in);
  const limitProblem = userLimitProblem(maxUsers);
  const valid = limitProblem === undefined;
  const save = useAction(async () => {
    await api.put('/api/admin/oidc/settings', {
      body: { max_authorized_users: Number(maxUsers.trim()), confirm_client_sign_in: confirm },
    });
    toast(t.oidc.pageSaved);
    onSaved();
  });

  return (
    <form
      className="card stack"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) void save.run();
      }}
    >
      <CallbackUrl settings={settings} onPinned={onSaved} />
      <LogoutUrls settings={settings} />
      <TextField
        label={t.oidc.maxUsers}
        name="max_authorized_users"
        inputMode="numeric"
        value={maxUsers}
        onChange={(e) => setMaxUsers(e.target.value)}
        hint={t.oidc.maxUsersHelp}
        error={limitProblem}
        className="input-short"
      />
      <CheckField switch label={t.oidc.confirmClient} hint={t.oidc.confirmClientHelp} name="confirm_client_sign_in" checked={confirm} onChange={(e) => setConfirm(e.target.checked)} />
      {save.error && <Notice kind="error">{save.error}</Notice>}
      <div className="form-actions">
        <Button
          onClick={() => {
            setMaxUsers(String(settings.max_authorized_users));
            setConfirm(settings.confirm_client_sign_in);
          }}
        >
          {t.common.reset}
        </Button>
        <Button type="submit" variant="primary" disabled={save.busy || !valid}>
          {save.busy ? t.common.saving : t.oidc.savePage}
        </Button>
      </div>
    </form>
  );
}
