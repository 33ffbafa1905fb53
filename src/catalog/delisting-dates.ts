/**
 * When a dataset was delisted, in valid time: the platform's own date where it gave one (history
 * list, a changed export's 資料集下架 row), else the day odsync first missed it, bounded below by
 * the last day it was seen. Pure: the caller passes what was known by its knowledge cut-off.
 */

/** A listing event as odsync observed it (dates are local calendar days). */
export interface ListingEvent {
  event: 'listed' | 'delisted' | 'relisted';
  /** The day odsync observed it. */
  observed: string;
  /** Delistings: the last day the dataset was seen listed before (null = never seen listed). */
  lastSeen: string | null;
}

/** A delisting whose day is known only between two observations. */
export interface DelistingBound {
  /** Last day seen listed (null = never seen listed). */
  lastSeen: string | null;
  /** First day odsync found it gone. */
  firstMissed: string;
}

export interface DelistingOnDay {
  /** The delisting day, when the dataset was delisted on or before the day; null = listed then. */
  delistedDate: string | null;
  /**
   * Set when the date is only bounded: delisted by then (delistedDate = firstMissed), or listed by
   * the rules but perhaps already gone (lastSeen ≤ day < firstMissed).
   */
  bound: DelistingBound | null;
}

/**
 * The listing state on `day` from the events (oldest first) and the platform's delisting dates.
 * A platform date belongs to the delisting it falls inside (between last seen and first missed).
 */
export function delistingOn(
  events: readonly ListingEvent[],
  platformDates: readonly string[],
  day: string,
): DelistingOnDay {
  let state: DelistingOnDay = { delistedDate: null, bound: null };
  let pending: DelistingBound | null = null;
  for (const e of events) {
    if (e.event === 'listed') continue;
    if (e.event === 'relisted') {
      if (e.observed <= day) {
        state = { delistedDate: null, bound: null };
        pending = null;
      }
      continue;
    }
    const inside = platformDates.filter((p) => p <= e.observed && (e.lastSeen === null || p >= e.lastSeen));
    const platform = inside.length > 0 ? inside.reduce((a, b) => (a > b ? a : b)) : null;
    const bound = platform === null ? { lastSeen: e.lastSeen, firstMissed: e.observed } : null;
    const date = platform ?? e.observed;
    if (date <= day) {
      state = { delistedDate: date, bound };
      pending = null;
    } else if (bound && (bound.lastSeen === null || bound.lastSeen <= day) && pending === null) {
      pending = bound;
    }
  }
  if (state.delistedDate === null && pending) return { delistedDate: null, bound: pending };
  return state;
}
