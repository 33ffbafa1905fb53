import { describe, expect, it } from 'vitest';
import { parseDrupalDate, parsePlatformDate } from '../../src/feedback/index.js';

describe('Drupal Chinese dates', () => {
  it('parses weekday, Chinese month, day, year and time as Asia/Taipei', () => {
    expect(parseDrupalDate('星期三, 一月 2, 2019 - 08:59')?.toISOString()).toBe('2019-01-02T00:59:00.000Z');
    expect(parseDrupalDate('星期四, 一月 24, 2019 - 17:29')?.toISOString()).toBe('2019-01-24T09:29:00.000Z');
  });

  it('reads the two-character months 十一月 and 十二月 (not 一月/二月)', () => {
    expect(parseDrupalDate('星期五, 十一月 6, 2015 - 16:21')?.toISOString()).toBe('2015-11-06T08:21:00.000Z');
    expect(parseDrupalDate('星期一, 十二月 31, 2018 - 00:00')?.toISOString()).toBe(
      '2018-12-30T16:00:00.000Z',
    );
    expect(parseDrupalDate('星期二, 十月 2, 2018 - 10:00')?.toISOString()).toBe('2018-10-02T02:00:00.000Z');
  });

  it('keeps the midnight of date-only migrations on the local calendar day', () => {
    // `- 00:00` rows: local midnight, i.e. 16:00 UTC the day before.
    expect(parseDrupalDate('星期四, 六月 4, 2015 - 00:00')?.toISOString()).toBe('2015-06-03T16:00:00.000Z');
  });

  it('uses the zone it is given, never the runtime TZ', () => {
    expect(parseDrupalDate('星期三, 一月 2, 2019 - 08:59', 'UTC')?.toISOString()).toBe(
      '2019-01-02T08:59:00.000Z',
    );
  });

  it('rejects impossible dates, contradicting weekdays and other text', () => {
    expect(parseDrupalDate('星期四, 二月 30, 2019 - 08:59')).toBeNull();
    expect(parseDrupalDate('星期一, 一月 2, 2019 - 08:59')).toBeNull(); // 2019-01-02 was a Wednesday
    expect(parseDrupalDate('星期三, 一月 2, 2019 - 25:00')).toBeNull();
    expect(parseDrupalDate('公司')).toBeNull();
    expect(parseDrupalDate('')).toBeNull();
  });
});

describe('other platform date forms', () => {
  it('parses page, export and 2017-scrape forms as local time', () => {
    expect(parsePlatformDate('2024-10-16 10:05')?.toISOString()).toBe('2024-10-16T02:05:00.000Z');
    expect(parsePlatformDate('2026-03-10 00:00:00.000000')?.toISOString()).toBe('2026-03-09T16:00:00.000Z');
    expect(parsePlatformDate('2017/09/05 11:27')?.toISOString()).toBe('2017-09-05T03:27:00.000Z');
    expect(parsePlatformDate('2026-08-01')?.toISOString()).toBe('2026-07-31T16:00:00.000Z');
    expect(parsePlatformDate('2024-10-16T10:05:00+08:00')?.toISOString()).toBe('2024-10-16T02:05:00.000Z');
    expect(parsePlatformDate('社群')).toBeNull();
    expect(parsePlatformDate('2024-02-30 10:00')).toBeNull();
  });

  it('converts wall-clock time in a zone with DST correctly', () => {
    expect(parsePlatformDate('2024-07-01 12:00', 'Europe/Berlin')?.toISOString()).toBe(
      '2024-07-01T10:00:00.000Z',
    );
    expect(parsePlatformDate('2024-01-01 12:00', 'Europe/Berlin')?.toISOString()).toBe(
      '2024-01-01T11:00:00.000Z',
    );
  });
});
