import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigTable, replaceSection } from '../scripts/config-table.js';

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
