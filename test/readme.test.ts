import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigTable, replaceSection } from '../scripts/config-table.js';

describe('README', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

  it('has a configuration table matching the zod schema (npm run docs:config)', () => {
    expect(replaceSection(readme, renderConfigTable())).toBe(readme);
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
