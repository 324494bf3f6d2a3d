import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** A cell: text, a number, or nothing (an empty cell). */
export type CsvValue = string | number | null | undefined;

/**
 * Text a spreadsheet would read as a formula (or, for tab and carriage return, as the start of
 * one once trimmed): `=`, `+`, `-`, `@`, tab, carriage return (OWASP "CSV Injection").
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Fields holding these are quoted (RFC 4180 §2 rules 6 and 7). */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One cell of RFC 4180 CSV. Text that a spreadsheet would run as a formula gets a leading `'`
 * and is quoted, as OWASP recommends, so that `=HYPERLINK(…)` from a device's report reads as
 * text. Numbers are written as they are (a negative number is not a formula).
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) || text !== value ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, ended with CRLF (RFC 4180 §2 rule 1). */
export function csvLine(cells: readonly CsvValue[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/** A time in milliseconds as ISO 8601 in UTC, or an empty cell for 0 (not yet, never). */
export function csvTime(ms: number): string {
  return ms > 0 ? new Date(ms).toISOString() : '';
}

/**
 * Marks the text as UTF-8 for spreadsheets: without it, Excel reads a CSV in the system's legacy
 * code page and garbles every non-ASCII device or user name. Parsers that know UTF-8 skip it.
 */
const UTF8_BOM = '\uFEFF';

/**
 * Sends a CSV download: the byte order mark and the header row, then each chunk of rows as it is
 * read, so that a log of any length streams through in chunks and is never held whole. The first
 * chunk is read before the answer starts, so that a failure there is still an ordinary JSON error.
 */
export async function sendCsv<T>(
  reply: FastifyReply,
  download: { filename: string; header: readonly string[]; chunks: AsyncIterator<T[]>; cells(row: T): CsvValue[] },
): Promise<FastifyReply> {
  const { header, chunks, cells } = download;
  const first = await chunks.next();
  async function* lines(): AsyncGenerator<string> {
    yield UTF8_BOM + csvLine(header);
    let next = first;
    while (!next.done) {
      yield next.value.map((row) => csvLine(cells(row))).join('');
      next = await chunks.next();
    }
  }
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${download.filename.replace(/[^\w.-]/g, '_')}"`)
    .header('cache-control', 'no-store')
    .send(Readable.from(lines()));
}
