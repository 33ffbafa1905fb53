/**
 * PGlite is single-process: two processes on one data directory silently lose data. This lock
 * file (created with O_EXCL, holding pid and host) makes the second process refuse to open it.
 * A lock left by a dead process on this host is taken over; a zombie (exited, not yet reaped by
 * its parent: for ever in a container without an init process) is dead.
 */
import { mkdirSync, openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LockHeldError } from '../errors.js';

export interface DataDirLock {
  path: string;
  release(): void;
}

interface LockInfo {
  pid: number;
  hostname: string;
  since: string;
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'odsync.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      const info: LockInfo = { pid: process.pid, hostname: hostname(), since: new Date().toISOString() };
      writeSync(fd, JSON.stringify(info));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        process.removeListener('exit', release);
        try {
          const current = readLock(path);
          if (current?.pid === process.pid) rmSync(path, { force: true });
        } catch {
          // Best effort: a missing lock file is already released.
        }
      };
      process.once('exit', release);
      return { path, release };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const holder = readLock(path);
      if (holder && holder.pid !== process.pid && isAlive(holder)) {
        throw new LockHeldError(
          `the embedded database in ${dataDir} is in use by process ${holder.pid} on ${holder.hostname} since ${holder.since}; ` +
            'wait for it to finish (PGlite allows one process at a time)',
        );
      }
      if (holder?.pid === process.pid) {
        throw new LockHeldError(`the embedded database in ${dataDir} is already open in this process`);
      }
      // Stale lock (dead process, or unreadable): remove it and try again.
      rmSync(path, { force: true });
    }
  }
  throw new LockHeldError(`could not acquire ${path}`);
}

function readLock(path: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockInfo>;
    if (typeof info.pid === 'number')
      return { pid: info.pid, hostname: String(info.hostname), since: String(info.since) };
  } catch {
    // Partially written or corrupt lock file: treat as stale.
  }
  return undefined;
}

function isAlive(info: LockInfo): boolean {
  // A lock from another host (shared volume) cannot be checked: assume it is held.
  if (info.hostname !== hostname()) return true;
  try {
    process.kill(info.pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  // kill(pid, 0) succeeds on a zombie: its state says it has exited.
  const state = processState(info.pid);
  return state !== 'Z' && state !== 'X';
}

/** The one-letter state of a process from Linux's /proc/<pid>/stat, or null where there is none. */
export function processState(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // `pid (comm) S …`: comm may hold spaces and parentheses, the state follows the last `)`.
    return /^\s*(\S)/.exec(stat.slice(stat.lastIndexOf(')') + 1))?.[1] ?? null;
  } catch {
    return null;
  }
}
