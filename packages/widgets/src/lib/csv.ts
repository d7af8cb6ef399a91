/**
 * CSV export of a widget's table. Two things make a CSV safe to open in a spreadsheet:
 * a UTF-8 byte-order mark, without which Excel reads UTF-8 as the system code page and
 * garbles Chinese; and neutralised formulas: event data is untrusted, and a cell such
 * as `=HYPERLINK(…)` from a page title would run as a formula ("CSV injection", OWASP).
 */

/** One cell: text, a number, or nothing. */
export type CsvCell = string | number | null | undefined;

/** The byte-order mark Excel needs to detect UTF-8. */
export const BOM = '\uFEFF';

/**
 * Quotes one cell: a text starting with `=`, `+`, `-`, `@` (or a tab or carriage
 * return, which some spreadsheets skip before looking) gets a leading `'`, so it is
 * shown as text; cells with a comma, quote or line break are quoted. Numbers are
 * written as they are, negative ones included: they are not text a formula can hide in.
 */
export function csvCell(cell: CsvCell): string {
  if (cell == null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  let text = cell;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Writes rows as CSV text (RFC 4180, CRLF line ends), starting with the {@link BOM}. */
export function toCsv(rows: readonly (readonly CsvCell[])[]): string {
  return BOM + rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/**
 * Offers a Blob as a download named `filename`, through a temporary `<a download>`:
 * the only way that works in every browser without a dependency.
 */
export function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.click();
  // The click starts the download synchronously; the URL can go on the next task.
  setTimeout(() => URL.revokeObjectURL(url));
}
