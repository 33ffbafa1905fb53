/**
 * Records as the store keeps them: a minimal one known only from a list, text PostgreSQL cannot
 * hold (NUL, unpaired surrogates), and quarantined values made storable.
 */
import type { CatalogRecord } from './normalize-record.js';

/** A record known only by id, title and publisher (from the delisted-history list). */
export function minimalRecord(datasetId: string, title: string, publisherName: string): CatalogRecord {
  return {
    datasetId,
    title: title.trim(),
    description: '',
    publisherName: publisherName.trim(),
    updateFrequency: null,
    publishedAt: null,
    publishedDate: null,
    modifiedAt: null,
    provisionType: null,
    category: null,
    quality: null,
    uploadMethod: null,
    license: null,
    cost: null,
    relatedUrl: null,
    contactName: null,
    contactPhone: null,
    notes: null,
    fields: [],
    resources: [],
  };
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why the record's text cannot be stored, or null: a NUL character (PostgreSQL text cannot hold
 * one) or an unpaired UTF-16 surrogate (json would store its escape, but every `data->>` of it
 * would fail).
 */
export function unstorableText(record: CatalogRecord): string | null {
  const strings: string[] = [];
  const collect = (v: unknown): void => {
    if (typeof v === 'string') strings.push(v);
    else if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') Object.values(v).forEach(collect);
  };
  collect(record);
  if (strings.some((t) => t.includes('\0'))) return 'contains a NUL character';
  if (strings.some((t) => LONE_SURROGATE.test(t))) return 'contains an unpaired UTF-16 surrogate';
  return null;
}

const UNSTORABLE = /[\0\uD800-\uDFFF]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');

/**
 * A quarantined value as jsonb can hold it: NUL becomes the text `\u0000` and an unpaired
 * surrogate U+FFFD (jsonb rejects both escapes, and the raw value is what quarantine is for).
 */
export function storableValue<T>(v: T): T {
  if (typeof v === 'string')
    return (UNSTORABLE.test(v) ? v.replace(/\0/g, '\\u0000').replace(LONE_SURROGATES, '\uFFFD') : v) as T;
  if (Array.isArray(v)) return v.map((x: unknown) => storableValue(x)) as T;
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[storableValue(k)] = storableValue(x);
    return out as T;
  }
  return v;
}
