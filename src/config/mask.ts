/** Secrets kept out of output and logs, and the one reader of a secret named on the command line. */
import type { Config } from './load-config.js';

/** Secrets masked, for `odsync config` and logs. */
export function maskedConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    databaseUrl: config.databaseUrl === undefined ? undefined : maskUrlPassword(config.databaseUrl),
    apiKey: config.apiKey === undefined ? undefined : '***',
    alerts: {
      ...config.alerts,
      // Webhook URLs carry their token in the path (Slack, Teams): only the origin is shown.
      webhookUrl:
        config.alerts.webhookUrl === undefined ? undefined : `${safeOrigin(config.alerts.webhookUrl)}/***`,
      smtpUrl: config.alerts.smtpUrl === undefined ? undefined : maskUrlPassword(config.alerts.smtpUrl),
    },
    publishers: config.publishers === null ? '*' : config.publishers.map((p) => p.name),
  };
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '***';
  }
}

/**
 * A secret named on the command line (e.g. `--password-env VAR`): read here so that no other file
 * touches process.env. Returns undefined when unset or empty.
 */
export function secretFromEnv(
  name: string,
  env: Record<string, string | undefined> = process.env,
): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Replace the password part of a URL (`scheme://user:secret@host`) with `***`. */
export function maskUrlPassword(text: string): string {
  return text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/gi, '$1***@');
}
