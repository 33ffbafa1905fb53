import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { main } from '../../jobs/cli.js';
import type { RuntimeOptions } from '../../jobs/runtime.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The installed entry point (runs `dist/`; the e2e project's global setup builds it when stale). */
export const CLI_BIN = fileURLToPath(new URL('../../bin/odsync.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process with an explicit environment (logs silenced unless LOG_LEVEL is given). */
export async function runCli(args: string[], options: RuntimeOptions = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const env = { LOG_LEVEL: 'silent', ...options.env };
  const code = await main(
    ['node', 'odsync', ...args],
    { ...options, env },
    {
      stdout: (t) => (stdout += t),
      stderr: (t) => (stderr += t),
    },
  );
  return { code, stdout, stderr };
}

/** Run the built CLI as a separate process (for locks, signals and crashes). */
export function spawnCli(
  args: string[],
  env: Record<string, string>,
  options: { timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}
