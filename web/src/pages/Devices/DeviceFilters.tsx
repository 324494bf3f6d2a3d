import { useState } from 'react';
import { Button } from '../../components/Button';
import { SelectField, TextField } from '../../components/Field';
import { t } from '../../i18n';

export interface Filters {
  search: string;
  online: string;
  group: string;
  owner: string;
}

type Choice = { id: string; name: string };

/** The search applies on submit (Enter); the selects apply at once. */
export function DeviceFilters({ value, groups, owners, onChange }: { value: Filters; groups: Choice[]; owners: Choice[]; onChange(next: Filters): void }) {
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
      <TextField label={t.common.search} type="search" name="search" placeholder={t.devices.searchPlaceholder} value={search} onChange={(e) => setSearch(e.target.value)} />
      <SelectField
        label={t.devices.filterOnline}
        name="online"
        value={value.online}
        onChange={(e) => onChange({ ...value, search, online: e.target.value })}
        options={[
          { value: '', label: t.devices.anyOnline },
          { value: 'true', label: t.devices.onlineOnly },
          { value: 'false', label: t.devices.offlineOnly },
        ]}
      />
      <SelectField
        label={t.devices.filterGroup}
        name="group"
        value={value.group}
        onChange={(e) => onChange({ ...value, search, group: e.target.value })}
        options={[{ value: '', label: t.devices.anyGroup }, ...groups.map((g) => ({ value: g.id, label: g.name }))]}
      />
      <SelectField
        label={t.devices.filterOwner}
        name="owner"
        value={value.owner}
        onChange={(e) => onChange({ ...value, search, owner: e.target.value })}
        options={[{ value: '', label: t.devices.anyOwner }, ...owners.map((u) => ({ value: u.id, label: u.name }))]}
      />
      <Button type="submit">{t.common.search}</Button>
    </form>
  );
}
