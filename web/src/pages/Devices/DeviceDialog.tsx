import { useState } from 'react';
import { api } from '../../api/client';
import { Button } from '../../components/Button';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Dialog } from '../../components/Dialog';
import { CheckField, SelectField, TextAreaField, TextField } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { useToast } from '../../components/Toaster';
import { useAction } from '../../hooks/use-action';
import { formatDateTime, t } from '../../i18n';
import { nameOf, type Device } from './types';

type Choice = { id: string; name: string };

interface Draft {
  alias: string;
  note: string;
  enabled: boolean;
  owner: string;
  group: string;
}

const draftOf = (device: Device): Draft => ({
  alias: device.alias,
  note: device.note,
  enabled: device.enabled,
  owner: device.owner?.id ?? '',
  group: device.group?.id ?? '',
});

/** One device: what it reported, what an administrator sets on it, its live connections, and deleting it. */
export function DeviceDialog({
  device: initial,
  groups,
  owners,
  onClose,
  onChanged,
}: {
  device: Device;
  groups: Choice[];
  owners: Choice[];
  onClose(): void;
  onChanged(): void;
}) {
  const toast = useToast();
  const [device, setDevice] = useState(initial);
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const [disconnecting, setDisconnecting] = useState<number>();
  const [deleting, setDeleting] = useState(false);
  const set = <K extends keyof Draft>(field: K, value: Draft[K]) => setDraft((d) => ({ ...d, [field]: value }));
  const path = { id: device.id };

  const save = useAction(async () => {
    const saved = await api.patch('/api/admin/devices/{id}', {
      path,
      body: { alias: draft.alias.trim(), note: draft.note, enabled: draft.enabled, user_id: draft.owner || null, group_id: draft.group || null },
    });
    toast(t.devices.saved(nameOf(saved)));
    onChanged();
    onClose();
  });
  const askSysinfo = useAction(async () => {
    setDevice(await api.post('/api/admin/devices/{id}/refresh-sysinfo', { path }));
    toast(t.devices.askedSysinfo(nameOf(device)));
    onChanged();
  });

  // The owner and group lists hold at most a page; the device's own are always offered.
  const withCurrent = (choices: Choice[], current: Choice | null) => (current && !choices.some((c) => c.id === current.id) ? [current, ...choices] : choices);
  const facts: [string, string][] = [
    [t.devices.id, device.id],
    [t.devices.hostname, device.hostname],
    [t.devices.username, device.username],
    [t.devices.os, device.os],
    [t.devices.cpu, device.cpu],
    [t.devices.memory, device.memory],
    [t.devices.version, device.version],
    [t.devices.sysinfoAt, device.sysinfo_at ? formatDateTime(device.sysinfo_at) : t.devices.sysinfoAsked],
    [t.devices.status, `${device.online ? t.devices.online : t.devices.offline} · ${device.last_online_at ? t.devices.lastOnline(formatDateTime(device.last_online_at)) : t.devices.neverOnline}`],
  ];

  return (
    <Dialog
      title={t.devices.detailsTitle(nameOf(device))}
      size="wide"
      onClose={onClose}
      onSubmit={() => void save.run()}
      footer={
        <>
          <Button variant="danger" onClick={() => setDeleting(true)}>
            {t.common.delete}
          </Button>
          <Button onClick={onClose}>{t.common.cancel}</Button>
          <Button type="submit" variant="primary" disabled={save.busy}>
            {save.busy ? t.common.saving : t.common.save}
          </Button>
        </>
      }
    >
      <section aria-label={t.devices.systemInfo}>
        <h3>{t.devices.systemInfo}</h3>
        <dl className="check-details">
          {facts.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value || '—'}</dd>
            </div>
          ))}
        </dl>
        <Button small onClick={() => void askSysinfo.run()} disabled={askSysinfo.busy}>
          {t.devices.askSysinfo}
        </Button>
        {askSysinfo.error && <Notice kind="error">{askSysinfo.error}</Notice>}
      </section>
      <div className="form-grid">
        <TextField label={t.devices.alias} name="alias" value={draft.alias} onChange={(e) => set('alias', e.target.value)} optional />
        <SelectField
          label={t.devices.owner}
          name="owner"
          value={draft.owner}
          onChange={(e) => set('owner', e.target.value)}
          options={[{ value: '', label: t.devices.noOwner }, ...withCurrent(owners, device.owner).map((u) => ({ value: u.id, label: u.name }))]}
        />
        <SelectField
          label={t.devices.group}
          name="group"
          value={draft.group}
          onChange={(e) => set('group', e.target.value)}
          options={[{ value: '', label: t.devices.noGroup }, ...withCurrent(groups, device.group).map((g) => ({ value: g.id, label: g.name }))]}
        />
        <CheckField label={t.devices.enabled} hint={t.devices.enabledHelp} name="enabled" switch checked={draft.enabled} onChange={(e) => set('enabled', e.target.checked)} />
      </div>
      <TextAreaField label={t.devices.note} name="note" rows={2} value={draft.note} onChange={(e) => set('note', e.target.value)} optional />
      {save.error && <Notice kind="error">{save.error}</Notice>}
      <section aria-label={t.devices.connections}>
        <h3>{t.devices.connections}</h3>
        {device.conns.length === 0 ? (
          <p className="muted">{t.devices.noConnections}</p>
        ) : (
          <ul className="plain-list">
            {device.conns.map((conn) => (
              <li key={conn}>
                <span>{t.devices.connection(conn)}</span>{' '}
                <Button small variant="danger" onClick={() => setDisconnecting(conn)} aria-label={`${t.devices.disconnect} ${t.devices.connection(conn)}`}>
                  {t.devices.disconnect}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </section>
      {disconnecting !== undefined && (
        <ConfirmDialog
          title={t.devices.disconnectTitle(disconnecting)}
          body={t.devices.disconnectBody}
          confirmLabel={t.devices.disconnect}
          onClose={() => setDisconnecting(undefined)}
          onConfirm={async () => {
            await api.post('/api/admin/devices/{id}/disconnect', { path, body: { conn_id: disconnecting } });
            toast(t.devices.disconnected(disconnecting));
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={t.devices.deleteTitle(nameOf(device))}
          body={t.devices.deleteBody}
          confirmLabel={t.common.delete}
          onClose={() => setDeleting(false)}
          onConfirm={async () => {
            await api.delete('/api/admin/devices/{id}', { path });
            toast(t.devices.deleted(nameOf(device)));
            onChanged();
            onClose();
          }}
        />
      )}
    </Dialog>
  );
}
