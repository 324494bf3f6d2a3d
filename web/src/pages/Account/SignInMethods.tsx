import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Notice } from '../../components/Notice';
import { ProviderIcon } from '../../components/ProviderIcon';
import { LoadError, Loading } from '../../components/StateViews';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { formatDateTime, t } from '../../i18n';
import { useUser } from '../../session/session';

type Methods = Awaited<ReturnType<typeof loadMethods>>;
type Identity = Methods['identities'][number];

const loadMethods = () => api.get('/api/account/identities');

/** A subject is an opaque id: shown shortened, in full on hover. */
const shortSubject = (subject: string) => (subject.length > 14 ? `${subject.slice(0, 6)}…${subject.slice(-6)}` : subject);

/**
 * "Connected providers" on My account: each enabled provider not yet linked with "Connect"
 * (a full sign-in there, then back here), and the linked identities with "Disconnect".
 */
export function SignInMethods() {
  const user = useUser();
  const methods = useResource(loadMethods, 'sign-in-methods');
  const [disconnecting, setDisconnecting] = useState<Identity>();
  const connected = new URLSearchParams(window.location.search).get('connected');
  const connect = useAction(async (provider: string) => {
    const { redirect } = await api.post('/api/account/identities', { body: { provider } });
    window.location.assign(redirect);
  });
  const labelOf = (identity: Identity) => identity.provider_display_name || identity.provider_name || t.account.deletedProvider;

  return (
    <section className="card stack" aria-labelledby="sign-in-methods">
      <h2 id="sign-in-methods">{t.account.signInMethods}</h2>
      <p className="muted">{t.account.signInMethodsIntro}</p>
      {connected && <Notice kind="success">{t.account.connected(connected)}</Notice>}
      {connect.error && <Notice kind="error">{connect.error}</Notice>}
      {methods.error !== undefined && <LoadError error={methods.error} retry={methods.reload} />}
      {!methods.data && methods.loading && <Loading />}
      {methods.data && (
        <>
          <p>{user.ldap ? t.account.directoryPassword : methods.data.has_password ? t.account.passwordSet : t.account.noPassword}</p>
          <ul className="plain-list" aria-label={t.account.linkedIdentities}>
            {methods.data.identities.length === 0 && <li className="muted">{t.account.noIdentities}</li>}
            {methods.data.identities.map((identity) => (
              <li key={identity.id} className="list-row" data-identity={identity.provider_name}>
                <div>
                  <strong>{labelOf(identity)}</strong>
                  {!identity.provider_enabled && <span className="badge">{t.account.providerOff}</span>}
                  <div className="muted small">
                    {identity.email && <>{identity.email} · </>}
                    <span title={identity.subject}>
                      {t.account.subject} {shortSubject(identity.subject)}
                    </span>{' '}
                    · {t.account.linkedAt} {formatDateTime(identity.created_at)}
                  </div>
                </div>
                <Button small onClick={() => setDisconnecting(identity)} aria-label={`${t.account.disconnect} ${labelOf(identity)}`}>
                  {t.account.disconnect}
                </Button>
              </li>
            ))}
          </ul>
          <div className="form-actions">
            {methods.data.providers
              .filter((provider) => !provider.linked)
              .map((provider) => (
                <Button key={provider.name} disabled={connect.busy} onClick={() => void connect.run(provider.name)}>
                  <ProviderIcon icon={provider.icon} label={provider.display_name} type={provider.type} />
                  {t.account.connect(provider.display_name || provider.name)}
                </Button>
              ))}
          </div>
        </>
      )}
      {disconnecting && (
        <ConfirmDialog
          title={t.account.disconnectTitle(labelOf(disconnecting))}
          body={t.account.disconnectBody}
          confirmLabel={t.account.disconnect}
          onClose={() => setDisconnecting(undefined)}
          onConfirm={async () => {
            await api.delete('/api/account/identities/{id}', { path: { id: disconnecting.id } });
            methods.reload();
          }}
        />
      )}
    </section>
  );
}
