/**
 * 管理單位 (the owning unit named in the plan) → publishing agency on data.gov.tw. The ministry's
 * own departments (司/處) publish as 勞動部; its agencies publish under their full platform names.
 * The table is configuration: the defaults below can be extended or overridden with a JSON file
 * (ODSYNC_PLAN_UNITS, read by src/config). An unknown unit is a warning, never a crash.
 */
import { normalizeText } from '../text/index.js';

export type UnitAgencyTable = Readonly<Record<string, string>>;

const MOL = '勞動部';
const BLI = '勞動部勞工保險局';
const WDA = '勞動部勞動力發展署';
const BLF = '勞動部勞動基金運用局';
const OSHA = '勞動部職業安全衛生署';
const ILOSH = '勞動部勞動及職業安全衛生研究所';

/** Shipped defaults (source: docs/platform-api.md and the 2015 minutes). */
export const DEFAULT_UNIT_AGENCIES: UnitAgencyTable = Object.freeze({
  勞動部: MOL,
  行政院勞工委員會: MOL,
  綜合規劃司: MOL,
  勞動關係司: MOL,
  勞動保險司: MOL,
  勞動福祉退休司: MOL,
  勞動條件及就業平等司: MOL,
  勞動法務司: MOL,
  秘書處: MOL,
  人事處: MOL,
  政風處: MOL,
  會計處: MOL,
  統計處: MOL,
  資訊處: MOL,
  勞動部勞工保險局: BLI,
  勞工保險局: BLI,
  勞保局: BLI,
  勞動部勞動力發展署: WDA,
  勞動力發展署: WDA,
  勞發署: WDA,
  勞動部勞動基金運用局: BLF,
  勞動基金運用局: BLF,
  基金運用局: BLF,
  勞動部職業安全衛生署: OSHA,
  職業安全衛生署: OSHA,
  職安署: OSHA,
  勞動部勞動及職業安全衛生研究所: ILOSH,
  勞動及職業安全衛生研究所: ILOSH,
  勞安所: ILOSH,
});

export function mergeUnitAgencies(overrides: UnitAgencyTable | null | undefined): UnitAgencyTable {
  return Object.freeze({ ...DEFAULT_UNIT_AGENCIES, ...(overrides ?? {}) });
}

export interface AgencyResolver {
  (unit: string): string | null;
}

/**
 * Build a resolver: exact unit first (normalised: NFKC, 臺→台, spaces), then the longest table key
 * the unit starts with, so branch offices (勞動力發展署北基宜花金馬分署) map to their agency.
 */
export function agencyResolver(table: UnitAgencyTable): AgencyResolver {
  const key = (s: string) => normalizeText(s).replace(/\s+/g, '');
  const exact = new Map(Object.entries(table).map(([unit, agency]) => [key(unit), agency]));
  const prefixes = [...exact.keys()].sort((a, b) => b.length - a.length);
  return (unit) => {
    const k = key(unit);
    if (k === '') return null;
    const hit = exact.get(k);
    if (hit !== undefined) return hit;
    const prefix = prefixes.find((p) => k.startsWith(p));
    return prefix === undefined ? null : (exact.get(prefix) ?? null);
  };
}
