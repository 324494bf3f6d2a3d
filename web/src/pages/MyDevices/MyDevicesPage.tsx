import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { SelectField, TextField } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { Pagination } from '../../components/Pagination';
import { LoadError, Loading } from '../../components/StateViews';
import { Table } from '../../components/Table';
import { useResource } from '../../hooks/use-resource';
import { formatDateTime, t } from '../../i18n';
import { nameOf, type OwnDevice } from './types';

const PAGE_SIZE = 20;

/** Online (a heartbeat within 60 s) or when it was last heard from; as on the Devices page. */
function Presence({ device }: { device: OwnDevice }) {
  return (
    <span className="presence">
      <span className={`badge ${device.online ? 'badge-ok' : 'badge-off'}`}>
        <span aria-hidden="true">● </span>
        {device.online ? t.devices.online : t.devices.offline}
      </span>
      {!device.online && <span className="muted"> {device.last_online_at ? t.devices.lastOnline(formatDateTime(device.last_online_at)) : t.devices.neverOnline}</span>}
      {!device.enabled && (
        <>
          {' '}
          <span className="badge badge-warn">{t.devices.disabled}</span>
        </>
      )}
    </span>
  );
}

/** My devices, for everyone: the devices the signed-in person owns, read-only, with search, online filter and paging. */
export function MyDevicesPage() {
  const [search, setSearch] = useState('');
  const [applied, setApplied] = useState('');
  const [online, setOnline] = useState('');
  const [current, setCurrent] = useState(1);

  const query = {
    current,
    pageSize: PAGE_SIZE,
    ...(applied.trim() ? { search: applied.trim() } : {}),
    ...(online ? { online: online === 'true' } : {}),
  };
  const devices = useResource(() => api.get('/api/account/owned-devices', { query }), JSON.stringify(query));
  const filtered = applied.trim() !== '' || online !== '';
  const none = <span className="muted">—</span>;

  return (
    <>
      <PageHeader title={t.myDevices.title} intro={t.myDevices.intro} />
      <form
        className="filters"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          setApplied(search);
          setCurrent(1);
        }}
      >
        <TextField label={t.common.search} type="search" name="search" placeholder={t.myDevices.searchPlaceholder} value={search} onChange={(e) => setSearch(e.target.value)} />
        <SelectField
          label={t.devices.filterOnline}
          name="online"
          value={online}
          onChange={(e) => {
            setOnline(e.target.value);
            setApplied(search);
            setCurrent(1);
          }}
          options={[
            { value: '', label: t.devices.anyOnline },
            { value: 'true', label: t.devices.onlineOnly },
            { value: 'false', label: t.devices.offlineOnly },
          ]}
        />
        <Button type="submit">{t.common.search}</Button>
      </form>
      {devices.error !== undefined && <LoadError error={devices.error} retry={devices.reload} />}
      {!devices.data && devices.loading && <Loading />}
      {devices.data && (
        <>
          <Table
            caption={t.myDevices.title}
            rows={devices.data.data}
            rowKey={(device) => device.id}
            empty={filtered ? t.myDevices.noMatch : t.myDevices.empty}
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
              { header: t.devices.username, cell: (device) => device.username || none },
              { header: t.devices.group, cell: (device) => device.group_name ?? none },
              { header: t.devices.os, cell: (device) => device.os || none },
              { header: t.devices.version, cell: (device) => device.version || none },
              { header: t.devices.status, cell: (device) => <Presence device={device} /> },
              { header: t.devices.note, cell: (device) => device.note || none },
            ]}
          />
          <Pagination current={current} pageSize={PAGE_SIZE} total={devices.data.total} onChange={setCurrent} />
        </>
      )}
    </>
  );
}
