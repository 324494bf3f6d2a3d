import { useState } from 'react';
import { Button } from '../../components/Button';
import { SelectField, TextField } from '../../components/Field';
import { t } from '../../i18n';
import { dayBoundary } from './AuditFilters';

const words = t.deviceLogs;

/** Which log the filters are for: each offers what its API filters by. */
export type DeviceLogKind = 'connections' | 'files' | 'alarms';

export interface DeviceLogFilter {
  device_id: string;
  peer: string;
  state: string;
  type: string;
  source: string;
  /** yyyy-mm-dd from the date inputs, in the reader's time zone. */
  from: string;
  to: string;
}

export const noDeviceLogFilter: DeviceLogFilter = { device_id: '', peer: '', state: '', type: '', source: '', from: '', to: '' };

/** The query the API takes (for a page and for its CSV export alike): only what is set, times in milliseconds. */
export function deviceLogQuery(kind: DeviceLogKind, filter: DeviceLogFilter): Record<string, string | number> {
  const query: Record<string, string | number> = {};
  const text = (key: 'device_id' | 'peer', value: string) => {
    if (value.trim()) query[key] = value.trim();
  };
  text('device_id', filter.device_id);
  if (kind !== 'alarms') text('peer', filter.peer);
  if (kind === 'connections' && filter.state) query.state = filter.state;
  if (kind === 'alarms' && filter.source) query.source = filter.source;
  if (filter.type !== '') query.type = Number(filter.type);
  const from = filter.from ? dayBoundary(filter.from, false) : undefined;
  // The API's `to` is exclusive: the start of the next day.
  const last = filter.to ? dayBoundary(filter.to, true) : undefined;
  const to = last === undefined ? undefined : last + 1;
  if (from !== undefined) query.from = from;
  if (to !== undefined) query.to = to;
  return query;
}

const choices = (any: string, names: Record<number, string>) => [
  { value: '', label: any },
  ...Object.entries(names).map(([value, label]) => ({ value, label })),
];

/** The filters of Logs → Connections, File transfers or Alarms; they apply with "Filter". */
export function DeviceLogFilters({ kind, onApply }: { kind: DeviceLogKind; onApply(filter: DeviceLogFilter): void }) {
  const [draft, setDraft] = useState<DeviceLogFilter>(noDeviceLogFilter);
  const set = (field: keyof DeviceLogFilter, value: string) => setDraft((d) => ({ ...d, [field]: value }));
  return (
    <form
      className="filters"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        onApply(draft);
      }}
    >
      {kind === 'alarms' && (
        <SelectField
          label={words.filterSource}
          name="source"
          value={draft.source}
          onChange={(e) => set('source', e.target.value)}
          options={[
            { value: '', label: words.anySource },
            { value: 'device', label: words.sourceDevice },
            { value: 'sign_in', label: words.sourceSignIn },
          ]}
        />
      )}
      <TextField label={words.filterDevice} name="device_id" maxLength={100} value={draft.device_id} onChange={(e) => set('device_id', e.target.value)} />
      {kind !== 'alarms' && <TextField label={words.filterPeer} name="peer" placeholder={words.peerPlaceholder} maxLength={256} value={draft.peer} onChange={(e) => set('peer', e.target.value)} />}
      {kind === 'connections' && (
        <>
          <SelectField
            label={words.filterState}
            name="state"
            value={draft.state}
            onChange={(e) => set('state', e.target.value)}
            options={[
              { value: '', label: words.anyState },
              { value: 'open', label: words.stateOpen },
              { value: 'closed', label: words.stateClosed },
            ]}
          />
          <SelectField label={words.filterType} name="type" value={draft.type} onChange={(e) => set('type', e.target.value)} options={choices(words.anyType, words.connTypes)} />
        </>
      )}
      {kind === 'files' && (
        <SelectField
          label={words.filterDirection}
          name="type"
          value={draft.type}
          onChange={(e) => set('type', e.target.value)}
          options={choices(words.anyDirection, { 0: words.sent, 1: words.received })}
        />
      )}
      {kind === 'alarms' && (
        <SelectField label={words.filterAlarmType} name="type" value={draft.type} onChange={(e) => set('type', e.target.value)} options={choices(words.anyAlarm, words.alarmTypes)} />
      )}
      <TextField label={t.logs.from} name="from" type="date" value={draft.from} onChange={(e) => set('from', e.target.value)} />
      <TextField label={t.logs.to} name="to" type="date" value={draft.to} onChange={(e) => set('to', e.target.value)} />
      <div className="filters-actions">
        <Button type="submit" variant="primary">
          {t.logs.apply}
        </Button>
        <Button
          onClick={() => {
            setDraft(noDeviceLogFilter);
            onApply(noDeviceLogFilter);
          }}
        >
          {t.logs.clear}
        </Button>
      </div>
    </form>
  );
}
