import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { LoadError, Loading } from '../../components/StateViews';
import { Table } from '../../components/Table';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { useResource } from '../../hooks/use-resource';
import { formatDateTime, t } from '../../i18n';
import { DeviceDialog } from './DeviceDialog';
import { DeviceFilters, type Filters } from './DeviceFilters';
import { nameOf, type Device } from './types';

const PAGE_SIZE = 20;

/** Online (a heartbeat within 60 s) or when it was last heard from. */
function Presence({ device }: { device: Device }) {
  return (
    <span className="presence">
      <span className={`badge ${device.online ? 'badge-ok' : 'badge-off'}`}>
        <span aria-hidden="true">● </span>
        {device.online ? t.devices.online : t.devices.offline}
      </span>
      {!device.online && <span className="muted"> {device.last_online_at ? t.devices.lastOnline(formatDateTime(device.last_online_at)) : t.devices.neverOnline}</span>}
    </span>
  );
}

/** Devices: search and filters, paging, and the details dialog where an administrator changes one. */
export function DevicesPage() {
  const [filters, setFilters] = useState<Filters>({ search: '', online: '', group: '', owner: '' });
  const [current, setCurrent] = useState(1);
  const [open, setOpen] = useState<Device>();

  const query = {
    current,
    pageSize: PAGE_SIZE,
    ...(filters.search.trim() ? { search: filters.search.trim() } : {}),
    ...(filters.online ? { online: filters.online === 'true' } : {}),
    ...(filters.group ? { group: filters.group } : {}),
    ...(filters.owner ? { owner: filters.owner } : {}),
  };
  const devices = useResource(() => api.get('/api/admin/devices', { query }), JSON.stringify(query));
  const groups = useResource(() => api.get('/api/admin/device-groups', { query: { pageSize: 1000 } }), 'device-groups');
  const users = useResource(() => api.get('/api/admin/users', { query: { pageSize: 1000 } }), 'users');
  const toast = useToast();
  const approve = useAction(async (device: Device) => {
    await api.post('/api/admin/devices/{id}/approve', { path: { id: device.id } });
    toast(t.devices.approved(nameOf(device)));
    devices.reload();
  });
  const groupChoices = (groups.data?.data ?? []).map((g) => ({ id: g.id, name: g.name }));
  const ownerChoices = (users.data?.data ?? []).map((u) => ({ id: u.id, name: u.name }));

  return (
    <>
      <PageHeader title={t.devices.title} intro={t.devices.intro} />
      <DeviceFilters
        value={filters}
        groups={groupChoices}
        owners={ownerChoices}
        onChange={(next) => {
          setFilters(next);
          setCurrent(1);
        }}
      />
      {devices.error !== undefined && <LoadError error={devices.error} retry={devices.reload} />}
      {!devices.data && devices.loading && <Loading />}
      {devices.data && (
        <>
          <Table
            caption={t.devices.title}
            rows={devices.data.data}
            rowKey={(device) => device.id}
            empty={t.devices.empty}
            columns={[
              { header: t.devices.id, cell: (device) => <code>{device.id}</code> },
              {
                header: t.devices.name,
                cell: (device) => (
                  <>
                    <strong>{nameOf(device)}</strong>
                    {device.alias && device.hostname && <span className="muted"> {device.hostname}</span>}
                  </>
                ),
              },
              { header: t.devices.owner, cell: (device) => device.owner?.name ?? <span className="muted">—</span> },
              { header: t.devices.group, cell: (device) => device.group?.name ?? <span className="muted">—</span> },
              { header: t.devices.strategy, cell: (device) => <StrategyOf device={device} /> },
              { header: t.devices.os, cell: (device) => device.os || <span className="muted">—</span> },
              { header: t.devices.version, cell: (device) => device.version || <span className="muted">—</span> },
              { header: t.devices.status, cell: (device) => <Presence device={device} /> },
              {
                header: t.devices.enabled,
                cell: (device) => (
                  <>
                    {device.enabled ? t.common.yes : <span className="badge badge-warn">{t.devices.disabled}</span>}
                    {!device.approved && (
                      <>
                        {' '}
                        <span className="badge badge-warn">{t.devices.waitingApproval}</span>{' '}
                        <Button small disabled={approve.busy} onClick={() => void approve.run(device)} aria-label={`${t.devices.approve}: ${nameOf(device)}`}>
                          {t.devices.approve}
                        </Button>
                      </>
                    )}
                  </>
                ),
              },
              {
                header: t.common.actions,
                end: true,
                cell: (device) => (
                  <Button small onClick={() => setOpen(device)} aria-label={`${t.devices.details}: ${nameOf(device)}`}>
                    {t.devices.details}
                  </Button>
                ),
              },
            ]}
          />
          {approve.error && <Notice kind="error">{approve.error}</Notice>}
          <Pagination current={current} pageSize={PAGE_SIZE} total={devices.data.total} onChange={setCurrent} />
        </>
      )}
      {open && <DeviceDialog key={open.id} device={open} groups={groupChoices} owners={ownerChoices} onClose={() => setOpen(undefined)} onChanged={devices.reload} />}
    </>
  );
}

/** The strategy a device is under, and what gives it (its own, its owner's, its group's or the default). */
function StrategyOf({ device }: { device: Device }) {
  if (!device.strategy) return <span className="muted">—</span>;
  const { name, from, enabled } = device.strategy;
  return (
    <span title={enabled ? undefined : t.devices.strategyDisabled}>
      {name} <span className="muted">({t.devices.strategyFrom[from]}{enabled ? '' : `, ${t.devices.strategyOff}`})</span>
    </span>
  );
}
