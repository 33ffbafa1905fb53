/**
 * Character-bigram features and set similarities. CJK titles have no word boundaries, so adjacent
 * character pairs are the unit of comparison (pg_trgm's trigrams of "words" do badly on CJK).
 * A run of ASCII letters/digits (NTQP, TTQS, 50) counts as one symbol, and also as a feature of its
 * own, so a shared acronym weighs like one word rather than like three bigrams.
 */

const isAsciiWordChar = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);

/** Split a key into symbols: each run of [a-z0-9] is one symbol, every other character is one. */
function symbolsOf(key: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < key.length) {
    const c = key.charCodeAt(i);
    if (isAsciiWordChar(c)) {
      let j = i + 1;
      while (j < key.length && isAsciiWordChar(key.charCodeAt(j))) j++;
      out.push(key.slice(i, j));
      i = j;
    } else {
      // Keep surrogate pairs (rare CJK extension characters) together.
      const width = c >= 0xd800 && c <= 0xdbff && i + 1 < key.length ? 2 : 1;
      out.push(key.slice(i, i + width));
      i += width;
    }
  }
  return out;
}

/** The feature set of an already normalised key. */
export function bigramFeatures(key: string): string[] {
  const symbols = symbolsOf(key);
  const features = new Set<string>();
  if (symbols.length === 1) features.add(`1:${symbols[0]}`);
  for (let i = 0; i + 1 < symbols.length; i++) features.add(symbols[i]! + '|' + symbols[i + 1]!);
  for (const s of symbols) if (s.length > 1 && isAsciiWordChar(s.charCodeAt(0))) features.add(`w:${s}`);
  return [...features];
}

/** |A ∩ B|: the features of `a` found in the set `b`. */
export function overlap(a: readonly string[], b: ReadonlySet<string>): number {
  let n = 0;
  for (const f of a) if (b.has(f)) n++;
  return n;
}

/** Dice coefficient 2|A∩B| / (|A|+|B|). */
export function dice(a: readonly string[], b: ReadonlySet<string>): number {
  const total = a.length + b.size;
  return total === 0 ? 0 : (2 * overlap(a, b)) / total;
}

/** |A∩B| / min(|A|,|B|): high when one title is the other with extra words. */
export function containment(a: readonly string[], b: ReadonlySet<string>): number {
  const min = Math.min(a.length, b.size);
  return min === 0 ? 0 : overlap(a, b) / min;
}

/** Share of `part`'s features found in `whole`. */
export function coverage(part: readonly string[], whole: ReadonlySet<string>): number {
  return part.length === 0 ? 0 : overlap(part, whole) / part.length;
}
