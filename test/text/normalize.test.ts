import { describe, expect, it } from 'vitest';
import { nameKey, normalizeText } from '../../src/text/index.js';

describe('normalizeText', () => {
  it('folds full-width characters, 臺/台 and whitespace', () => {
    expect(normalizeText('  臺灣　ＴＴＱＳ  資料\n集 ')).toBe('台灣 TTQS 資料 集');
    expect(normalizeText('１０５年')).toBe('105年');
  });
  it('nameKey ignores punctuation, spaces and case', () => {
    expect(nameKey('勞動部 勞工保險局')).toBe(nameKey('勞動部勞工保險局'));
    expect(nameKey('（ＮＴＱＰ）最新消息')).toBe(nameKey('(ntqp)最新消息'));
    expect(nameKey('勞動部')).not.toBe(nameKey('勞動部勞工保險局'));
  });
});
