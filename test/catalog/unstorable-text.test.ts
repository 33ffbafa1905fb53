import { expect, it } from 'vitest';
import type { CatalogRecord } from '../../src/catalog/normalize-record.js';
import { storableValue, unstorableText } from '../../src/catalog/stored-record.js';

const record = (description: string, url: string | null = null) =>
  ({
    datasetId: '1',
    title: '勞工保險統計',
    description,
    resources: [{ format: 'CSV', url, encoding: null, amount: null }],
    fields: ['年度'],
  }) as unknown as CatalogRecord;

it('names a NUL character or an unpaired surrogate anywhere in the record, else null', () => {
  expect(unstorableText(record('正常的說明 😀 \\u0000 (escaped text, not a NUL)'))).toBeNull();
  expect(unstorableText(record('前\u0000後'))).toBe('contains a NUL character');
  expect(unstorableText(record('ok', 'https://x/\u0000'))).toBe('contains a NUL character');
  expect(unstorableText(record('高位\ud83d'))).toBe('contains an unpaired UTF-16 surrogate');
  expect(unstorableText(record('\ude00低位'))).toBe('contains an unpaired UTF-16 surrogate');
  expect(unstorableText(record('ok', 'https://x/\udfff'))).toBe('contains an unpaired UTF-16 surrogate');
});

it('quarantined values are made storable in jsonb: NUL as the text \\u0000, lone surrogates as U+FFFD', () => {
  expect(storableValue(['33357', '標題\u0000', { '鍵\ud800': ['\udc00x', 3, null] }])).toEqual([
    '33357',
    '標題\\u0000',
    { '鍵\uFFFD': ['\uFFFDx', 3, null] },
  ]);
  const pair = '😀';
  expect(storableValue(pair)).toBe(pair);
});
