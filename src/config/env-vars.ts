/** Every environment variable odsync reads, with its type, default and zod schema. */
import { z } from 'zod';
import { cronProblem } from './cron-rule.js';

export interface VarSpec {
  /** Human description (README table). */
  description: string;
  /** Type as shown in the README. */
  type: string;
  /** Default as shown in the README; undefined = no default. */
  default?: string;
  /** Masked in `odsync config` and logs. */
  secret?: boolean;
  schema: z.ZodType;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const fraction = (fallback: number) => z.coerce.number().min(0).max(1).default(fallback);

function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Every environment variable odsync reads. The README's configuration table is generated from this. */
export const ENV_VARS = {
  DATABASE_URL: {
    description:
      'PostgreSQL connection string. When unset, odsync uses the embedded PGlite database in ODSYNC_DATA_DIR.',
    type: 'URL',
    secret: true,
    schema: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
      .optional(),
  },
  ODSYNC_DATA_DIR: {
    description: 'Directory for the embedded database, raw-response archives and locks.',
    type: 'path',
    default: './.odsync',
    schema: z.string().min(1).default('./.odsync'),
  },
  DATAGOVTW_BASE_URL: {
    description: 'Base URL of the data.gov.tw platform (point it at the fake platform for demos and tests).',
    type: 'URL',
    default: 'https://data.gov.tw',
    schema: z.url().default('https://data.gov.tw'),
  },
  DATAGOVTW_API_KEY: {
    description: 'API key for the agency machine-to-machine feeds (citizen requests). Optional.',
    type: 'string',
    secret: true,
    schema: z.string().min(1).optional(),
  },
  // --- citizen voice ---
  DATAGOVTW_REQUESTS_PATH: {
    description:
      'Path (on DATAGOVTW_BASE_URL) of the agency machine-to-machine citizen-requests feed; `{oid}` is replaced by each publisher OID. Unset = the feed is not configured (requests come from `odsync requests import`).',
    type: 'path',
    schema: z.string().regex(/^\//, 'must start with /').optional(),
  },
  DATAGOVTW_API_KEY_HEADER: {
    description: 'HTTP header that carries DATAGOVTW_API_KEY on the machine-to-machine feeds.',
    type: 'string',
    default: 'Authorization',
    schema: z
      .string()
      .regex(/^[A-Za-z0-9-]+$/, 'must be an HTTP header name')
      .default('Authorization'),
  },
  DATAGOVTW_OPTIONS_LIST_PATH: {
    description:
      'Front-end route listing agency names and their agency_tid (resolved by name for the comment counts, cached 7 days).',
    type: 'path',
    default: '/api/front/dataset/options-list',
    schema: z.string().regex(/^\//, 'must start with /').default('/api/front/dataset/options-list'),
  },
  ODSYNC_COMMENTS_RECHECK_HOURS: {
    description:
      'Datasets with unanswered comments are fetched again when their last fetch is this old (a reply does not change the comment count).',
    type: 'number',
    default: '20',
    schema: z.coerce.number().positive().default(20),
  },
  ODSYNC_REQUESTS_SCOPE: {
    description:
      'Which citizen requests are stored: `ours` (routed to one of ODSYNC_PUBLISHERS; the rest are only counted) or `all`.',
    type: 'ours | all',
    default: 'ours',
    schema: z.enum(['ours', 'all']).default('ours'),
  },
  ODSYNC_PUBLISHERS: {
    description:
      'Which publishers are "ours": `*` (all), a comma-separated list of agency names, or a path to a JSON file of `{name, aliases, oid, agencyCode, agencyTid}`.',
    type: 'list | path | *',
    default: 'the 勞動部 family (6 agencies)',
    schema: z.string().min(1).optional(),
  },
  // --- plan import ---
  ODSYNC_PLAN_UNITS: {
    description:
      'Path to a JSON file `{"管理單位": "publishing agency", …}` merged over the built-in unit → agency table used by `odsync plan import` (e.g. `{"統計處": "勞動部"}`).',
    type: 'path',
    default: 'built-in table (勞動部 司/處 and its 5 agencies)',
    schema: z.string().min(1).optional(),
  },
  ODSYNC_TIMEZONE: {
    description: 'Time zone for "today", as-of dates and the platform\'s naive timestamps.',
    type: 'IANA zone',
    default: 'Asia/Taipei',
    schema: z
      .string()
      .default('Asia/Taipei')
      .refine((tz) => isValidTimeZone(tz), 'unknown IANA time zone'),
  },
  LOG_LEVEL: {
    description: 'Log level (pino).',
    type: LOG_LEVELS.join(' | '),
    default: 'info',
    schema: z.enum(LOG_LEVELS).default('info'),
  },
  ODSYNC_HTTP_TIMEOUT_MS: {
    description: 'Timeout of one HTTP request to the platform, in milliseconds.',
    type: 'integer',
    default: '30000',
    schema: positiveInt(30_000),
  },
  ODSYNC_HTTP_CONCURRENCY: {
    description: 'Maximum concurrent requests to the platform (detail and comment calls).',
    type: 'integer',
    default: '2',
    schema: positiveInt(2),
  },
  ODSYNC_HTTP_RATE: {
    description: 'Maximum requests per second to the platform.',
    type: 'number',
    default: '2',
    schema: z.coerce.number().positive().default(2),
  },
  ODSYNC_STALE_RUN_MINUTES: {
    description: 'A run whose heartbeat is older than this is considered dead and is marked failed.',
    type: 'integer',
    default: '10',
    schema: positiveInt(10),
  },
  ODSYNC_DELIST_DROP_THRESHOLD: {
    description:
      'A full catalogue pass returning this fraction fewer datasets than the previous one is partial and delists nothing.',
    type: 'fraction',
    default: '0.2',
    schema: fraction(0.2),
  },
  // --- catalogue sync ---
  DATAGOVTW_EXPORT_PATH: {
    description:
      'Path of the full catalogue export (🟡 unconfirmed; `/api/v2/rest/dataset/export` is the alternate).',
    type: 'path',
    default: '/api/front/dataset/export',
    schema: z.string().startsWith('/').default('/api/front/dataset/export'),
  },
  DATAGOVTW_EXPORT_FORMAT: {
    description: 'Format requested from the catalogue and changed exports (`format=` query parameter).',
    type: 'csv | json',
    default: 'csv',
    schema: z.enum(['csv', 'json']).default('csv'),
  },
  DATAGOVTW_CHANGED_EXPORT_PATH: {
    description: 'Path of the daily changed-datasets export (🟡; called with `report_date=YYYY-MM-DD`).',
    type: 'path',
    default: '/api/front/dataset/changed/export',
    schema: z.string().startsWith('/').default('/api/front/dataset/changed/export'),
  },
  DATAGOVTW_DETAIL_PATH: {
    description: "Path template of one dataset's metadata; `{id}` is replaced by the dataset id.",
    type: 'path',
    default: '/api/v2/rest/dataset/{id}',
    schema: z.string().startsWith('/').includes('{id}').default('/api/v2/rest/dataset/{id}'),
  },
  DATAGOVTW_LIST_PATH: {
    description:
      'Path of the front-end dataset list (🟡; agency filter, comment and view counts, total count).',
    type: 'path',
    default: '/api/front/dataset/list',
    schema: z.string().startsWith('/').default('/api/front/dataset/list'),
  },
  DATAGOVTW_COMMENTS_PATH: {
    description: 'Path of the comments of one dataset (🟡; POST `{"nid":"…"}`).',
    type: 'path',
    default: '/api/front/comment/detail',
    schema: z.string().startsWith('/').default('/api/front/comment/detail'),
  },
  DATAGOVTW_UNPUBLISHED_PATH: {
    description:
      'Path of the platform\'s dataset lists (🟡 POST `{"status":"history"}`: delisted datasets, so those delisted before the first sync are known; `{"status":"unpublish"}`: datasets scheduled for delisting, an early warning), read on full passes. `off` disables both.',
    type: 'path | off',
    default: '/api/front/dataset/simple-list',
    schema: z
      .string()
      .refine((v) => v === 'off' || v.startsWith('/'), 'must be a path starting with / or `off`')
      .default('/api/front/dataset/simple-list'),
  },
  DATAGOVTW_RETRYABLE_CODES: {
    description:
      'Comma-separated platform error codes (HTTP 200 + `success:false`, e.g. `ER0100`) to treat as transient and retry. None is documented as transient.',
    type: 'list',
    default: '(none)',
    schema: z.string().optional(),
  },
  ODSYNC_HTTP_RETRIES: {
    description: 'Retries of one platform request after a network error, 5xx, 429 or a transient error code.',
    type: 'integer',
    default: '4',
    schema: z.coerce.number().int().min(0).max(20).default(4),
  },
  ODSYNC_CONTACT: {
    description:
      'Contact shown in the User-Agent (`odsync/<version> (+<contact>)`) so the platform can reach the operator. ASCII only.',
    type: 'string',
    default: 'MOL IT office',
    schema: z
      .string()
      .regex(/^[\x20-\x7e]+$/, 'must be printable ASCII (it goes into an HTTP header)')
      .default('MOL IT office'),
  },
  ODSYNC_DETAIL_LIMIT: {
    description:
      'Maximum per-dataset detail calls per catalogue run (new or changed datasets of our publishers first; the rest follow on later nights). 0 = no detail calls.',
    type: 'integer',
    default: '1000',
    schema: z.coerce.number().int().min(0).default(1000),
  },
  ODSYNC_FULL_SYNC_WEEKDAY: {
    description:
      'Day of the week (0 = Sunday … 6, Asia/Taipei) on which the nightly catalogue sync is a full pass; -1 = only on `--full` or after 8 days without one.',
    type: 'integer',
    default: '0',
    schema: z.coerce.number().int().min(-1).max(6).default(0),
  },
  ODSYNC_CHANGED_OVERLAP_DAYS: {
    description:
      'Days of overlap when an incremental sync reads the daily changed exports since the last successful run.',
    type: 'integer',
    default: '1',
    schema: z.coerce.number().int().min(0).max(30).default(1),
  },
  ODSYNC_EXPORT_COUNT_TOLERANCE: {
    description:
      "A full export with this fraction fewer rows than the platform's own dataset count (front list `search_count`) is treated as truncated: partial, nothing delisted.",
    type: 'fraction',
    default: '0.02',
    schema: fraction(0.02),
  },
  // --- schedule, health and alerts ---
  ODSYNC_SCHEDULE: {
    description:
      'When `odsync schedule` starts the nightly run: a 5-field cron expression in ODSYNC_TIMEZONE (after the platform rebuilds its export at 01:00); it may restrict day-of-month or day-of-week, not both.',
    type: 'cron',
    default: '30 2 * * *',
    schema: z
      .string()
      .default('30 2 * * *')
      .superRefine((c, ctx) => {
        const problem = cronProblem(c);
        if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
      }),
  },
  ODSYNC_DEADMAN_HOURS: {
    description:
      '`odsync status` warns (and `status --check` exits 1) when no nightly run succeeded within this many hours (plus the extra wait of a schedule that skips days).',
    type: 'number',
    default: '26',
    schema: z.coerce.number().positive().default(26),
  },
  ODSYNC_QUARTERLY_NIGHTLY: {
    description:
      'Whether `odsync nightly` writes the quarterly report (for the last completed quarter): `first` (only on the first night after a quarter ends), `catch_up` (also on later nights until one succeeded for that quarter), `off`.',
    type: 'first | catch_up | off',
    default: 'first',
    schema: z.enum(['first', 'catch_up', 'off']).default('first'),
  },
  ODSYNC_ALERT_LEVEL: {
    description:
      'When to notify: `on_failure` (failed or partial nights), `on_new_discrepancies` (also nights with new discrepancies), `always`.',
    type: 'on_failure | on_new_discrepancies | always',
    default: 'on_new_discrepancies',
    schema: z.enum(['on_failure', 'on_new_discrepancies', 'always']).default('on_new_discrepancies'),
  },
  ODSYNC_ALERT_WEBHOOK_URL: {
    description:
      'Webhook that receives a JSON POST after each nightly run (per ODSYNC_ALERT_LEVEL). Optional.',
    type: 'URL',
    secret: true,
    schema: z.url().optional(),
  },
  ODSYNC_ALERT_WEBHOOK_FORMAT: {
    description:
      'Webhook payload: `json` (odsync\'s own document), `slack` (`{"text"}`, also accepted by Teams/Mattermost incoming webhooks) or `teams` (MessageCard).',
    type: 'json | slack | teams',
    default: 'json',
    schema: z.enum(['json', 'slack', 'teams']).default('json'),
  },
  ODSYNC_ALERT_SMTP_URL: {
    description:
      'SMTP server for e-mail alerts, e.g. `smtps://user:password@mail.example.gov.tw:465`. Optional.',
    type: 'URL',
    secret: true,
    schema: z
      .string()
      .regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://')
      .optional(),
  },
  ODSYNC_ALERT_EMAIL_TO: {
    description: 'Comma-separated recipients of e-mail alerts (required when ODSYNC_ALERT_SMTP_URL is set).',
    type: 'list',
    schema: z.string().optional(),
  },
  ODSYNC_ALERT_EMAIL_FROM: {
    description: 'Sender of e-mail alerts.',
    type: 'string',
    default: 'odsync <odsync@localhost>',
    schema: z.string().min(3).default('odsync <odsync@localhost>'),
  },
  ODSYNC_ALERT_TIMEOUT_MS: {
    description: 'Timeout of one alert delivery (webhook or SMTP), in milliseconds.',
    type: 'integer',
    default: '10000',
    schema: positiveInt(10_000),
  },
  ODSYNC_MATCH_HIGH: {
    description:
      'Reconciliation: a plan item ↔ dataset score at or above this (and unambiguous, same agency) is an automatic match.',
    type: 'fraction',
    default: '0.75',
    schema: fraction(0.75),
  },
  ODSYNC_MATCH_LOW: {
    description:
      'Reconciliation: scores from this up to ODSYNC_MATCH_HIGH are `needs_review` (a person decides); below it, no match.',
    type: 'fraction',
    default: '0.55',
    schema: fraction(0.55),
  },
  ODSYNC_MATCH_SYNONYMS: {
    description:
      'Path to a JSON file `{ "abbreviation": "full form" | null }` merged over the built-in synonym table (外勞→外籍勞工 …); null removes an entry.',
    type: 'path',
    schema: z.string().min(1).optional(),
  },
  ODSYNC_FEEDBACK_REPLY_DAYS: {
    description:
      'A citizen comment without an agency reply for more than this many days is `unanswered_feedback`.',
    type: 'integer',
    default: '14',
    schema: positiveInt(14),
  },
  ODSYNC_REQUEST_REPLY_DAYS: {
    description: 'A citizen request still 未回復 after more than this many days is `open_request`.',
    type: 'integer',
    default: '30',
    schema: positiveInt(30),
  },
} satisfies Record<string, VarSpec>;

export type EnvVars = typeof ENV_VARS;
export type ParsedEnv = { [K in keyof EnvVars]: z.output<EnvVars[K]['schema']> };
