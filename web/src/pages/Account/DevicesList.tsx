import { useState } from 'react';
import { api } from '../../api/client';
import type { DeviceSignIn } from '../../api/types';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { LoadError, Loading } from '../../components/StateViews';
import { Table } from '../../components/Table';
import { useResource } from '../../hooks/use-resource';
import { formatDateTime, t } from '../../i18n';

const deviceName = (device: DeviceSignIn) => device.device_info.name || device.device_id || t.common.unknown;

/** RustDesk clients signed in as me, each with "Sign out". */
export function DevicesList() {
  const devices = useResource(() => api.get('/api/account/devices'), 'devices');
  const [ending, setEnding] = useState<DeviceSignIn>();
  return (
    <section className="card stack">
      <h2>{t.account.devices}</h2>
      <p className="muted">{t.account.devicesIntro}</p>
      {devices.error !== undefined && <LoadError error={devices.error} retry={devices.reload} />}
      {!devices.data && devices.loading && <Loading />}
      {devices.data && (
        <Table
          caption={t.account.devices}
          rows={devices.data.data}
          rowKey={(device) => device.id}
          empty={t.account.noDevices}
          columns={[
            { header: t.account.device, cell: (device) => <strong>{deviceName(device)}</strong> },
            { header: t.account.rustdeskId, cell: (device) => device.device_id || '—' },
            { header: t.account.address, cell: (device) => device.ip },
            { header: t.account.lastSeen, cell: (device) => formatDateTime(device.last_used_at) },
            { header: t.account.expires, cell: (device) => formatDateTime(device.expires_at) },
            {
              header: t.common.actions,
              end: true,
              cell: (device) => (
                <Button small onClick={() => setEnding(device)} aria-label={`${t.account.signOutDevice} ${deviceName(device)}`}>
                  {t.account.signOutDevice}
                </Button>
              ),
            },
          ]}
        />
      )}
      {ending && (
        <ConfirmDialog
          title={t.account.signOutDeviceTitle}
          body={t.account.signOutDeviceBody(deviceName(ending))}
          confirmLabel={t.account.signOutDevice}
          onClose={() => setEnding(undefined)}
          onConfirm={async () => {
            await api.delete('/api/account/devices/{id}', { path: { id: ending.id } });
            devices.reload();
          }}
        />
      )}
    </section>
  );
}
