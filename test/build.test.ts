/**
 * `npm run build` ships the product only: no file of the build program (tsconfig.build.json and
 * everything it imports) lies under test/. The fake platform lives in tools/ for this reason.
 */
import { join, relative } from 'node:path';
import ts from 'typescript';
import { expect, it } from 'vitest';
import { ROOT } from './helpers/cli.js';

it('the build compiles nothing from test/ (the demo takes the fake platform from tools/)', () => {
  const configPath = join(ROOT, 'tsconfig.build.json');
  const read = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(read.config as object, ts.sys, ROOT, undefined, configPath);
  const program = ts.createProgram({
    rootNames: parsed.fileNames,
    options: { ...parsed.options, noEmit: true },
  });
  const files = program
    .getSourceFiles()
    .map((f) => relative(ROOT, f.fileName).split('\\').join('/'))
    .filter((f) => !f.startsWith('node_modules/'));
  expect(files).toContain('jobs/demo.ts');
  expect(files).toContain('tools/fake-platform/index.ts');
  expect(files.filter((f) => f.startsWith('test/'))).toEqual([]);
});
