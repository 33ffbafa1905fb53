/** Which pass a catalogue run makes, and which days an incremental one reads. */
import type { Kysely } from 'kysely';
import { localDate } from '../time/index.js';
import type { Config } from '../config/index.js';
import type { Database } from '../db/index.js';
import { lastCompleteFullPass, lastPass } from './catalog-store.js';

export type SyncMode = 'full' | 'incremental' | 'auto';

/** Without a complete full pass for this long, the nightly sync does one. */
const FULL_PASS_MAX_AGE_DAYS = 8;

export async function decideMode(
  db: Kysely<Database>,
  requested: SyncMode,
  now: Date,
  config: Readonly<Config>,
): Promise<'full' | 'incremental'> {
  if (requested !== 'auto') return requested;
  const full = await lastCompleteFullPass(db);
  if (!full) return 'full';
  const ageDays = (now.getTime() - full.observed_at.getTime()) / 86_400_000;
  if (ageDays >= FULL_PASS_MAX_AGE_DAYS) return 'full';
  const weekday = new Date(`${localDate(now, config.timeZone)}T00:00:00Z`).getUTCDay();
  if (weekday === config.catalog.fullSyncWeekday && ageDays >= 0.5) return 'full';
  return 'incremental';
}

/** The report dates an incremental run reads: from the last pass's date minus the overlap to today. */
export async function incrementalDates(
  db: Kysely<Database>,
  now: Date,
  config: Readonly<Config>,
): Promise<string[]> {
  const last = await lastPass(db);
  const since = last ? last.observed_at : now;
  const start = new Date(`${localDate(since, config.timeZone)}T00:00:00Z`);
  start.setUTCDate(start.getUTCDate() - config.catalog.changedOverlapDays);
  return datesBetween(start.toISOString().slice(0, 10), localDate(now, config.timeZone));
}

/** Calendar dates from..to inclusive (YYYY-MM-DD), at most 31. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  const d = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  while (d <= end && out.length < 31) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}
