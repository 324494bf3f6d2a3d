import { useState } from 'react';
import { api } from '../../api/client';
import type { Group, Invitation } from '../../api/types';
import { Button } from '../../components/Button';
import { Dialog } from '../../components/Dialog';
import { CheckField, TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { LoadError, Loading } from '../../components/StateViews';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { formatDateTime, t } from '../../i18n';

/**
 * Users → Invite: sends an invitation by e-mail (with the account's groups and role), and lists
 * the pending ones with Resend and Revoke. The person makes their own account from the link
 * (pages/MailLinks).
 */
export function InviteButton({ groups }: { groups: Group[] }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t.mail.invite}</Button>
      {open && <InviteDialog groups={groups} onClose={() => setOpen(false)} />}
    </>
  );
}

function InviteDialog({ groups, onClose }: { groups: Group[]; onClose(): void }) {
  const toast = useToast();
  const pending = useResource(() => api.get('/api/admin/invitations'), 'invitations');
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [groupIds, setGroupIds] = useState<string[]>([]);
  const [isAdmin, setIsAdmin] = useState(false);
  const invite = useAction(async () => {
    const body = { email: email.trim(), ...(name.trim() ? { name: name.trim() } : {}), group_ids: groupIds, is_admin: isAdmin };
    const made = await api.post('/api/admin/invitations', { body });
    toast(t.mail.invited(made.email));
    setEmail('');
    setName('');
    setGroupIds([]);
    setIsAdmin(false);
    pending.reload();
  });
  const resend = useAction(async (invitation: Invitation) => {
    await api.post('/api/admin/invitations/{id}/resend', { path: { id: invitation.id } });
    toast(t.mail.resent(invitation.email));
    pending.reload();
  });
  const revoke = useAction(async (invitation: Invitation) => {
    await api.delete('/api/admin/invitations/{id}', { path: { id: invitation.id } });
    toast(t.mail.revoked(invitation.email));
    pending.reload();
  });
  const now = Date.now();
  return (
    <Dialog
      title={t.mail.inviteTitle}
      onClose={onClose}
      onSubmit={() => void invite.run()}
      footer={
        <>
          <Button onClick={onClose}>{t.common.close}</Button>
          <Button type="submit" variant="primary" disabled={invite.busy || !email.trim()}>
            {invite.busy ? t.common.working : t.mail.inviteSend}
          </Button>
        </>
      }
    >
      <p>{t.mail.inviteIntro}</p>
      <TextField label={t.mail.inviteEmail} name="invite_email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />
      <TextField label={t.mail.inviteName} hint={t.mail.inviteNameHint} name="invite_name" autoCapitalize="none" spellCheck={false} value={name} onChange={(e) => setName(e.target.value)} optional />
      <CheckField label={t.mail.inviteAdmin} hint={t.mail.inviteAdminHint} name="invite_is_admin" checked={isAdmin} onChange={(e) => setIsAdmin(e.target.checked)} />
      {groups.length > 0 && (
        <fieldset className="checkbox-list">
          <legend>{t.mail.inviteGroups}</legend>
          <p className="muted">{t.mail.inviteGroupsHint}</p>
          {groups.map((group) => (
            <CheckField
              key={group.id}
              label={group.name}
              checked={groupIds.includes(group.id)}
              onChange={(e) => setGroupIds((ids) => (e.target.checked ? [...ids, group.id] : ids.filter((id) => id !== group.id)))}
            />
          ))}
        </fieldset>
      )}
      {invite.error && <Notice kind="error">{invite.error}</Notice>}
      <h3>{t.mail.pending}</h3>
      {pending.error !== undefined && <LoadError error={pending.error} retry={pending.reload} />}
      {!pending.data && pending.loading && <Loading />}
      {pending.data && pending.data.length === 0 && <p className="muted">{t.mail.noPending}</p>}
      {pending.data && pending.data.length > 0 && (
        <ul className="stack" aria-label={t.mail.pending}>
          {pending.data.map((invitation) => (
            <li key={invitation.id}>
              <strong>{invitation.email}</strong>
              {invitation.name && <span> ({invitation.name})</span>}
              {(invitation.is_admin || invitation.groups.length > 0) && (
                <span className="muted"> · {[...(invitation.is_admin ? [t.mail.pendingAdmin] : []), ...invitation.groups.map((g) => g.name)].join(', ')}</span>
              )}{' '}
              <span className="muted">{invitation.expires_at > now ? t.mail.expires(formatDateTime(invitation.expires_at)) : t.mail.expired}</span>{' '}
              <Button small onClick={() => void resend.run(invitation)} disabled={resend.busy}>
                {t.mail.resend}
              </Button>{' '}
              <Button small variant="danger" onClick={() => void revoke.run(invitation)} disabled={revoke.busy}>
                {t.mail.revoke}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {(resend.error || revoke.error) && <Notice kind="error">{resend.error || revoke.error}</Notice>}
    </Dialog>
  );
}
