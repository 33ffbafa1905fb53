import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigTable, replaceSection } from '../scripts/config-table.js';

/** Cells of a markdown table row: split at `|` not escaped (GitHub splits inside backticks too). */
function cells(row: string): number {
  const inner = row
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).length;
}

/** Every table row whose cell count differs from its header's, as `line N: …` (code blocks skipped). */
function tableProblems(markdown: string): string[] {
  const lines = markdown.split('\n');
  const problems: string[] = [];
  let fenced = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced || !line.trim().startsWith('|')) continue;
    const delimiter = lines[i + 1] ?? '';
    if (!/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(delimiter)) continue;
    const width = cells(line);
    if (cells(delimiter) !== width)
      problems.push(`line ${i + 2}: delimiter has ${cells(delimiter)} cells, header ${width}`);
    let j = i + 2;
    for (; j < lines.length && lines[j]!.trim().startsWith('|'); j++) {
      const n = cells(lines[j]!);
      if (n !== width) problems.push(`line ${j + 1}: ${n} cells, header ${width}: ${lines[j]!.slice(0, 60)}`);
    }
    i = j - 1;
  }
  return problems;
}

describe('docs/configuration.md', () => {
  it('has a configuration table matching the zod schema (npm run docs:config)', () => {
    const doc = readFileSync(new URL('../docs/configuration.md', import.meta.url), 'utf8');
    expect(replaceSection(doc, renderConfigTable())).toBe(doc);
  });
});

describe('README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it('stays an entry point: at most 200 lines', () => {
    expect(readme.split('\n').length).toBeLessThanOrEqual(200);
  });

  it('links only to files that exist', () => {
    const links = [...readme.matchAll(/\]\(((?:docs|src|jobs|schemas)\/[^)#]*)\)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(5);
    for (const link of links) expect(existsSync(new URL(`../${link}`, import.meta.url)), link).toBe(true);
  });

  it('keeps exactly two set-up commands, and .ci/run calls the same test command', () => {
    const quick = /## Quick start\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? '';
    const commands = [...quick.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!.trim());
    expect(commands).toHaveLength(2);
    const ci = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');
    expect(commands[1]).toMatch(/npm test$/);
    expect(ci).toMatch(/npm test/);
  });
});

describe('markdown tables', () => {
  const docs = readdirSync(new URL('../docs/', import.meta.url), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`);

  it.each(['README.md', ...docs])('every row of every table in %s has its header’s cell count', (file) => {
    expect(tableProblems(readFileSync(new URL(`../${file}`, import.meta.url), 'utf8'))).toEqual([]);
  });

  it('the check finds a row with an extra cell (an unescaped | in code) and accepts an escaped one', () => {
    const table = '| A | B |\n|---|---|\n| `x \\| y` | ok |\n| `x | y` | extra |\n';
    expect(tableProblems(table)).toEqual(['line 4: 3 cells, header 2: | `x | y` | extra |']);
    expect(tableProblems('```\n| a |\n|---|\n| b | c |\n```\n')).toEqual([]);
  });
});
