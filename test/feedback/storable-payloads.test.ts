import { expect, it } from 'vitest';
import { commentSchema } from '../../schemas/platform-comments.js';
import { datasetDetailSchema } from '../../schemas/platform-detail.js';
import { frontListItemSchema } from '../../schemas/platform-front-list.js';

const detail = { datasetId: '1', title: '勞工保險統計', publishedDate: '2019-02-28' };

it('payloads stored as text or jsonb reject NUL and unpaired surrogates, anywhere (unknown keys too)', () => {
  expect(commentSchema.safeParse({ nid: '1', cid: '9', body: 'ok' }).success).toBe(true);
  expect(commentSchema.safeParse({ nid: '1', cid: '9', body: '壞\u0000' }).success).toBe(false);
  expect(commentSchema.safeParse({ nid: '1', cid: '9\ud800' }).success).toBe(false);
  expect(commentSchema.safeParse({ nid: '1', cid: '9', extra: { x: ['\udc00'] } }).success).toBe(false);
  expect(datasetDetailSchema.safeParse(detail).success).toBe(true);
  expect(datasetDetailSchema.safeParse({ ...detail, title: '\u0000' }).success).toBe(false);
  expect(datasetDetailSchema.safeParse({ ...detail, unknownKey: 'a\u0000b' }).success).toBe(false);
  expect(frontListItemSchema.safeParse({ nid: '1', title: '\ud83d' }).success).toBe(false);
  expect(frontListItemSchema.safeParse({ nid: '1', title: '😀' }).success).toBe(true);
});

it('v2 detail dates must exist on the calendar', () => {
  for (const bad of ['2019-02-30', '2019-02-29', '2019-12-31 24:00:00', '0000-01-01'])
    expect(datasetDetailSchema.safeParse({ ...detail, publishedDate: bad }).success, bad).toBe(false);
  for (const ok of ['2020-02-29', '2019/02/28', '2019-12-31 23:59:59'])
    expect(datasetDetailSchema.safeParse({ ...detail, modifiedDate: ok }).success, ok).toBe(true);
});

it('front-list counts and agency_tid fit a PostgreSQL integer', () => {
  expect(frontListItemSchema.safeParse({ nid: '1', dataset_view_times: 2 ** 31 - 1 }).success).toBe(true);
  expect(frontListItemSchema.safeParse({ nid: '1', dataset_view_times: 2 ** 31 }).success).toBe(false);
  expect(frontListItemSchema.safeParse({ nid: '1', comment_quantity: -1 }).success).toBe(false);
  expect(frontListItemSchema.safeParse({ nid: '1', agency_tid: 2 ** 40 }).success).toBe(false);
  expect(frontListItemSchema.safeParse({ nid: '1', agency_tid: '716' }).success).toBe(true);
});
