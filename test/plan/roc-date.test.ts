import { describe, expect, it } from 'vitest';
import { formatRocDate, parseRocDate } from '../../src/plan/index.js';

describe('parseRocDate', () => {
  const cases: [string, string, string][] = [
    // every form in the seed minutes
    ['104年8月', '2015-08-31', 'month'],
    ['104年10月', '2015-10-31', 'month'],
    ['105年1月1日', '2016-01-01', 'day'],
    ['105/1', '2016-01-31', 'month'],
    ['104/7', '2015-07-31', 'month'],
    ['104/12', '2015-12-31', 'month'],
    ['105', '2016-12-31', 'year'],
    // issue forms
    ['105年第1季', '2016-03-31', 'quarter'],
    ['105年第2季', '2016-06-30', 'quarter'],
    ['105年第四季', '2016-12-31', 'quarter'],
    ['105Q3', '2016-09-30', 'quarter'],
    ['105年上半年', '2016-06-30', 'half'],
    ['105年下半年', '2016-12-31', 'half'],
    ['105.8', '2016-08-31', 'month'],
    ['105.8.15', '2016-08-15', 'day'],
    ['１０５年１月', '2016-01-31', 'month'],
    ['１０５／２', '2016-02-29', 'month'],
    ['2016-01', '2016-01-31', 'month'],
    ['2016/01/15', '2016-01-15', 'day'],
    ['2016', '2016-12-31', 'year'],
    ['2016年2月', '2016-02-29', 'month'],
    // spacing and variants
    [' 104 年 8 月 ', '2015-08-31', 'month'],
    ['民國105年', '2016-12-31', 'year'],
    ['105年底', '2016-12-31', 'year'],
    ['104年2月', '2015-02-28', 'month'],
    ['105年6月底前', '2016-06-30', 'month'],
    ['105年底前', '2016-12-31', 'year'],
    ['104年12月31日以前', '2015-12-31', 'day'],
    ['105年第2季前', '2016-06-30', 'quarter'],
  ];
  it.each(cases)('%s → %s (%s)', (raw, due, precision) => {
    const r = parseRocDate(raw);
    expect(r).toEqual({ ok: true, value: { raw, dueDate: due, precision } });
  });

  it.each([
    ['', 'empty'],
    ['   ', 'empty'],
    ['明年', 'unrecognised'],
    ['105年13月', 'out-of-range'],
    ['105/2/30', 'out-of-range'],
    ['104年8月8月', 'unrecognised'],
    ['=DATE(2016,1,1)', 'unrecognised'],
    ['1900/01', 'out-of-range'],
    ['0', 'out-of-range'],
  ])('rejects %j as %s, keeping the raw text', (raw, reason) => {
    const r = parseRocDate(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.reason).toBe(reason);
      expect(r.error.raw).toBe(raw);
    }
  });

  it('formats ISO dates back as ROC dates', () => {
    expect(formatRocDate('2016-01-31')).toBe('105年1月31日');
  });
});
