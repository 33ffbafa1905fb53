/**
 * Abbreviations used on either side (plan or platform) and their full forms. Applied to both sides
 * before comparing, so 外勞收容情形 and 外籍勞工收容情形 normalise alike. Operators can extend or
 * override the table (ODSYNC_MATCH_SYNONYMS); a null value removes a default entry.
 */
export type SynonymTable = Readonly<Record<string, string>>;

export const DEFAULT_SYNONYMS: SynonymTable = Object.freeze({
  外勞: '外籍勞工',
  移工: '外籍勞工',
  勞退: '勞工退休',
  勞保: '勞工保險',
  就保: '就業保險',
  國保: '國民年金保險',
  職安署: '職業安全衛生署',
  職安: '職業安全',
  職災: '職業災害',
  職訓: '職業訓練',
  勞發署: '勞動力發展署',
  勞檢: '勞動檢查',
  健檢: '健康檢查',
  身障: '身心障礙',
  // 國家訓練品質獎 (NTQP) was renamed 國家人才發展獎 (NTDA): plans written before keep the old name.
  NTQP: 'NTDA',
});

/** Merge operator entries over the defaults (null removes). Keys and values are NFKC-normalised later. */
export function mergeSynonyms(
  overrides: Readonly<Record<string, string | null>> | null | undefined,
  base: SynonymTable = DEFAULT_SYNONYMS,
): SynonymTable {
  const merged: Record<string, string> = { ...base };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return Object.freeze(merged);
}
