/**
 * How list commands print: an aligned table for people, JSON for scripts. Names, e-mails and
 * notes come from the console and from identity providers, so terminal control characters in
 * them are neutralised: a display name must not be able to move the cursor or rewrite a line.
 */

// C0 controls, DEL and C1 controls (U+009B is a one-character CSI on many terminals).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Printable text for a table cell: control characters become `?`. */
export function cell(value: unknown): string {
  return String(value ?? '').replace(CONTROL, '?');
}

/** Columns padded to their widest cell; the last column is not padded. */
export function table(header: string[], rows: unknown[][]): string {
  const lines = [header, ...rows.map((row) => row.map(cell))];
  const widths = header.map((_, i) => Math.max(...lines.map((line) => (line[i] ?? '').length)));
  return lines
    .map((line) =>
      line
        .map((text, i) => (i === line.length - 1 ? text : (text ?? '').padEnd(widths[i] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * JSON.stringify leaves DEL and C1 controls raw; escaping them keeps the output valid JSON
 * and harmless when it lands on a terminal.
 */
export function json(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** `2026-01-15 09:00Z`: minutes are enough to tell tokens and users apart. */
export function time(ms: number | null | undefined, none = '-'): string {
  if (ms === null || ms === undefined) return none;
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')}Z`;
}
