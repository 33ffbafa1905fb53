import { describe, expect, it } from 'vitest';
import { PublisherFilter } from '../../src/catalog/index.js';
import { MOL_FAMILY } from '../../src/publishers/mol-family.js';

describe('publisher filter', () => {
  const f = new PublisherFilter(MOL_FAMILY);

  it('matches by OID under a configured OID, naming the publisher by name when known', () => {
    expect(f.match({ oid: '2.16.886.101.20003.20063.20002', name: '勞動部勞動力發展署' })).toMatchObject({
      ours: true,
      by: 'oid',
      publisher: '勞動部勞動力發展署',
    });
    // 勞工保險局's OID is unknown in the config: it is under the root OID, its name says which one.
    expect(f.match({ oid: '2.16.886.101.20003.20063.20001', name: '勞動部勞工保險局' })).toMatchObject({
      ours: true,
      publisher: '勞動部勞工保險局',
    });
    expect(f.match({ oid: '2.16.886.101.20003.200631', name: null })).toMatchObject({ ours: false });
  });

  it('an OID that contradicts the name of a publisher with a known OID is not ours', () => {
    const m = f.match({ oid: '2.16.886.101.20003.20065', name: '勞動部' });
    expect(m.ours).toBe(false);
  });

  it('matches normalised names and aliases (full-width, 臺/台, spaces), never another ministry', () => {
    expect(f.matchesName('勞動部勞動力發展署')).toBe(true);
    expect(f.matchesName(' 勞動部　勞工保險局 ')).toBe(true);
    expect(f.matchesName('勞保局')).toBe(true);
    expect(f.matchesName('行政院勞工委員會')).toBe(true);
    expect(f.matchesName('衛生福利部')).toBe(false);
    expect(f.matchesName('臺北市政府勞動局')).toBe(false);
  });

  it('falls back to the identifier prefix', () => {
    expect(f.match({ identifier: 'A17040000J-000123-abc' })).toMatchObject({
      ours: true,
      by: 'identifier',
      publisher: '勞動部職業安全衛生署',
    });
    expect(f.match({ identifier: 'A21000000I-000001' }).ours).toBe(false);
  });

  it('`*` (null) makes everything ours', () => {
    const all = new PublisherFilter(null);
    expect(all.matchesName('任何機關')).toBe(true);
    expect(all.match({ name: '任何機關' }).ours).toBe(true);
  });
});
