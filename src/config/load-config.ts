/**
 * Configuration: parsed once from the environment with zod, every problem reported at once,
 * the result frozen. No other module reads `process.env`.
 */
import { ConfigError } from '../errors.js';
import { loadPlanUnitsFile, loadSynonymFile, parsePublishers } from './config-files.js';
import { ENV_VARS, type ParsedEnv, type VarSpec } from './env-vars.js';
import { MOL_FAMILY, type Publisher } from './mol-family.js';

/** Parse the environment. Throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Readonly<Config> {
  const issues: string[] = [];
  const parsed: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(ENV_VARS) as [string, VarSpec][]) {
    const raw = env[name];
    const result = spec.schema.safeParse(raw === '' ? undefined : raw);
    if (result.success) parsed[name] = result.data;
    else for (const issue of result.error.issues) issues.push(`${name}: ${issue.message}`);
  }
  let publishers: readonly Publisher[] | null = MOL_FAMILY;
  if (typeof parsed.ODSYNC_PUBLISHERS === 'string') {
    try {
      publishers = parsePublishers(parsed.ODSYNC_PUBLISHERS);
    } catch (err) {
      issues.push(`ODSYNC_PUBLISHERS: ${(err as Error).message}`);
    }
  }
  let planUnits: Readonly<Record<string, string>> | null = null;
  if (typeof parsed.ODSYNC_PLAN_UNITS === 'string') {
    try {
      planUnits = loadPlanUnitsFile(parsed.ODSYNC_PLAN_UNITS);
    } catch (err) {
      issues.push(`ODSYNC_PLAN_UNITS: ${(err as Error).message}`);
    }
  }
  if (typeof parsed.ODSYNC_ALERT_SMTP_URL === 'string' && !parsed.ODSYNC_ALERT_EMAIL_TO) {
    issues.push('ODSYNC_ALERT_EMAIL_TO: required when ODSYNC_ALERT_SMTP_URL is set');
  }
  let synonyms: Record<string, string | null> | null = null;
  if (typeof parsed.ODSYNC_MATCH_SYNONYMS === 'string') {
    try {
      synonyms = loadSynonymFile(parsed.ODSYNC_MATCH_SYNONYMS);
    } catch (err) {
      issues.push(`ODSYNC_MATCH_SYNONYMS: ${(err as Error).message}`);
    }
  }
  if (
    typeof parsed.ODSYNC_MATCH_LOW === 'number' &&
    typeof parsed.ODSYNC_MATCH_HIGH === 'number' &&
    !(parsed.ODSYNC_MATCH_LOW > 0 && parsed.ODSYNC_MATCH_LOW <= parsed.ODSYNC_MATCH_HIGH)
  ) {
    issues.push('ODSYNC_MATCH_LOW: must be above 0 and not above ODSYNC_MATCH_HIGH');
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return deepFreeze(toConfig(parsed as ParsedEnv, { publishers, planUnits, synonyms }));
}

/** The configuration's shape: the parsed variables, grouped by the code that reads them. */
export type Config = ReturnType<typeof toConfig>;

/** What the configuration files named by variables hold (read and checked in loadConfig). */
interface ConfigFiles {
  /** null = every publisher is ours (`*`). */
  publishers: readonly Publisher[] | null;
  /** Operator entries of ODSYNC_PLAN_UNITS, merged over the plan's built-in table; null = none. */
  planUnits: Readonly<Record<string, string>> | null;
  /** Operator synonym entries (null removes a default); null = defaults only. */
  synonyms: Readonly<Record<string, string | null>> | null;
}

function toConfig(e: ParsedEnv, files: ConfigFiles) {
  const { publishers, planUnits, synonyms } = files;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: e.ODSYNC_DATA_DIR,
    baseUrl: e.DATAGOVTW_BASE_URL.replace(/\/+$/, ''),
    apiKey: e.DATAGOVTW_API_KEY,
    feedback: {
      requestsPath: e.DATAGOVTW_REQUESTS_PATH,
      apiKeyHeader: e.DATAGOVTW_API_KEY_HEADER,
      requestsKeepAll: e.ODSYNC_REQUESTS_SCOPE === 'all',
      optionsListPath: e.DATAGOVTW_OPTIONS_LIST_PATH,
      commentsRecheckHours: e.ODSYNC_COMMENTS_RECHECK_HOURS,
    },
    publishers,
    planUnits,
    timeZone: e.ODSYNC_TIMEZONE,
    logLevel: e.LOG_LEVEL,
    http: {
      timeoutMs: e.ODSYNC_HTTP_TIMEOUT_MS,
      concurrency: e.ODSYNC_HTTP_CONCURRENCY,
      ratePerSecond: e.ODSYNC_HTTP_RATE,
    },
    staleRunMinutes: e.ODSYNC_STALE_RUN_MINUTES,
    delistDropThreshold: e.ODSYNC_DELIST_DROP_THRESHOLD,
    platform: {
      exportPath: e.DATAGOVTW_EXPORT_PATH,
      exportFormat: e.DATAGOVTW_EXPORT_FORMAT,
      changedExportPath: e.DATAGOVTW_CHANGED_EXPORT_PATH,
      detailPath: e.DATAGOVTW_DETAIL_PATH,
      listPath: e.DATAGOVTW_LIST_PATH,
      commentsPath: e.DATAGOVTW_COMMENTS_PATH,
      unpublishedPath: e.DATAGOVTW_UNPUBLISHED_PATH === 'off' ? null : e.DATAGOVTW_UNPUBLISHED_PATH,
      retryableCodes: (e.DATAGOVTW_RETRYABLE_CODES ?? '')
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean),
      retries: e.ODSYNC_HTTP_RETRIES,
      contact: e.ODSYNC_CONTACT,
    },
    schedule: { cron: e.ODSYNC_SCHEDULE.trim(), deadManHours: e.ODSYNC_DEADMAN_HOURS },
    quarterly: { nightly: e.ODSYNC_QUARTERLY_NIGHTLY },
    alerts: {
      level: e.ODSYNC_ALERT_LEVEL,
      webhookUrl: e.ODSYNC_ALERT_WEBHOOK_URL,
      webhookFormat: e.ODSYNC_ALERT_WEBHOOK_FORMAT,
      smtpUrl: e.ODSYNC_ALERT_SMTP_URL,
      emailTo: (e.ODSYNC_ALERT_EMAIL_TO ?? '')
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
      emailFrom: e.ODSYNC_ALERT_EMAIL_FROM,
      timeoutMs: e.ODSYNC_ALERT_TIMEOUT_MS,
    },
    catalog: {
      detailLimit: e.ODSYNC_DETAIL_LIMIT,
      fullSyncWeekday: e.ODSYNC_FULL_SYNC_WEEKDAY,
      changedOverlapDays: e.ODSYNC_CHANGED_OVERLAP_DAYS,
      exportCountTolerance: e.ODSYNC_EXPORT_COUNT_TOLERANCE,
    },
    reconcile: {
      highThreshold: e.ODSYNC_MATCH_HIGH,
      lowThreshold: e.ODSYNC_MATCH_LOW,
      synonyms,
      feedbackReplyDays: e.ODSYNC_FEEDBACK_REPLY_DAYS,
      requestReplyDays: e.ODSYNC_REQUEST_REPLY_DAYS,
    },
  };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as object)) deepFreeze(v);
  }
  return value;
}
