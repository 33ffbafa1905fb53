import { describe, expect, it } from 'vitest';
import { PublisherFilter } from '../../src/catalog/index.js';
import { MOL_FAMILY } from '../../src/publishers/index.js';

describe('publisher filter', () => {
  const f = new PublisherFilter(MOL_FAMILY);

  it('matches by OID under a configured OID, naming the publisher by name when known', () => {
    expect(f.match({ oid: '2.16.886.101.20003.20063.20002', name: '勞動部勞動力發展署' })).toMatchObject({
      ours: true,
      by: 'oid',
      publisher: '勞動部勞動力發展署',
      subUnit: null,
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

  it("takes sub-units in: a 提供機關 that begins with a member's full name, the longest member", () => {
    expect(f.matchesName('勞動部勞動力發展署技能檢定中心')).toBe(true);
    expect(f.matchesName('勞動部職業安全衛生署北區職業安全衛生中心')).toBe(true);
    expect(f.matchesName('臺北市政府勞動局職業安全衛生處')).toBe(false);
    expect(f.matchesName('勞動力發展署技能檢定中心')).toBe(true);
    expect(f.match({ name: '勞動部勞動力發展署 技能檢定中心' })).toEqual({
      ours: true,
      publisher: '勞動部勞動力發展署',
      subUnit: '勞動部勞動力發展署 技能檢定中心',
      by: 'name_prefix',
    });
    expect(f.match({ name: '勞動部勞動力發展署' })).toMatchObject({ subUnit: null, by: 'name' });
    expect(f.match({ name: '臺北市政府勞動局勞動檢查處' }).ours).toBe(false);
  });

  it("a sub-unit below a member's OID is that member's, named by its own name", () => {
    expect(
      f.match({ oid: '2.16.886.101.20003.20063.20002.30001', name: '勞動部勞動力發展署桃竹苗分署' }),
    ).toEqual({
      ours: true,
      publisher: '勞動部勞動力發展署',
      subUnit: '勞動部勞動力發展署桃竹苗分署',
      by: 'oid',
    });
    // 職安署 has no configured OID: under the root OID, its name decides the member.
    expect(
      f.match({ oid: '2.16.886.101.20003.20063.20004.1', name: '勞動部職業安全衛生署中區職業安全衛生中心' }),
    ).toMatchObject({ ours: true, publisher: '勞動部職業安全衛生署', by: 'oid' });
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
