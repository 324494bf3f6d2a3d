import { useState } from 'react';
import type { Group } from '../../api/types';
import { Button } from '../../components/Button';
import { SelectField, TextField } from '../../components/Field';
import { t } from '../../i18n';

export interface Filters {
  search: string;
  status: string;
  role: string;
  group: string;
}

/** The search applies on submit (Enter); the selects apply at once. */
export function UserFilters({ value, groups, onChange }: { value: Filters; groups: Group[]; onChange(next: Filters): void }) {
  const [search, setSearch] = useState(value.search);
  return (
    <form
      className="filters"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        onChange({ ...value, search });
      }}
    >
      <TextField label={t.common.search} type="search" name="search" placeholder={t.users.searchPlaceholder} value={search} onChange={(e) => setSearch(e.target.value)} />
      <SelectField
        label={t.users.filterStatus}
        name="status"
        value={value.status}
        onChange={(e) => onChange({ ...value, search, status: e.target.value })}
        options={[{ value: '', label: t.users.anyStatus }, ...['1', '0', '-1'].map((s) => ({ value: s, label: t.users.statuses[s] ?? s }))]}
      />
      <SelectField
        label={t.users.filterRole}
        name="role"
        value={value.role}
        onChange={(e) => onChange({ ...value, search, role: e.target.value })}
        options={[
          { value: '', label: t.users.anyRole },
          { value: 'admin', label: t.account.admin },
          { value: 'member', label: t.account.member },
        ]}
      />
      <SelectField
        label={t.users.filterGroup}
        name="group"
        value={value.group}
        onChange={(e) => onChange({ ...value, search, group: e.target.value })}
        options={[{ value: '', label: t.users.anyGroup }, ...groups.map((g) => ({ value: g.id, label: g.name }))]}
      />
      <Button type="submit">{t.common.search}</Button>
    </form>
  );
}
