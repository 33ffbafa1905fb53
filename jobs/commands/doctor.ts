/** `odsync doctor [--json] [--send-test-alert]` (jobs/doctor.ts). */
import type { Command } from 'commander';
import { doctorJson, doctorText } from '../../src/doctor/index.js';
import type { CliIo } from '../cli-io.js';
import * as doctor from '../doctor.js';
import { withRuntime, type RuntimeOptions } from '../runtime.js';

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
        const r = await doctor.run(rt, { sendTestAlert: opts.sendTestAlert === true });
        io.stdout(opts.json ? JSON.stringify(doctorJson(r), null, 2) + '\n' : doctorText(r));
        setExit(r.exitCode);
      });
    });
}
