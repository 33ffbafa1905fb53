import { describe, expect, it } from 'vitest';
import { delistingOn, type ListingEvent } from '../../src/catalog/index.js';
import { meetingDate } from '../../src/plan/read-minutes.js';
import { historyListItemSchema } from '../../schemas/platform-history-list.js';
import { readFileSync } from 'node:fs';
import { SEED_MINUTES } from '../reconcile/seed-plan.js';

const delisted = (observed: string, lastSeen: string | null): ListingEvent => ({
  event: 'delisted',
  observed,
  lastSeen,
});

describe('delisting in valid time', () => {
  it("uses the platform's date when one falls inside the observed bound", () => {
    const ev = [delisted('2024-03-05', '2024-02-20')];
    expect(delistingOn(ev, ['2024-02-25'], '2024-02-24')).toEqual({ delistedDate: null, bound: null });
    expect(delistingOn(ev, ['2024-02-25'], '2024-02-25')).toEqual({
      delistedDate: '2024-02-25',
      bound: null,
    });
  });

  it('without a platform date: first missed, bounded by last seen; a day inside the bound is flagged', () => {
    const ev = [delisted('2024-03-05', '2024-02-20')];
    const bound = { lastSeen: '2024-02-20', firstMissed: '2024-03-05' };
    expect(delistingOn(ev, [], '2024-02-19')).toEqual({ delistedDate: null, bound: null });
    expect(delistingOn(ev, [], '2024-03-01')).toEqual({ delistedDate: null, bound });
    expect(delistingOn(ev, [], '2024-03-05')).toEqual({ delistedDate: '2024-03-05', bound });
  });

  it('a platform date outside the bound belongs to another delisting and is ignored', () => {
    const ev = [delisted('2024-03-05', '2024-02-20')];
    expect(delistingOn(ev, ['2023-01-01'], '2024-03-10').delistedDate).toBe('2024-03-05');
  });

  it('a relisting ends a delisting; a later delisting counts from its own date', () => {
    const ev: ListingEvent[] = [
      delisted('2024-03-05', '2024-02-20'),
      { event: 'relisted', observed: '2024-04-01', lastSeen: null },
      delisted('2024-06-01', '2024-05-20'),
    ];
    expect(delistingOn(ev, ['2024-02-25', '2024-05-25'], '2024-03-10').delistedDate).toBe('2024-02-25');
    expect(delistingOn(ev, ['2024-02-25', '2024-05-25'], '2024-04-15').delistedDate).toBeNull();
    expect(delistingOn(ev, ['2024-02-25', '2024-05-25'], '2024-05-30').delistedDate).toBe('2024-05-25');
  });
});

describe('delisted-history items (shape not recorded)', () => {
  it('takes a delisting date from a known key, validates it, and falls back when unreadable', () => {
    expect(historyListItemSchema.parse({ nid: 25011, unpublish_date: '2016-12-01 10:00:00' })).toMatchObject({
      nid: '25011',
      delistedOn: '2016-12-01',
      unreadableDate: null,
    });
    expect(historyListItemSchema.parse({ nid: '1', offline_date: '2016/2/3' }).delistedOn).toBe('2016-02-03');
    expect(historyListItemSchema.parse({ nid: '1', unpublish_date: '2016-02-30' })).toMatchObject({
      delistedOn: null,
      unreadableDate: 'unpublish_date: "2016-02-30"',
    });
    expect(historyListItemSchema.parse({ nid: '1', title: 'x' })).toMatchObject({
      delistedOn: null,
      unreadableDate: null,
    });
    expect(historyListItemSchema.safeParse({ title: 'no id' }).success).toBe(false);
  });
});

describe("the minutes' meeting date", () => {
  it('is the 時間 line of the seed minutes (104 年 6 月 29 日), not an earlier date in the prose', () => {
    expect(meetingDate(readFileSync(SEED_MINUTES, 'utf8'))).toBe('2015-06-29');
    expect(meetingDate('會議紀錄\n依 104年2月5日 決議\n')).toBe('2015-02-05');
    expect(meetingDate('會議紀錄\n時間：104年2月30日\n')).toBeNull();
    expect(meetingDate('沒有日期')).toBeNull();
  });
});
