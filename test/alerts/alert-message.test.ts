import { describe, expect, it } from 'vitest';
import {
  DIGEST_LIST_LIMIT,
  alertText,
  shouldNotify,
  webhookPayload,
  type AlertDigest,
} from '../../src/alerts/index.js';

const digest = (over: Partial<AlertDigest> = {}): AlertDigest => ({
  runId: 42,
  status: 'partial',
  summary: 'sync-catalog partial (export truncated)',
  startedAt: new Date('2026-11-26T18:30:00Z'),
  timeZone: 'Asia/Taipei',
  stages: [
    { name: 'sync-catalog', status: 'partial', reason: 'export truncated' },
    { name: 'report', status: 'succeeded' },
  ],
  reportDir: 'reports/2026-11-27',
  newDiscrepancies: [
    { id: 'overdue:p1:5', kind: 'overdue', planKey: 'p1:5', datasetId: null, title: '職業災害統計' },
    {
      id: 'missing:p1:6',
      kind: 'missing',
      planKey: 'p1:6',
      datasetId: '12345',
      title: '<!channel> <http://evil|x>',
    },
  ],
  ...over,
});

describe('alert message', () => {
  it('is a Traditional Chinese digest with local time, stages and new discrepancies', () => {
    const text = alertText(digest());
    expect(text).toMatch(/^\[odsync\] 每夜作業 #42：部分完成，新增差異 2 筆/);
    expect(text).toMatch(/開始時間：2026-11-27 02:30（Asia\/Taipei）/);
    expect(text).toMatch(/- sync-catalog：部分完成（export truncated）/);
    expect(text).toMatch(/- \[逾期未上架\] 「職業災害統計」（計畫項目 p1:5）/);
    expect(text).toMatch(/- \[已下架或消失\] .*（計畫項目 p1:6，資料集 12345）/);
    expect(text).toMatch(/報告：reports\/2026-11-27/);
  });

  it('lists at most DIGEST_LIST_LIMIT discrepancies and counts the rest', () => {
    const many = Array.from({ length: DIGEST_LIST_LIMIT + 5 }, (_, i) => ({
      id: `overdue:p:${i}`,
      kind: 'overdue',
      planKey: `p:${i}`,
      datasetId: null,
      title: `項目 ${i}`,
    }));
    const text = alertText(digest({ newDiscrepancies: many }));
    expect(text.match(/^- \[逾期未上架\]/gm)).toHaveLength(DIGEST_LIST_LIMIT);
    expect(text).toMatch(/…另有 5 筆，詳見報告。/);
  });

  it('slack/teams payloads escape mrkdwn control sequences from untrusted titles', () => {
    const slack = webhookPayload(digest(), 'slack') as { text: string };
    expect(slack.text).toContain('&lt;!channel&gt; &lt;http://evil|x&gt;');
    expect(slack.text).not.toContain('<!channel>');
    const teams = webhookPayload(digest(), 'teams') as Record<string, string>;
    expect(teams['@type']).toBe('MessageCard');
    expect(teams.text).toContain('&lt;!channel&gt;');
    expect(teams.text).toContain('<br>');
  });

  it('json payload is a stable document with ids as strings', () => {
    const json = webhookPayload(digest(), 'json') as Record<string, unknown>;
    expect(json).toMatchObject({
      source: 'odsync',
      event: 'nightly',
      runId: '42',
      status: 'partial',
      newDiscrepancyCount: 2,
      reportDir: 'reports/2026-11-27',
      startedAt: '2026-11-26T18:30:00.000Z',
    });
    expect((json.newDiscrepancies as { id: string }[]).map((d) => d.id)).toEqual([
      'overdue:p1:5',
      'missing:p1:6',
    ]);
  });
});

describe('alert levels', () => {
  it.each([
    ['on_failure', 'succeeded', 3, false],
    ['on_failure', 'partial', 0, true],
    ['on_failure', 'failed', 0, true],
    ['on_new_discrepancies', 'succeeded', 0, false],
    ['on_new_discrepancies', 'succeeded', 1, true],
    ['on_new_discrepancies', 'failed', 0, true],
    ['always', 'succeeded', 0, true],
  ] as const)('%s, run %s, %i new → %s', (level, status, n, expected) => {
    expect(shouldNotify(level, status, n)).toBe(expected);
  });
});
