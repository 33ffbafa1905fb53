/**
 * Spawned CLIs run the built `dist/` (as installed), not the sources through tsx: build once here
 * when `dist/` is missing or older than a source file.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BUILT = join(ROOT, 'dist/jobs/cli.js');
const SOURCES = ['src', 'jobs', 'schemas', 'tools', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

export default function setup(): void {
  if (existsSync(BUILT) && newestSource() <= statSync(BUILT).mtimeMs) return;
  process.stderr.write('dist/ is missing or older than the sources: npm run build\n');
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
}

function newestSource(): number {
  let newest = 0;
  const visit = (path: string) => {
    if (!existsSync(path)) return;
    const s = statSync(path);
    if (s.isDirectory()) for (const name of readdirSync(path)) visit(join(path, name));
    else newest = Math.max(newest, s.mtimeMs);
  };
  for (const p of SOURCES) visit(join(ROOT, p));
  return newest;
}
