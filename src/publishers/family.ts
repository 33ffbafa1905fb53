/**
 * Which member of the family a publisher name belongs to. The family publishes through sub-units
 * too (分署, 技能檢定中心, 區職業安全衛生中心), whose 提供機關 is the full name that begins with their
 * agency's: a sub-unit belongs to the member with the longest matching name.
 */
import { nameKey } from '../text/index.js';
import type { Publisher } from '../config/index.js';

export interface FamilyMember {
  /** The configured member (one of the family's agencies). */
  agency: Publisher;
  /** The publisher's own name when it is a sub-unit below `agency`, else null. */
  subUnit: string | null;
}

/** A name lookup over one family, built once (names are normalised as everywhere else). */
export function familyNamer(publishers: readonly Publisher[]): (name: string) => FamilyMember | null {
  const keys: { key: string; member: Publisher }[] = [];
  for (const p of publishers)
    for (const n of [p.name, ...p.aliases]) keys.push({ key: nameKey(n), member: p });
  // Longest first, so that 勞動部勞動力發展署… is not taken for 勞動部.
  keys.sort((a, b) => b.key.length - a.key.length);
  const exact = new Map(keys.map((k) => [k.key, k.member]));
  return (name) => {
    const key = nameKey(name);
    if (key === '') return null;
    const same = exact.get(key);
    if (same) return { agency: same, subUnit: null };
    const prefix = keys.find((k) => key.startsWith(k.key));
    return prefix ? { agency: prefix.member, subUnit: name.trim() } : null;
  };
}

/** The agency name a publisher name rolls up into, or null when it is not one of ours. */
export function agencyOf(name: string, publishers: readonly Publisher[]): string | null {
  return familyNamer(publishers)(name)?.agency.name ?? null;
}
