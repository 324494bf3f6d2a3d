import { useState } from 'react';
import { CheckField, TextField } from '../../components/Field';
import { Pagination } from '../../components/Pagination';
import { LoadError, Loading } from '../../components/StateViews';
import { useResource } from '../../hooks/use-resource';
import { t } from '../../i18n';

const PAGE_SIZE = 10;

export interface PickerPage {
  total: number;
  items: { id: string; label: string }[];
}

/**
 * One kind of target (devices, users or device groups) as a paged list of checkboxes, searched
 * where the API can. What is ticked is kept by the parent, across pages and searches.
 */
export function TargetPicker({
  legend,
  search,
  load,
  ticked,
  onTick,
}: {
  legend: string;
  /** Offered where the list can be searched. */
  search?: { label: string; hint: string };
  load(query: { current: number; pageSize: number; search: string }): Promise<PickerPage>;
  ticked: string[];
  onTick(id: string, on: boolean): void;
}) {
  const [current, setCurrent] = useState(1);
  const [typed, setTyped] = useState('');
  const query = { current, pageSize: PAGE_SIZE, search: typed.trim() };
  const page = useResource(() => load(query), JSON.stringify(query));
  const chosen = new Set(ticked);

  return (
    <fieldset className="scopes">
      <legend>{legend}</legend>
      <p className="muted">{t.strategies.ticked(ticked.length)}</p>
      {search && (
        <TextField
          label={search.label}
          hint={search.hint}
          type="search"
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
            setCurrent(1);
          }}
          // Enter here searches (as it does anyway); it must not save the dialog.
          onKeyDown={(e) => e.key === 'Enter' && e.preventDefault()}
        />
      )}
      {page.error !== undefined && <LoadError error={page.error} retry={page.reload} />}
      {!page.data && page.loading && <Loading />}
      {page.data && page.data.items.length === 0 && <p className="empty">{query.search ? t.strategies.noneFound : t.strategies.noneYet}</p>}
      {page.data?.items.map((item) => (
        <CheckField key={item.id} label={item.label} checked={chosen.has(item.id)} onChange={(e) => onTick(item.id, e.target.checked)} />
      ))}
      {page.data && page.data.total > PAGE_SIZE && <Pagination current={current} pageSize={PAGE_SIZE} total={page.data.total} onChange={setCurrent} />}
    </fieldset>
  );
}
