import { describe, expect, it } from 'vitest';
import { MOL_FAMILY, agencyOf, familyNamer } from '../../src/publishers/index.js';

describe('familyNamer', () => {
  const namer = familyNamer(MOL_FAMILY);

  it('finds an agency by its name or an alias', () => {
    expect(namer('勞動部勞工保險局')?.agency.name).toBe('勞動部勞工保險局');
    expect(namer('勞動部勞工保險局')?.subUnit).toBeNull();
    expect(namer('勞保局')?.agency.name).toBe('勞動部勞工保險局');
    expect(namer('勞動部')?.agency.name).toBe('勞動部');
  });

  it('rolls a sub-unit up into the member with the longest matching name', () => {
    const m = namer('勞動部勞動力發展署技能檢定中心');
    expect(m?.agency.name).toBe('勞動部勞動力發展署');
    expect(m?.subUnit).toBe('勞動部勞動力發展署技能檢定中心');
    expect(agencyOf('勞動部職業安全衛生署北區職業安全衛生中心', MOL_FAMILY)).toBe('勞動部職業安全衛生署');
    expect(agencyOf('勞動部勞動力發展署 桃竹苗分署', MOL_FAMILY)).toBe('勞動部勞動力發展署');
  });

  it('does not take a same-named unit of another government for ours', () => {
    expect(namer('臺北市政府勞動局')).toBeNull();
    expect(agencyOf('新北市政府勞工局職業安全衛生處', MOL_FAMILY)).toBeNull();
    expect(namer('')).toBeNull();
  });
});
