/** `odsync doctor`: what works on this machine, against the configured platform (see src/doctor). */
import { runDoctor, type DoctorResult } from '../src/doctor/index.js';
import type { Notifier } from '../src/alerts/index.js';
import { createPlatformClient } from '../src/platform/index.js';
import type { Runtime } from './runtime.js';

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
