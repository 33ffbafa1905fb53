import { describe, expect, it } from 'vitest';
import { changeSentence, countChanges, displayText, formatImportResult } from '../../src/plan/index.js';

describe('IT-office text', () => {
  it('says which way a due date moved', () => {
    expect(changeSentence('due_moved', '104年8月', '105年1月')).toBe(
      '預計開放由 104年8月 改為 105年1月（延後）',
    );
    expect(changeSentence('due_moved', '105年1月', '104/8')).toBe('預計開放由 105年1月 改為 104/8（提前）');
    expect(changeSentence('renamed', '甲', '乙')).toBe('名稱由「甲」改為「乙」');
  });

  it('summarises an import with one line per change and warning, escaping control characters', () => {
    const changes = [
      { planKey: '104-1#1', seq: 1, kind: 'due_moved' as const, oldValue: '104年8月', newValue: '105年1月' },
      { planKey: '104-1#48', seq: 48, kind: 'removed' as const, oldValue: 'x\u001b[2J', newValue: null },
    ];
    const text = formatImportResult(
      {
        status: 'imported',
        label: '104-1',
        versionId: 2,
        previousVersionId: 1,
        itemCount: 47,
        counts: countChanges(changes),
        changes,
        warnings: [{ row: 3, column: '管理單位', message: '管理單位「民政處」不在單位對照表中，機關未知' }],
      },
      'plan.xlsx',
    );
    expect(text).toBe(
      [
        '計畫 104-1 第 2 版（plan.xlsx）：已匯入 47 項，新增 0、移除 1、改期 1、更名 0、概述變更 0、單位變更 0',
        '  序號 1：預計開放由 104年8月 改為 105年1月（延後）',
        '  序號 48：移除「x\\u001b[2J」',
        '警告：第 3 列「管理單位」欄：管理單位「民政處」不在單位對照表中，機關未知',
        '',
      ].join('\n'),
    );
    expect(displayText('a\u0000b\u009bc')).toBe('a\\u0000b\\u009bc');
  });
});
