import { en, type Messages } from './en';

/**
 * The messages in use. Only English exists today; a language switch would pick another
 * `Messages` object here (and `locale` below) before the first render.
 */
export const t: Messages = en;
export const locale = 'en';

const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });

/** A time in milliseconds since the epoch, in the reader's time zone; '' for none. */
export function formatDateTime(ms: number | null | undefined): string {
  return ms === null || ms === undefined || ms === 0 ? '' : dateTime.format(new Date(ms));
}

export type { Messages };
