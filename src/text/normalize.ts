/**
 * Text normalisation shared by every stage that compares names: NFKC (full-width → half-width
 * letters and digits), 臺 → 台, whitespace collapsed and trimmed. Comparison keys only: stored
 * text keeps its original form.
 */
export function normalizeText(value: string): string {
  return value.normalize('NFKC').replace(/臺/g, '台').replace(/\s+/g, ' ').trim();
}

/** A stricter key for equality of names: normalised, without spaces or punctuation, lower-case. */
export function nameKey(value: string): string {
  return normalizeText(value)
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}
