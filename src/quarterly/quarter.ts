/**
 * Calendar quarters by their two names: Western `2026Q3` and ROC `115Q3` / `115年第3季` (ROC year =
 * Western year − 1911). Pure: the caller passes today's local date for the default quarter.
 */

export interface Quarter {
  /** Western year. */
  year: number;
  q: 1 | 2 | 3 | 4;
}

const ROC_OFFSET = 1911;

/** Parse `2026Q3`, `115Q3`, `115年第3季` (also `2026-Q3`, lower case q); null when it is none of them. */
export function parseQuarter(text: string): Quarter | null {
  const s = text.trim();
  const m = /^(\d{2,4})\s*(?:-?\s*[Qq]\s*([1-4])|年\s*第\s*([1-4])\s*季)$/.exec(s);
  if (!m) return null;
  const n = Number(m[1]);
  const q = Number(m[2] ?? m[3]) as Quarter['q'];
  // Four digits are Western years; two or three digits are ROC years (民國 1xx).
  const year = m[1]!.length === 4 ? n : n + ROC_OFFSET;
  if (year < 1912 || year > 9999) return null;
  return { year, q };
}

export function quarterName(x: Quarter): string {
  return `${x.year}Q${x.q}`;
}

export function rocQuarterName(x: Quarter): string {
  return `${x.year - ROC_OFFSET}年第${x.q}季`;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function quarterStart(x: Quarter): string {
  return `${x.year}-${pad((x.q - 1) * 3 + 1)}-01`;
}

export function quarterEnd(x: Quarter): string {
  const month = x.q * 3;
  const last = new Date(Date.UTC(x.year, month, 0)).getUTCDate();
  return `${x.year}-${pad(month)}-${pad(last)}`;
}

/** The quarter a `YYYY-MM-DD` day falls in. */
export function quarterOf(day: string): Quarter {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return { year, q: (Math.floor((month - 1) / 3) + 1) as Quarter['q'] };
}

export function previousQuarter(x: Quarter): Quarter {
  return x.q === 1 ? { year: x.year - 1, q: 4 } : { year: x.year, q: (x.q - 1) as Quarter['q'] };
}

export function nextQuarter(x: Quarter): Quarter {
  return x.q === 4 ? { year: x.year + 1, q: 1 } : { year: x.year, q: (x.q + 1) as Quarter['q'] };
}

/** The last quarter that had ended by `today` (the one before today's). */
export function lastCompletedQuarter(today: string): Quarter {
  return previousQuarter(quarterOf(today));
}

export function compareQuarters(a: Quarter, b: Quarter): number {
  return a.year * 4 + a.q - (b.year * 4 + b.q);
}

/** Every quarter from `from` to `to`, both included (empty when from is after to). */
export function quartersBetween(from: Quarter, to: Quarter): Quarter[] {
  const out: Quarter[] = [];
  for (let x = from; compareQuarters(x, to) <= 0; x = nextQuarter(x)) out.push(x);
  return out;
}
