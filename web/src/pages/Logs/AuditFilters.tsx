import { useState } from 'react';
import { Button } from '../../components/Button';
import { TextField } from '../../components/Field';
import { t } from '../../i18n';

export interface AuditFilter {
  action: string;
  actor: string;
  target: string;
  /** yyyy-mm-dd from the date inputs, in the reader's time zone. */
  from: string;
  to: string;
}

export const noFilter: AuditFilter = { action: '', actor: '', target: '', from: '', to: '' };

const KNOWN_ACTIONS = [
  'user.create',
  'user.update',
  'user.delete',
  'user.password_reset',
  'user.sign_out',
  'group.create',
  'group.update',
  'group.delete',
  'group.members',
  'token.create',
  'token.revoke',
  'provider.create',
  'provider.update',
  'provider.delete',
  'provider.reorder',
  'settings.update',
  'identity.link',
  'identity.unlink',
  'identity.revalidation_failed',
  'sso.groups_overage',
  'sso.groups_unavailable',
  'sso.admin_kept',
  'sso.backchannel_logout',
  'device.update',
  'device.delete',
  'device.assign',
  'device.disconnect',
  'device.refresh_sysinfo',
  'device.owner_from_sign_in',
  'device.presets_applied',
  'device.presets_ignored',
  'device_group.create',
  'device_group.update',
  'device_group.delete',
  'device_group.devices',
  'device_group.access',
  'group.access',
  'strategy.create',
  'strategy.update',
  'strategy.delete',
  'strategy.assign',
  'strategy.unassign',
  'address_book.create',
  'address_book.update',
  'address_book.delete',
  'address_book.rule_add',
  'address_book.rule_update',
  'address_book.rule_delete',
  'address_book.peer_add',
  'address_book.peer_update',
  'address_book.peers_delete',
  'address_book.restore',
  'address_book.tag_add',
  'address_book.tag_rename',
  'address_book.tag_update',
  'address_book.tags_delete',
  'account.profile_update',
  'account.password_change',
  'account.session_end',
  'account.device_sign_out',
  'logs.pruned',
];

/** A yyyy-mm-dd day in the reader's time zone as milliseconds: its start, or with `end` its last millisecond. */
export function dayBoundary(value: string, end: boolean): number | undefined {
  const [y, m, d] = value.split('-').map(Number);
  return y && m && d ? new Date(y, m - 1, d + (end ? 1 : 0)).getTime() - (end ? 1 : 0) : undefined;
}

/** The query the API takes: times in milliseconds, `to` through the end of that day. */
export function queryOf(filter: AuditFilter) {
  const from = filter.from ? dayBoundary(filter.from, false) : undefined;
  const to = filter.to ? dayBoundary(filter.to, true) : undefined;
  return {
    ...(filter.action.trim() ? { action: filter.action.trim() } : {}),
    ...(filter.actor.trim() ? { actor: filter.actor.trim() } : {}),
    ...(filter.target.trim() ? { target: filter.target.trim() } : {}),
    ...(from !== undefined ? { from } : {}),
    ...(to !== undefined ? { to } : {}),
  };
}

export function AuditFilters({ onApply }: { onApply(filter: AuditFilter): void }) {
  const [draft, setDraft] = useState<AuditFilter>(noFilter);
  const set = (field: keyof AuditFilter, value: string) => setDraft((d) => ({ ...d, [field]: value }));
  return (
    <form
      className="filters"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        onApply(draft);
      }}
    >
      <TextField label={t.logs.filterAction} name="action" list="audit-actions" value={draft.action} onChange={(e) => set('action', e.target.value)} />
      <datalist id="audit-actions">
        {KNOWN_ACTIONS.map((action) => (
          <option key={action} value={action} />
        ))}
      </datalist>
      <TextField label={t.logs.filterActor} name="actor" value={draft.actor} onChange={(e) => set('actor', e.target.value)} />
      <TextField label={t.logs.filterTarget} name="target" value={draft.target} onChange={(e) => set('target', e.target.value)} />
      <TextField label={t.logs.from} name="from" type="date" value={draft.from} onChange={(e) => set('from', e.target.value)} />
      <TextField label={t.logs.to} name="to" type="date" value={draft.to} onChange={(e) => set('to', e.target.value)} />
      <div className="filters-actions">
        <Button type="submit" variant="primary">
          {t.logs.apply}
        </Button>
        <Button
          onClick={() => {
            setDraft(noFilter);
            onApply(noFilter);
          }}
        >
          {t.logs.clear}
        </Button>
      </div>
    </form>
  );
}
