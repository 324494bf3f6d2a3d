import { useState } from 'react';
import { api } from '../../api/client';
import type { Identity, User } from '../../api/types';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { LoadError, Loading } from '../../components/StateViews';
import { useResource } from '../../hooks/use-resource';
import { formatDateTime, t } from '../../i18n';

/** The SSO identities that sign in as this user, each with "Unlink". */
export function IdentitiesSection({ user }: { user: User }) {
  const identities = useResource(() => api.get('/api/admin/users/{id}/identities', { path: { id: user.id } }), user.id);
  const [unlinking, setUnlinking] = useState<Identity>();
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
            <Button small variant="danger" onClick={() => setUnlinking(identity)}>
              {t.users.unlink}
            </Button>
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
    </section>
  );
}
