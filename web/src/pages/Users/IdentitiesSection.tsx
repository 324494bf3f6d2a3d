import { useState } from 'react';
import { ApiError, api } from '../../api/client';
import type { Identity, User } from '../../api/types';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { LoadError, Loading } from '../../components/StateViews';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { formatDateTime, t } from '../../i18n';

/** The SSO identities that sign in as this user, each with "Move to…" and "Unlink". */
export function IdentitiesSection({ user, onMoved }: { user: User; onMoved?(): void }) {
  const identities = useResource(() => api.get('/api/admin/users/{id}/identities', { path: { id: user.id } }), user.id);
  const [unlinking, setUnlinking] = useState<Identity>();
  const [moving, setMoving] = useState<Identity>();
  return (
    <section className="dialog-section">
      <h3>{t.users.identities}</h3>
      <p className="muted">{t.users.identitiesIntro}</p>
      {identities.loading && !identities.data && <Loading />}
      {identities.error !== undefined && <LoadError error={identities.error} retry={identities.reload} />}
      {identities.data?.length === 0 && <p className="empty">{t.users.noIdentities}</p>}
      <ul className="plain-list">
        {identities.data?.map((identity) => (
          <li key={identity.id} className="list-row">
            <div>
              <strong>{identity.provider_name || t.users.deletedProvider}</strong> {identity.email && <span className="muted">{identity.email}</span>}
              <div className="muted small">
                {t.users.subject}: <code>{identity.subject}</code> · {identity.issuer}
              </div>
              {identity.tenant_id && (
                <div className="muted small">
                  {t.users.tenant}: <code>{identity.tenant_id}</code>
                </div>
              )}
              <div className="muted small">
                {t.users.lastSignIn}: {formatDateTime(identity.last_sign_in_at) || t.common.never}
              </div>
            </div>
            <span className="row-actions">
              <Button small onClick={() => setMoving(identity)}>
                {t.users.moveIdentity}
              </Button>
              <Button small variant="danger" onClick={() => setUnlinking(identity)}>
                {t.users.unlink}
              </Button>
            </span>
          </li>
        ))}
      </ul>
      {unlinking && (
        <ConfirmDialog
          title={t.users.unlinkTitle}
          body={t.users.unlinkBody}
          confirmLabel={t.users.unlink}
          onClose={() => setUnlinking(undefined)}
          onConfirm={async () => {
            await api.delete('/api/admin/users/{id}/identities/{identityId}', { path: { id: user.id, identityId: unlinking.id } });
            identities.reload();
          }}
        />
      )}
      {moving && (
        <MoveDialog
          user={user}
          identity={moving}
          onClose={() => setMoving(undefined)}
          onMoved={() => {
            identities.reload();
            onMoved?.();
          }}
        />
      )}
    </section>
  );
}

/**
 * "Move to…": the identity goes to the account with the username typed (someone whose sign-in
 * made a new account, back to their old one); this account's sign-ins end.
 */
function MoveDialog({ user, identity, onClose, onMoved }: { user: User; identity: Identity; onClose(): void; onMoved(): void }) {
  const [name, setName] = useState('');
  const move = useAction(async () => {
    const typed = name.trim();
    const found = await api.get('/api/admin/users', { query: { search: typed, pageSize: 100 } });
    const target = found.data.find((u) => u.name.toLowerCase() === typed.toLowerCase());
    // Said as the server would have: no account by that name.
    if (!target) throw new ApiError(404, 'user.not_found', t.users.moveNoSuchUser(typed));
    await api.post('/api/admin/users/{id}/identities/{identityId}/move', { path: { id: user.id, identityId: identity.id }, body: { user_id: target.id } });
    onMoved();
    onClose();
  });
  return (
    <Dialog
      title={t.users.moveTitle}
      onClose={onClose}
      onSubmit={() => void move.run()}
      footer={
        <>
          <Button onClick={onClose}>{t.common.cancel}</Button>
          <Button type="submit" variant="primary" disabled={move.busy || !name.trim()}>
            {move.busy ? t.common.working : t.users.moveConfirm}
          </Button>
        </>
      }
    >
      <p>{t.users.moveBody(identity.provider_name || t.users.deletedProvider, user.name)}</p>
      <TextField label={t.users.moveTo} name="move_to" autoCapitalize="none" spellCheck={false} value={name} onChange={(e) => setName(e.target.value)} />
      {move.error && <Notice kind="error">{move.error}</Notice>}
    </Dialog>
  );
}
