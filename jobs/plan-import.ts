/**
 * `odsync plan import|list|history`: the plan stage (src/plan) as a job. The file is read
 * and validated before the database is touched; the import itself runs as the `plan-import` job.
 */
import type { Config } from '../src/config/index.js';
import {
  preparePlanFile,
  storePlanVersion,
  type PlanEncoding,
  type PlanFormat,
  type PlanImportResult,
  type PreparedPlan,
  mergeUnitAgencies,
} from '../src/plan/index.js';
import { runJob } from '../src/runs/index.js';
import type { Runtime } from './runtime.js';

export const JOB_NAME = 'plan-import';

export interface PlanImportArgs {
  file: string;
  label?: string;
  encoding?: PlanEncoding;
  format?: PlanFormat;
  effective?: string;
}

/** Read and validate the file: throws FileInputError listing every problem; touches no database. */
export function prepare(config: Pick<Config, 'planUnits'>, args: PlanImportArgs): Promise<PreparedPlan> {
  return preparePlanFile(args.file, {
    ...(args.label === undefined ? {} : { label: args.label }),
    ...(args.format === undefined ? {} : { format: args.format }),
    ...(args.encoding === undefined ? {} : { encoding: args.encoding }),
    ...(args.effective === undefined ? {} : { effective: args.effective }),
    unitAgencies: mergeUnitAgencies(config.planUnits),
  });
}

/** Validate the file, then store it as a new version, recorded as the plan-import job. */
export async function run(rt: Runtime, args: PlanImportArgs): Promise<PlanImportResult> {
  return store(rt, await prepare(rt.config, args));
}

/** Store a prepared plan as the plan-import job (one transaction). */
export async function store(rt: Runtime, plan: PreparedPlan): Promise<PlanImportResult> {
  let result: PlanImportResult | undefined;
  await runJob(
    rt.runDeps,
    JOB_NAME,
    async (ctx) => {
      result = await storePlanVersion({ db: rt.handle.db, logger: ctx.logger, clock: rt.clock }, plan, {
        runId: ctx.runId,
      });
      return {
        status: 'succeeded',
        counters: {
          status: result.status,
          label: result.label,
          versionId: result.versionId,
          items: result.itemCount,
          warnings: result.warnings.length,
          ...result.counts,
        },
      };
    },
    {
      args: {
        file: plan.fileName,
        label: plan.label,
        format: plan.format,
        checksum: plan.checksum,
        effectiveDate: plan.effectiveDate ?? null,
      },
    },
  );
  if (!result) throw new Error('plan import finished without a result');
  return result;
}
