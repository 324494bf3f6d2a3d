import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { LoadError, Loading } from '../../components/StateViews';
import { Table } from '../../components/Table';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { formatDateTime, t } from '../../i18n';

/**
 * My account → two-factor sign-in → trusted devices: the browsers ("Trust this browser" at the
 * code step) and RustDesk clients that skip the code for 30 days, each revocable. A RustDesk
 * client cannot ask for trust itself (its code step has no such field), so a signed-in client
 * is trusted from here.
 */
export function TrustedDevices() {
  const trusted = useResource(() => api.get('/api/account/2fa/trusted-devices'), 'trusted-devices');
  const clients = useResource(() => api.get('/api/account/devices'), 'devices');
  const revoke = useAction(async (id?: string) => {
    if (id) await api.delete('/api/account/2fa/trusted-devices/{id}', { path: { id } });
    else await api.delete('/api/account/2fa/trusted-devices');
    trusted.reload();
  });
  const trust = useAction(async (signInId: string) => {
    await api.post('/api/account/2fa/trusted-devices', { body: { sign_in_id: signInId } });
    trusted.reload();
  });

  const trustedIds = new Set((trusted.data?.data ?? []).filter((d) => d.kind === 'client').map((d) => d.device_id));
  const untrusted = (clients.data?.data ?? []).filter((c) => c.device_id && !trustedIds.has(c.device_id));
  return (
    <div className="stack" role="region" aria-labelledby="trusted-devices-title">
      <h3 id="trusted-devices-title">{t.twoFactor.trustedTitle}</h3>
      <p className="muted">{t.twoFactor.trustedIntro}</p>
      {trusted.error !== undefined && <LoadError error={trusted.error} retry={trusted.reload} />}
      {!trusted.data && trusted.loading && <Loading />}
      {(revoke.error || trust.error) && <Notice kind="error">{revoke.error || trust.error}</Notice>}
      {trusted.data && (
        <Table
          caption={t.twoFactor.trustedTitle}
          rows={trusted.data.data}
          rowKey={(device) => device.id}
          empty={t.twoFactor.trustedNone}
          columns={[
            {
              header: t.account.device,
              cell: (device) => (
                <>
                  <strong>{device.kind === 'console' ? t.twoFactor.trustedBrowser : t.twoFactor.trustedClient(device.device_id)}</strong>
                  <div className="muted small">{device.label}</div>
                </>
              ),
            },
            { header: t.account.expires, cell: (device) => t.twoFactor.trustedUntil(formatDateTime(device.expires_at)) },
            {
              header: t.common.actions,
              end: true,
              cell: (device) => (
                <Button small disabled={revoke.busy} onClick={() => void revoke.run(device.id)}>
                  {t.twoFactor.trustedRevoke}
                </Button>
              ),
            },
          ]}
        />
      )}
      {untrusted.length > 0 && (
        <ul className="plain-list">
          {untrusted.map((client) => (
            <li key={client.id}>
              {t.twoFactor.trustedClient(client.device_id)} {client.device_info.name ? `(${client.device_info.name})` : ''}{' '}
              <Button small disabled={trust.busy} onClick={() => void trust.run(client.id)}>
                {t.twoFactor.trustClient}
              </Button>
            </li>
          ))}
        </ul>
      )}
      {trusted.data && trusted.data.data.length > 1 && (
        <div className="form-actions">
          <Button variant="danger" disabled={revoke.busy} onClick={() => void revoke.run()}>
            {t.twoFactor.trustedRevokeAll}
          </Button>
        </div>
      )}
    </div>
  );
}
