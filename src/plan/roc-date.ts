/**
 * Planned-date parsing for the release plan. The advisory group writes dates in the ROC (Minguo)
 * calendar in many shapes (`104年8月`, `105/1`, `105`, `105年第1季`, `105.8`, full-width digits …)
 * and sometimes in the Gregorian calendar (`2016-01`, `2016/01/15`). The due date is the last day of
 * the stated period; the raw text is always kept beside it. Pure: no I/O, no clock.
 */

export type DatePrecision = 'day' | 'month' | 'quarter' | 'half' | 'year';

export interface PlannedDate {
  /** The text exactly as written in the plan. */
  raw: string;
  /** Last day of the stated period, `YYYY-MM-DD` (Gregorian). */
  dueDate: string;
  precision: DatePrecision;
}

export type RocDateFailureReason = 'empty' | 'unrecognised' | 'out-of-range';

export interface RocDateFailure {
  raw: string;
  reason: RocDateFailureReason;
  /** Traditional Chinese explanation for the IT office. */
  message: string;
}

export type RocDateResult = { ok: true; value: PlannedDate } | { ok: false; error: RocDateFailure };

/** ROC year 1 = 1912. */
export const ROC_EPOCH_OFFSET = 1911;

const CHINESE_DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4 };

// Years with four digits are Gregorian, one to three digits are ROC years.
const Y = String.raw`(\d{1,4})`;
const SEP = String.raw`\s*[/.\-]\s*`;
// `105年6月底前` (by the end of June 105): the deadline is the same.
const BEFORE = String.raw`(?:\s*(?:以)?前)?`;

interface Pattern {
  re: RegExp;
  precision: DatePrecision;
  /** Groups → [year, monthOrPeriod, day]. */
  pick: (m: RegExpExecArray) => { year: string; month?: string; day?: string; period?: number };
}

const PATTERNS: Pattern[] = [
  // 105年1月1日, 2016年1月15日
  {
    re: new RegExp(String.raw`^${Y}\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日${BEFORE}$`),
    precision: 'day',
    pick: (m) => ({ year: m[1]!, month: m[2]!, day: m[3]! }),
  },
  // 104年8月, 104年8月底
  {
    re: new RegExp(String.raw`^${Y}\s*年\s*(\d{1,2})\s*月(?:底|份)?${BEFORE}$`),
    precision: 'month',
    pick: (m) => ({ year: m[1]!, month: m[2]! }),
  },
  // 105年第1季, 105年第一季, 105Q1, 105年Q1
  {
    re: new RegExp(
      String.raw`^${Y}\s*年?\s*(?:第\s*([1-4一二三四])\s*季(?:底|末)?|[Qq]\s*([1-4]))${BEFORE}$`,
    ),
    precision: 'quarter',
    pick: (m) => ({ year: m[1]!, period: quarterNumber(m[2] ?? m[3]!) }),
  },
  // 105年上半年 / 105年下半年 (also 105上半年)
  {
    re: new RegExp(String.raw`^${Y}\s*年?\s*([上下])\s*半\s*年(?:底|度)?${BEFORE}$`),
    precision: 'half',
    pick: (m) => ({ year: m[1]!, period: m[2] === '上' ? 1 : 2 }),
  },
  // 2016/01/15, 105/1/1, 105.8.15, 2016-01-15
  {
    re: new RegExp(String.raw`^${Y}${SEP}(\d{1,2})${SEP}(\d{1,2})$`),
    precision: 'day',
    pick: (m) => ({ year: m[1]!, month: m[2]!, day: m[3]! }),
  },
  // 105/1, 104/12, 105.8, 2016-01
  {
    re: new RegExp(String.raw`^${Y}${SEP}(\d{1,2})$`),
    precision: 'month',
    pick: (m) => ({ year: m[1]!, month: m[2]! }),
  },
  // 105, 105年, 105年底, 105年度, 2016
  {
    re: new RegExp(String.raw`^${Y}\s*(?:年(?:底|度|末)?)?${BEFORE}$`),
    precision: 'year',
    pick: (m) => ({ year: m[1]! }),
  },
];

function quarterNumber(text: string): number {
  return CHINESE_DIGITS[text] ?? Number(text);
}

/** Full-width digits and punctuation → ASCII; drop a leading 民國 and surrounding whitespace. */
function canonical(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .trim()
    .replace(/^民國\s*/, '');
}

function lastDayOfMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function iso(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function fail(raw: string, reason: RocDateFailureReason, message: string): RocDateResult {
  return { ok: false, error: { raw, reason, message } };
}

/**
 * Parse a planned date. Returns the due date (last day of the stated period) with its precision,
 * or a typed failure; never throws.
 */
export function parseRocDate(raw: string): RocDateResult {
  const text = canonical(raw);
  if (text === '') return fail(raw, 'empty', '預計開放年月為空白');
  for (const pattern of PATTERNS) {
    const m = pattern.re.exec(text);
    if (!m) continue;
    const parts = pattern.pick(m);
    const written = Number(parts.year);
    // Four-digit years are Gregorian (1912 = ROC 1); shorter ones are ROC years.
    const year = parts.year.length === 4 ? written : written + ROC_EPOCH_OFFSET;
    if (parts.year.length === 4 ? written < 1912 || written > 2199 : written < 1 || written > 288) {
      return fail(raw, 'out-of-range', `無法辨識的年份「${parts.year}」`);
    }
    let dueDate: string;
    switch (pattern.precision) {
      case 'year':
        dueDate = iso(year, 12, 31);
        break;
      case 'half': {
        const month = parts.period === 1 ? 6 : 12;
        dueDate = iso(year, month, lastDayOfMonth(year, month));
        break;
      }
      case 'quarter': {
        const month = (parts.period ?? 4) * 3;
        dueDate = iso(year, month, lastDayOfMonth(year, month));
        break;
      }
      case 'month':
      case 'day': {
        const month = Number(parts.month);
        if (month < 1 || month > 12) return fail(raw, 'out-of-range', `月份「${parts.month}」不在 1–12 之間`);
        const last = lastDayOfMonth(year, month);
        if (pattern.precision === 'month') {
          dueDate = iso(year, month, last);
        } else {
          const day = Number(parts.day);
          if (day < 1 || day > last) {
            return fail(raw, 'out-of-range', `日期「${parts.day}」不在 ${year} 年 ${month} 月的範圍內`);
          }
          dueDate = iso(year, month, day);
        }
        break;
      }
    }
    return { ok: true, value: { raw, dueDate, precision: pattern.precision } };
  }
  return fail(raw, 'unrecognised', `無法解析的日期「${raw}」`);
}

/** Format an ISO due date as an ROC date for IT-office text, e.g. `2016-01-31` → `105年1月31日`. */
export function formatRocDate(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return `${y - ROC_EPOCH_OFFSET}年${m}月${d}日`;
}
