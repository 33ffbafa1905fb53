/**
 * What makes a cron expression usable as the schedule, checked when the configuration is loaded
 * (the schedule module fires and decides with node-cron; this only refuses what it would misread).
 */
import { validateDetailed } from 'node-cron';

const restricts = (field: string): boolean => field !== '*' && field !== '?';

/**
 * Why `expression` cannot be the schedule, or null. Five fields only (no seconds, no nicknames),
 * and not both day fields: Vixie cron fires when either matches, node-cron only when both do.
 */
export function cronProblem(expression: string): string | null {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5)
    return `"${expression}": expected 5 fields (minute hour day-of-month month day-of-week), got ${fields.length}`;
  const checked = validateDetailed(expression.trim());
  if (!checked.valid)
    return `"${expression}": ${checked.errors.map((e) => (e.value ? `${e.field} "${e.value}": ${e.message}` : e.message)).join('; ')}`;
  if (restricts(fields[2]!) && restricts(fields[4]!))
    return (
      `"${expression}" restricts both day-of-month and day-of-week, which cron implementations read differently ` +
      '(either or both must match); restrict only one of them, e.g. "30 2 1 * *" or "30 2 * * 1"'
    );
  return null;
}
