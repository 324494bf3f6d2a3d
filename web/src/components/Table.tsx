import type { ReactNode } from 'react';
import { t } from '../i18n';

export interface Column<T> {
  header: string;
  cell(row: T): ReactNode;
  /** Right-aligned, e.g. row actions. */
  end?: boolean;
}

/**
 * A table that becomes a list of labelled cards on narrow screens (the label comes from
 * `data-label`, shown by CSS), so nothing scrolls sideways at 375 px.
 */
export function Table<T>({ columns, rows, rowKey, caption, empty }: { columns: Column<T>[]; rows: T[]; rowKey(row: T): string; caption: string; empty?: string }) {
  if (rows.length === 0) return <p className="empty">{empty ?? t.common.empty}</p>;
  return (
    <table className="table">
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          {columns.map((column) => (
            <th key={column.header} scope="col" className={column.end ? 'cell-end' : undefined}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={rowKey(row)}>
            {columns.map((column) => (
              <td key={column.header} data-label={column.header} className={column.end ? 'cell-end' : undefined}>
                {column.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
