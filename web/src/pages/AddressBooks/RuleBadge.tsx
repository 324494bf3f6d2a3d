import { t } from '../../i18n';

/** How far someone may use a book, as a badge: full control stands out, read-only is muted. */
export function RuleBadge({ rule }: { rule: number }) {
  const kind = rule >= 3 ? ' badge-accent' : rule === 2 ? ' badge-ok' : '';
  return <span className={`badge${kind}`}>{t.addressBooks.rules[rule] ?? String(rule)}</span>;
}
