/**
 * A small, pure 5-field cron evaluator (minute hour day-of-month month day-of-week) in an IANA
 * time zone. node-cron fires the jobs; this module answers "when was the schedule last due?"
 * and "when is it due next?" so missed-run detection and health checks are testable without timers.
 */

export interface CronSpec {
  source: string;
  minutes: ReadonlySet<number>;
  hours: ReadonlySet<number>;
  daysOfMonth: ReadonlySet<number>;
  months: ReadonlySet<number>;
  /** 0 = Sunday … 6 = Saturday (7 is accepted as Sunday). */
  daysOfWeek: ReadonlySet<number>;
  /** Standard (Vixie) cron: when both day fields are restricted, either may match. */
  domRestricted: boolean;
  dowRestricted: boolean;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

interface FieldDef {
  name: string;
  min: number;
  max: number;
  names?: string[];
  namesOffset?: number;
}

const FIELDS: FieldDef[] = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: MONTH_NAMES, namesOffset: 1 },
  { name: 'day of week', min: 0, max: 7, names: DAY_NAMES, namesOffset: 0 },
];

/** Thrown for an expression that is not a valid 5-field cron expression. */
export class CronSyntaxError extends Error {}

/** Parse `m h dom mon dow` (lists, ranges, steps, `*`, month/day names). */
export function parseCron(expression: string): CronSpec {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) {
    throw new CronSyntaxError(
      `"${expression}": expected 5 fields (minute hour day-of-month month day-of-week), got ${parts.length}`,
    );
  }
  const sets = parts.map((p, i) => parseField(p, FIELDS[i]!, expression));
  const dow = new Set([...sets[4]!].map((d) => (d === 7 ? 0 : d)));
  return {
    source: expression.trim(),
    minutes: sets[0]!,
    hours: sets[1]!,
    daysOfMonth: sets[2]!,
    months: sets[3]!,
    daysOfWeek: dow,
    domRestricted: parts[2] !== '*' && parts[2] !== '?',
    dowRestricted: parts[4] !== '*' && parts[4] !== '?',
  };
}

function parseField(text: string, def: FieldDef, expression: string): Set<number> {
  const out = new Set<number>();
  const fail = (why: string) => new CronSyntaxError(`"${expression}": ${def.name} field "${text}": ${why}`);
  const value = (s: string): number => {
    const lower = s.toLowerCase();
    const named = def.names?.indexOf(lower) ?? -1;
    if (named >= 0) return named + (def.namesOffset ?? 0);
    if (!/^\d+$/.test(s)) throw fail(`"${s}" is not a number`);
    const n = Number(s);
    if (n < def.min || n > def.max) throw fail(`${n} is outside ${def.min}-${def.max}`);
    return n;
  };
  for (const item of text.split(',')) {
    const [range, stepText] = item.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw fail(`bad step "${stepText}"`);
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      lo = def.min;
      hi = def.name === 'day of week' ? 6 : def.max;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-') as [string, string];
      lo = value(a);
      hi = value(b);
      if (lo > hi) throw fail(`range ${lo}-${hi} is reversed`);
    } else {
      lo = value(range);
      hi = stepText === undefined ? lo : def.max;
    }
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

/** Is `expression` a valid 5-field cron expression? */
export function isValidCron(expression: string): boolean {
  try {
    parseCron(expression);
    return true;
  } catch {
    return false;
  }
}

interface LocalParts {
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

function localParts(at: Date, timeZone: string): LocalParts {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const { type, value } of f.formatToParts(at)) p[type] = value;
  return {
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour),
    minute: Number(p.minute),
    weekday: WEEKDAYS[p.weekday ?? ''] ?? 0,
  };
}

function dayMatches(spec: CronSpec, p: LocalParts): boolean {
  if (!spec.months.has(p.month)) return false;
  const dom = spec.daysOfMonth.has(p.day);
  const dow = spec.daysOfWeek.has(p.weekday);
  if (spec.domRestricted && spec.dowRestricted) return dom || dow;
  return dom && dow;
}

const MINUTE = 60_000;
// Enough steps to cross more than four years (Feb 29 schedules) without an infinite loop.
const MAX_STEPS = 200_000;

/** The first instant strictly after `after` at which the schedule is due. */
export function nextOccurrence(spec: CronSpec, after: Date, timeZone: string): Date {
  let t = Math.floor(after.getTime() / MINUTE) * MINUTE + MINUTE;
  for (let i = 0; i < MAX_STEPS; i++) {
    const p = localParts(new Date(t), timeZone);
    if (!dayMatches(spec, p)) t += ((23 - p.hour) * 60 + (60 - p.minute)) * MINUTE;
    else if (!spec.hours.has(p.hour)) t += (60 - p.minute) * MINUTE;
    else if (!spec.minutes.has(p.minute)) t += MINUTE;
    else return new Date(t);
  }
  throw new CronSyntaxError(`"${spec.source}" never matches`);
}

/** The last instant at or before `atOrBefore` at which the schedule was due. */
export function previousOccurrence(spec: CronSpec, atOrBefore: Date, timeZone: string): Date {
  let t = Math.floor(atOrBefore.getTime() / MINUTE) * MINUTE;
  for (let i = 0; i < MAX_STEPS; i++) {
    const p = localParts(new Date(t), timeZone);
    if (!dayMatches(spec, p)) t -= (p.hour * 60 + p.minute + 1) * MINUTE;
    else if (!spec.hours.has(p.hour)) t -= (p.minute + 1) * MINUTE;
    else if (!spec.minutes.has(p.minute)) t -= MINUTE;
    else return new Date(t);
  }
  throw new CronSyntaxError(`"${spec.source}" never matches`);
}
