import { t } from '../i18n';
import { Button } from './Button';

export function Pagination({ current, pageSize, total, onChange }: { current: number; pageSize: number; total: number; onChange(page: number): void }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return (
    <nav className="pagination" aria-label={t.common.pageOf(current, pages)}>
      <span className="pagination-total">{t.common.totalItems(total)}</span>
      <Button small disabled={current <= 1} onClick={() => onChange(current - 1)}>
        {t.common.previous}
      </Button>
      <span aria-current="page">{t.common.pageOf(current, pages)}</span>
      <Button small disabled={current >= pages} onClick={() => onChange(current + 1)}>
        {t.common.next}
      </Button>
    </nav>
  );
}
