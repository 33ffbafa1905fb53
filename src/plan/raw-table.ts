/**
 * What every plan reader produces: rows of cell texts with their position in the source file.
 * Readers never interpret values; a cell holding a spreadsheet formula is its formula text `=…`
 * and is flagged, so the formula is stored as text and never evaluated.
 */

export type PlanFormat = 'tsv' | 'csv' | 'xlsx' | 'ods' | 'minutes';
export const PLAN_FORMATS: readonly PlanFormat[] = ['tsv', 'csv', 'xlsx', 'ods', 'minutes'];

export interface RawCell {
  text: string;
  /** The cell held a formula; `text` is the formula (`=…`), never its computed result. */
  formula?: boolean;
  /** ODS date cells: the stored `office:date-value` (the text is only its display). */
  dateValue?: string;
}

export interface RawRow {
  /** 1-based row (line for text formats, sheet row for spreadsheets) in the source file. */
  row: number;
  cells: RawCell[];
}

export interface RawTable {
  format: PlanFormat;
  /** Sheet name for spreadsheets; undefined for text formats. */
  sheet?: string;
  /** Every row in source order, the header row(s) included. */
  rows: RawRow[];
  /** Character encoding the text was decoded from (text formats only). */
  encoding?: string;
  /** Meeting minutes: the meeting's date (YYYY-MM-DD), the default effective date of the version. */
  meetingDate?: string;
}

export const cell = (text: string, formula = false): RawCell => (formula ? { text, formula } : { text });
