/**
 * No import cycle under jobs/ (type-only imports count: they tie the files together just the same).
 * The graph is read with the TypeScript compiler's import scanner; the cycle finder is tested on a
 * made-up graph so the real check can fail.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

type Graph = Map<string, string[]>;

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return tsFiles(full);
    return e.name.endsWith('.ts') ? [full] : [];
  });
}

/** Relative imports (static, type-only, re-exports and dynamic) of every .ts file under `dir`. */
function importGraph(dir: string): Graph {
  const graph: Graph = new Map();
  for (const file of tsFiles(dir)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((f) => f.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => path.resolve(path.dirname(file), name.replace(/\.js$/, '.ts')))
      .filter((target) => target.startsWith(dir + path.sep));
    graph.set(
      path.relative(ROOT, file),
      targets.map((t) => path.relative(ROOT, t)),
    );
  }
  return graph;
}

/** The first import cycle found (a → … → a), or null. */
export function findCycle(graph: Graph): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of [...graph.keys()].sort()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe('jobs/ import graph', () => {
  it('the cycle finder finds a cycle, and only a cycle', () => {
    expect(
      findCycle(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', []],
        ]),
      ),
    ).toBeNull();
    expect(
      findCycle(
        new Map([
          ['a', ['b']],
          ['b', ['c']],
          ['c', ['b']],
        ]),
      ),
    ).toEqual(['b', 'c', 'b']);
  });

  it('reads the imports the way the files write them', () => {
    const graph = importGraph(path.join(ROOT, 'jobs'));
    // A type-only import, a lazy dynamic import and a plain one: all three are edges.
    expect(graph.get('jobs/stage.ts')).toContain('jobs/runtime.ts');
    expect(graph.get('jobs/commands/index.ts')).toContain('jobs/commands/sync.ts');
    expect(graph.get('jobs/cli.ts')).toContain('jobs/commands/index.ts');
  });

  it('has no cycle', () => {
    expect(findCycle(importGraph(path.join(ROOT, 'jobs')))).toBeNull();
  });
});
