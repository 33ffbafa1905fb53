/**
 * Title normalisation for matching: the plan and the platform name the same dataset differently
 * (agency prefixes, ROC-year prefixes, generic suffixes, abbreviations, full-width letters, 臺/台).
 * Everything here produces comparison keys only; stored titles keep their original form.
 */
import { nameKey } from '../text/index.js';
import { DEFAULT_SYNONYMS, type SynonymTable } from './synonyms.js';

/** Generic words that say nothing about which dataset it is; stripped from the end, repeatedly. */
export const GENERIC_SUFFIXES: readonly string[] = [
  '資料集',
  '資料檔',
  '資料庫',
  '一覽表',
  '統計表',
  '數據',
  '統計',
  '資料',
  '資訊',
];

/** Agency names that prefix titles on the platform (勞動部勞動力發展署-…, 勞保局…). */
export const DEFAULT_AGENCY_PREFIXES: readonly string[] = [
  '勞動部勞工保險局',
  '勞動部勞動力發展署',
  '勞動部勞動基金運用局',
  '勞動部職業安全衛生署',
  '勞動部勞動及職業安全衛生研究所',
  '行政院勞工委員會',
  '勞動部',
  '勞工保險局',
  '勞保局',
  '勞動力發展署',
  '勞發署',
  '勞動基金運用局',
  '職業安全衛生署',
  '職安署',
  '勞動及職業安全衛生研究所',
  '勞委會',
  '本部',
];

// ROC years (103年, 104年度, 民國103年, 103-104年) and Western years with 年 (2015年).
const YEAR_PREFIX = /^(?:民國)?(?:\d{2,3}(?:[-~至]\d{2,3})?|(?:19|20)\d{2})年度?/u;
const YEAR_SUFFIX = /(?:民國)?(?:\d{2,3}(?:[-~至]\d{2,3})?|(?:19|20)\d{2})年度?$/u;

export interface TitleNormalizer {
  /** Full normalisation: the key titles are compared by. */
  normalize(title: string): string;
  /** Light normalisation (NFKC, 臺→台, punctuation, case, synonyms): keeps prefixes and suffixes. */
  light(title: string): string;
  /** Both at once (one NFKC pass). */
  both(title: string): { normalized: string; light: string };
}

export interface TitleNormalizerOptions {
  synonyms?: SynonymTable;
  /** Extra agency prefixes (names and aliases of the configured publishers). */
  agencyPrefixes?: readonly string[];
  suffixes?: readonly string[];
}

/** Build a normaliser for a synonym table and agency prefix list (compiled once, used 60,000 times). */
export function createTitleNormalizer(options: TitleNormalizerOptions = {}): TitleNormalizer {
  const synonyms = Object.entries(options.synonyms ?? DEFAULT_SYNONYMS)
    .map(([k, v]) => [nameKey(k), nameKey(v)] as const)
    .filter(([k, v]) => k.length > 0 && k !== v)
    .sort((a, b) => b[0].length - a[0].length || (a[0] < b[0] ? -1 : 1));
  const synonymMap = new Map(synonyms);
  const synonymPattern =
    synonyms.length > 0 ? new RegExp(synonyms.map(([k]) => escapeRegExp(k)).join('|'), 'gu') : null;
  const expand = (s: string) =>
    synonymPattern ? s.replace(synonymPattern, (m) => synonymMap.get(m) ?? m) : s;

  // Prefixes are matched on keys, in both their written and their synonym-expanded form.
  const prefixes = [
    ...new Set(
      [...DEFAULT_AGENCY_PREFIXES, ...(options.agencyPrefixes ?? [])]
        .map((p) => nameKey(p))
        .flatMap((p) => [p, expand(p)])
        .filter((p) => p.length > 0),
    ),
  ].sort((a, b) => b.length - a.length);
  const suffixes = (options.suffixes ?? GENERIC_SUFFIXES).map((s) => nameKey(s)).filter(Boolean);

  const stripPrefixes = (input: string): string => {
    let s = input;
    for (let changed = true; changed;) {
      changed = false;
      for (const p of prefixes) {
        if (s.length > p.length && s.startsWith(p)) {
          s = s.slice(p.length);
          changed = true;
          break;
        }
      }
      const year = YEAR_PREFIX.exec(s);
      if (year && year[0].length < s.length) {
        s = s.slice(year[0].length);
        changed = true;
      }
    }
    return s;
  };

  const stripSuffixes = (input: string): string => {
    let s = input;
    for (let changed = true; changed;) {
      changed = false;
      for (const suffix of suffixes) {
        if (s.length > suffix.length && s.endsWith(suffix)) {
          s = s.slice(0, -suffix.length);
          changed = true;
          break;
        }
      }
      const year = YEAR_SUFFIX.exec(s);
      if (year && year.index > 0) {
        s = s.slice(0, year.index);
        changed = true;
      }
    }
    return s;
  };

  const fromKey = (key: string) =>
    key.length === 0 ? key : stripSuffixes(stripPrefixes(expand(stripPrefixes(key))));
  return {
    light: (title) => expand(nameKey(title)),
    normalize: (title) => fromKey(nameKey(title)),
    both: (title) => {
      const key = nameKey(title);
      return { normalized: fromKey(key), light: expand(key) };
    },
  };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
