/**
 * Spreadsheet formula injection (CSV, XLSX, ODS): a text cell from untrusted input that starts with
 * `=`, `+`, `-`, `@`, a tab or a carriage return could be evaluated by Excel/LibreOffice. Such text is
 * prefixed with `'` so it stays text. Numbers odsync computes are written as real numbers instead.
 */

const TRIGGER = /^[=+\-@\t\r]/;

/** True when a spreadsheet could read `text` as a formula. */
export function isFormulaLike(text: string): boolean {
  return TRIGGER.test(text);
}

/** `text` made inert for a spreadsheet cell (unchanged when it is harmless). */
export function neutralizeFormula(text: string): string {
  return isFormulaLike(text) ? `'${text}` : text;
}
