/**
 * pino logger: JSON to stderr by default, pretty on a TTY. Secrets are redacted by key and
 * connection-string passwords are masked inside any logged string.
 */
import { pino, type Logger, type DestinationStream } from 'pino';
import pretty from 'pino-pretty';
import { maskUrlPassword } from './config/index.js';

export type { Logger } from 'pino';

export const REDACT_PATHS = [
  'password',
  '*.password',
  'apiKey',
  '*.apiKey',
  'databaseUrl',
  '*.databaseUrl',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers.Authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
  'smtpPassword',
  '*.smtpPassword',
  'webhookUrl',
  '*.webhookUrl',
];

export interface LoggerOptions {
  level?: string;
  /** Pretty human output (default: when stderr is a TTY). */
  pretty?: boolean;
  /** Where to write (default: stderr). */
  destination?: DestinationStream;
  /** Extra literal secrets to mask wherever they appear in a message. */
  secrets?: readonly string[];
  /** Names of headers that carry a secret (DATAGOVTW_API_KEY_HEADER), redacted like `authorization`. */
  secretHeaders?: readonly string[];
}

/** Redaction paths for a header name, in the spellings a logged request or error carries it. */
export function headerRedactPaths(name: string): string[] {
  return [...new Set([name, name.toLowerCase()])].flatMap((n) => [
    `headers["${n}"]`,
    `*.headers["${n}"]`,
    `config.headers["${n}"]`,
    `*.config.headers["${n}"]`,
  ]);
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 4);
  const scrub = (s: string): string => {
    let out = maskUrlPassword(s);
    for (const secret of secrets) out = out.split(secret).join('***');
    return out;
  };
  const usePretty = options.pretty ?? (options.destination === undefined && process.stderr.isTTY === true);
  const destination =
    options.destination ??
    (usePretty
      ? pretty({
          destination: 2,
          colorize: true,
          translateTime: 'SYS:HH:MM:ss',
          ignore: 'pid,hostname',
          sync: true,
        })
      : pino.destination({ fd: 2, sync: true }));
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      redact: {
        paths: [...new Set([...REDACT_PATHS, ...(options.secretHeaders ?? []).flatMap(headerRedactPaths)])],
        censor: '***',
      },
      hooks: {
        // Mask secrets inside free text (messages and error strings), not just known keys.
        logMethod(args, method) {
          const masked = args.map((a: unknown) => (typeof a === 'string' ? scrub(a) : a));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
      serializers: {
        err: (err: unknown) => {
          const s = pino.stdSerializers.err(err as Error);
          return { ...s, message: scrub(String(s.message)), stack: s.stack ? scrub(s.stack) : s.stack };
        },
      },
    },
    destination,
  );
}

/** A logger that drops everything (tests that do not inspect logs). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
