import type { RunOutcome } from './alert-message.js';

export type AlertLevel = 'on_failure' | 'on_new_discrepancies' | 'always';

/**
 * Whether a channel is notified after a run: `on_failure` for failed or partial runs,
 * `on_new_discrepancies` also when the channel has discrepancies it was not told about, `always`.
 */
export function shouldNotify(level: AlertLevel, status: RunOutcome, newDiscrepancies: number): boolean {
  if (level === 'always') return true;
  if (status !== 'succeeded') return true;
  return level === 'on_new_discrepancies' && newDiscrepancies > 0;
}
