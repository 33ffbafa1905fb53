import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FileInputError } from '../../src/errors.js';
import { readAgencyAssignments, readRequestsFile } from '../../src/feedback/index.js';
import { htmlToText } from '../../src/text/index.js';
import { MOL_ALIGNED_IDS, agencyBytes, crawlBytes } from './fixtures.js';

const TZ = 'Asia/Taipei';
const read = (bytes: Uint8Array, file = 'crawl.csv') => readRequestsFile(bytes, { file, timeZone: TZ });

function rejection(fn: () => unknown): FileInputError {
  try {
    fn();
  } catch (err) {
    if (err instanceof FileInputError) return err;
    throw err;
  }
  throw new Error('expected a FileInputError');
}

describe('the real 2019 crawl', () => {
  const content = read(crawlBytes());
  const byId = new Map(content.requests.map((r) => [r.record.requestId, r]));

  it('is detected as the crawl and reads all 1,229 records; only the ID-only row 8488 is unreadable', () => {
    expect(content.format).toBe('crawl');
    expect(content.recordsRead).toBe(1229);
    expect(content.requests).toHaveLength(1228);
    expect(content.problems).toEqual([
      expect.objectContaining({
        row: 8881,
        message: expect.stringContaining('request 8488: only 1 field') as unknown,
      }),
    ]);
  });

  it('finds the 27 requests whose aligned 派發機關 is 勞動部', () => {
    const mol = content.requests
      .filter((r) => r.record.agencies?.includes('勞動部'))
      .map((r) => r.record.requestId);
    expect(mol.sort()).toEqual([...MOL_ALIGNED_IDS].sort());
  });

  it('detects the row shape by the first status value', () => {
    // aligned
    const aligned = byId.get('97944')!.record;
    expect(aligned).toMatchObject({
      agencies: ['金融監督管理委員會'],
      status: '已回復',
      dispatchStatus: '已分派',
    });
    expect(aligned.repliedAt?.toISOString()).toBe('2019-01-24T09:29:00.000Z');
    // three agencies shift the status right by two, no dispatch or time
    expect(byId.get('94934')!.record).toMatchObject({
      agencies: ['內政部', '法務部', '司法院'],
      status: '未回復',
      dispatchStatus: null,
      repliedAt: null,
    });
    // two agencies shift by one
    expect(byId.get('80956')!.record).toMatchObject({ agencies: ['內政部', '臺北市政府'], status: '已回復' });
    // four agency names, no status at all: an incomplete list
    expect(byId.get('96658')!.record).toMatchObject({
      agencies: ['臺南市政府', '高雄市政府', '臺東縣政府', '嘉義市政府'],
      agenciesComplete: false,
      status: null,
    });
    // no agency field at all (status straight after 建議原因)
    expect(byId.get('17286')!.record).toMatchObject({
      agencies: [],
      status: '未回復',
      dispatchStatus: '已分派',
    });
    // 9 fields, no 回應
    expect(byId.get('10232')!.record).toMatchObject({ agencies: ['財政部'], status: '未回復', replies: [] });
  });

  it('keeps a non-date in the time slot as the requester type, not as a date', () => {
    expect(byId.get('97831')!.record).toMatchObject({
      requesterType: '公司',
      repliedAt: null,
      repliedAtRaw: null,
    });
    expect(byId.get('96097')!.record).toMatchObject({ requesterType: '社群' });
  });

  it('counts statuses including the legacy 研議中', () => {
    const counts: Record<string, number> = {};
    for (const r of content.requests)
      counts[String(r.record.status)] = (counts[String(r.record.status)] ?? 0) + 1;
    expect(counts).toEqual({ 已回復: 1148, 未回復: 21, 研議中: 1, null: 58 });
  });

  it('splits 回應 into one floor per field, raw HTML kept and a plain-text rendering', () => {
    const floors = content.requests.reduce((n, r) => n + (r.record.replies?.length ?? 0), 0);
    expect(floors).toBe(3864);
    const first = byId.get('97944')!.record.replies!;
    expect(first).toHaveLength(2);
    expect(first[0]!.html.startsWith('[<p>您好：<br/>\n')).toBe(true);
    expect(first[0]!.text).not.toMatch(/<p>|<br/);
    expect(first[1]!.kind).toBe('platform-ack');
    expect(first[0]!.kind).toBe('reply');
  });

  it('keeps CRLF inside citizen fields as-is', () => {
    expect(byId.get('97944')!.record.wantedFields).toContain('1. 日期\r\n2. 排行');
  });
});

describe('crawl failure modes', () => {
  const text = crawlBytes().toString('utf8');

  it('a file cut inside a quoted field names the record where it starts', () => {
    // Cut inside the multi-line 建議開放的欄位 of 97944, which starts on line 2.
    const cut = text.slice(0, text.indexOf('2. 排行'));
    const err = rejection(() => read(Buffer.from(cut)));
    expect(err.problems).toEqual([
      expect.objectContaining({ row: 2, message: expect.stringMatching(/truncated/) as unknown }),
    ]);
  });

  it('a file cut in an unquoted field (no final line end) is rejected as truncated', () => {
    const cut = text.slice(0, text.lastIndexOf('</p>]'));
    const err = rejection(() => read(Buffer.from(cut)));
    expect(err.problems[0]!.message).toMatch(/truncated/);
    expect(err.problems[0]!.row).toBe(cut.split('\n').length);
  });

  it('Big5 bytes read as UTF-8 are rejected with the line', () => {
    const csv = 'ID,title,status\r\n1,ok,已回復\r\n2,第二列,未回復\r\n';
    const err = rejection(() => read(iconv.encode(csv, 'big5'), 'big5.csv'));
    expect(err.problems[0]).toMatchObject({ file: 'big5.csv', row: 2 });
    expect(err.problems[0]!.message).toMatch(/not valid UTF-8.*--encoding big5/);
    expect(err.problems.map((p) => p.row)).toEqual([2, 3]);
    // and read fine when the encoding is given
    const ok = readRequestsFile(iconv.encode(csv, 'big5'), {
      file: 'big5.csv',
      timeZone: TZ,
      encoding: 'big5',
    });
    expect(ok.requests.map((r) => r.record.title)).toEqual(['ok', '第二列']);
  });

  it('a crawl row whose reply field is not a floor is reported with its line', () => {
    // Request 97831 is one record starting on line 11; break its reply floor.
    const start = text.indexOf('\r\n97831,') + 2;
    expect(text.slice(0, start).split('\n').length).toBe(11);
    const floor = text.indexOf('[<p>關於您建議', start);
    const broken = text.slice(0, floor) + 'garbage' + text.slice(floor + 1);
    const content = read(Buffer.from(broken));
    expect(content.problems).toContainEqual(
      expect.objectContaining({
        row: 11,
        column: '回應',
        message: expect.stringMatching(/request 97831: field \d+ is not a reply floor/) as unknown,
      }),
    );
    // problems never quote reply text
    for (const p of content.problems) expect(p.message).not.toMatch(/關於您建議/);
  });
});

describe('the Big5 agency-assignment file', () => {
  it('decodes as Big5 and lists 勞動部 in 31 rows', () => {
    const a = readAgencyAssignments(agencyBytes(), { file: 'agency.csv' });
    expect(a.problems).toEqual([]);
    expect(a.rows.size).toBe(1252);
    const mol = [...a.rows.values()].filter((r) => r.agencies.includes('勞動部')).map((r) => r.requestId);
    expect(mol).toHaveLength(31);
    expect(mol).toEqual(expect.arrayContaining([...MOL_ALIGNED_IDS, '89997', '93230', '98611', '100510']));
    expect(a.rows.get('93230')!.agencies).toHaveLength(52);
    expect(a.rows.get('8488')!.agencies).toEqual([]);
  });

  it('given as UTF-8 it is rejected at line 1', () => {
    const err = rejection(() =>
      readAgencyAssignments(agencyBytes(), { file: 'agency.csv', encoding: 'utf-8' }),
    );
    expect(err.problems[0]).toMatchObject({ row: 1 });
  });

  it('a count that disagrees with the agency fields is a bad row', () => {
    const csv = iconv.encode('ID,派發機關數量,派發機關\n1,2,勞動部\n2,1,內政部\n', 'big5');
    const a = readAgencyAssignments(csv, { file: 'a.csv' });
    expect(a.problems).toEqual([
      expect.objectContaining({ row: 2, message: expect.stringMatching(/派發機關數量/) as unknown }),
    ]);
    expect([...a.rows.keys()]).toEqual(['2']);
  });
});

describe('htmlToText', () => {
  it('renders breaks and paragraphs, drops tags and decodes entities', () => {
    expect(htmlToText('<p>a<br/>\nb &amp; c &gt; d</p><p>e&#39;s <script>x</script></p>')).toBe(
      "a\nb & c > d\ne's x",
    );
  });
});
