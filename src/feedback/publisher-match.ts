/** Is an agency name one of "our" publishers (config.publishers; null = every publisher)? */
import type { Publisher } from '../publishers/index.js';
import { nameKey } from '../text/index.js';

export type AgencyMatcher = (agency: string) => boolean;

export function ourAgencyMatcher(publishers: readonly Publisher[] | null): AgencyMatcher {
  if (publishers === null) return () => true;
  const keys = new Set(publishers.flatMap((p) => [p.name, ...p.aliases]).map(nameKey));
  return (agency) => keys.has(nameKey(agency));
}
