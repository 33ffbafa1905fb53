/**
 * Character-bigram features and set similarities. CJK titles have no word boundaries, so adjacent
 * character pairs are the unit of comparison (pg_trgm's trigrams of "words" do badly on CJK).
 * A run of ASCII letters/digits (NTQP, TTQS, 50) counts as one symbol, and also as a feature of its
 * own, so a shared acronym weighs like one word rather than like three bigrams.
 */

const ASCII_RUN = /[a-z0-9]+|[^a-z0-9]/gu;

/** The feature set of an already normalised key. */
export function bigramFeatures(key: string): string[] {
  const symbols = key.match(ASCII_RUN) ?? [];
  const features = new Set<string>();
  if (symbols.length === 1) features.add(`1:${symbols[0]}`);
  for (let i = 0; i + 1 < symbols.length; i++) features.add(`${symbols[i]}|${symbols[i + 1]}`);
  for (const s of symbols) if (s.length > 1) features.add(`w:${s}`);
  return [...features];
}

/** |A ∩ B| for two feature lists (each without duplicates). */
export function overlap(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  const [small, large] = a.length <= b.length ? [a, b] : [b, a];
  const set = large instanceof Set ? (large as Set<string>) : new Set(large);
  let n = 0;
  for (const f of small) if (set.has(f)) n++;
  return n;
}

/** Dice coefficient 2|A∩B| / (|A|+|B|). */
export function dice(a: readonly string[], b: readonly string[]): number {
  const total = a.length + b.length;
  return total === 0 ? 0 : (2 * overlap(a, b)) / total;
}

/** |A∩B| / min(|A|,|B|): high when one title is the other with extra words. */
export function containment(a: readonly string[], b: readonly string[]): number {
  const min = Math.min(a.length, b.length);
  return min === 0 ? 0 : overlap(a, b) / min;
}

/** Share of `part`'s features found in `whole` (set lookups). */
export function coverage(part: readonly string[], whole: ReadonlySet<string>): number {
  if (part.length === 0) return 0;
  let n = 0;
  for (const f of part) if (whole.has(f)) n++;
  return n / part.length;
}
