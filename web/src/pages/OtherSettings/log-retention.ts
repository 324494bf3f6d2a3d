import { t } from '../../i18n';

/** The longest period the server accepts (src/services/settings.ts `MAX_LOG_RETENTION_DAYS`). */
export const MAX_LOG_RETENTION_DAYS = 3650;

/** Why the typed retention period cannot be saved, or undefined when it can. */
export function retentionProblem(text: string): string | undefined {
  const value = text.trim();
  if (value === '') return t.others.retentionEmpty;
  if (/^-\s*\d/.test(value)) return t.others.retentionNegative;
  if (/^\d+[.,]\d+$/.test(value)) return t.others.retentionFraction;
  if (!/^\d+$/.test(value)) return t.others.retentionNotNumber;
  if (value.length > 5 || Number(value) > MAX_LOG_RETENTION_DAYS) return t.others.retentionTooLarge(MAX_LOG_RETENTION_DAYS);
  return undefined;
}
