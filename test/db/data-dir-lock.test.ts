/**
 * The embedded database's data-directory lock against a real zombie: a child that has exited while
 * its parent does not wait still passes kill(pid, 0), but holds nothing.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, processState } from '../../src/db/data-dir-lock.js';
import { LockHeldError } from '../../src/errors.js';

const linux = process.platform === 'linux';

/** A parent (`sleep 5` after exec) that never reaps its child `sleep 0`: the child stays a zombie. */
async function zombie(): Promise<{ parent: ChildProcess; pid: number }> {
  const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const pid = await new Promise<number>((resolve, reject) => {
    parent.stdout.once('data', (b: Buffer) => resolve(Number(String(b).trim())));
    parent.once('error', reject);
  });
  for (let i = 0; i < 200 && processState(pid) !== 'Z'; i++) await new Promise((r) => setTimeout(r, 10));
  return { parent, pid };
}

function writeLock(dir: string, pid: number): void {
  writeFileSync(
    join(dir, 'odsync.lock'),
    JSON.stringify({ pid, hostname: hostname(), since: '2026-09-15T18:30:00.000Z' }),
  );
}

describe.runIf(linux)('data-directory lock', () => {
  let dir: string;
  const children: ChildProcess[] = [];
  afterEach(() => {
    for (const c of children.splice(0)) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes over a lock whose holder is a zombie', async () => {
    dir = mkdtempSync(join(tmpdir(), 'odsync-lock-'));
    const z = await zombie();
    children.push(z.parent);
    expect(processState(z.pid)).toBe('Z');
    // kill(pid, 0) alone would call it alive.
    expect(() => process.kill(z.pid, 0)).not.toThrow();
    writeLock(dir, z.pid);
    const lock = acquireDataDirLock(dir);
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('refuses a lock whose holder is alive', async () => {
    dir = mkdtempSync(join(tmpdir(), 'odsync-lock-'));
    const live = spawn('sleep', ['5'], { stdio: 'ignore' });
    children.push(live);
    await new Promise((r) => live.once('spawn', r));
    expect(processState(live.pid!)).toMatch(/^[RS]$/);
    writeLock(dir, live.pid!);
    expect(() => acquireDataDirLock(dir)).toThrow(LockHeldError);
  });
});
