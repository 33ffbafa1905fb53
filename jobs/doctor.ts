/** `odsync doctor`: what works on this machine, against the configured platform (see src/doctor). */
import type { Command } from 'commander';
import { doctorJson, doctorText, runDoctor, type DoctorResult } from '../src/doctor/index.js';
import type { Notifier } from '../src/alerts/index.js';
import { createPlatformClient } from '../src/platform/index.js';
import type { CliIo } from './cli.js';
import { withRuntime, type Runtime, type RuntimeOptions } from './runtime.js';

export async function run(
  rt: Runtime,
  options: { sendTestAlert?: boolean; notifiers?: Notifier[] } = {},
): Promise<DoctorResult> {
  const client = createPlatformClient(rt.config, rt.logger);
  return runDoctor(
    {
      db: rt.handle.db,
      http: client.http,
      config: rt.config,
      clock: rt.clock,
      database: {
        description: rt.handle.description,
        applied: rt.migrations.applied,
        alreadyApplied: rt.migrations.alreadyApplied,
      },
      staleAfterMs: rt.runDeps.staleAfterMs,
      ...(options.notifiers ? { notifiers: options.notifiers } : {}),
    },
    { sendTestAlert: options.sendTestAlert === true },
  );
}

export function registerDoctorCommand(
  program: Command,
  options: RuntimeOptions,
  io: CliIo,
  setExit: (code: number) => void,
): void {
  program
    .command('doctor')
    .description(
      'probe every platform interface once and check the local side; exit 0 ok, 3 degraded, 1 catalogue unreadable',
    )
    .option('--json', 'machine-readable output (for monitoring)')
    .option('--send-test-alert', 'send a test alert on every configured channel (default: dry run)')
    .action(async (opts: { json?: boolean; sendTestAlert?: boolean }) => {
      await withRuntime(options, async (rt) => {
        const r = await run(rt, { sendTestAlert: opts.sendTestAlert === true });
        io.stdout(opts.json ? JSON.stringify(doctorJson(r), null, 2) + '\n' : doctorText(r));
        setExit(r.exitCode);
      });
    });
}
