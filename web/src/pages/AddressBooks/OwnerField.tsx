import { api } from '../../api/client';
import { SelectField } from '../../components/Field';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';

/** An administrator's choice of a book's owner, from the users (the current owner always offered). */
export function OwnerField({ value, current, onChange }: { value: string; current?: { id: string; name: string }; onChange(id: string): void }) {
  const users = useResource(() => api.get('/api/admin/users', { query: { pageSize: 1000 } }), 'users');
  const choices = (users.data?.data ?? []).map((u) => ({ value: u.id, label: u.name }));
  if (current && !choices.some((c) => c.value === current.id)) choices.unshift({ value: current.id, label: current.name });
  return <SelectField label={t.addressBooks.owner} name="owner" value={value} onChange={(e) => onChange(e.target.value)} options={choices} />;
}
