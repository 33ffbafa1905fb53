/**
 * After a nightly run: work out, per channel, the discrepancies it has not been told about, decide
 * by the alert level whether to notify, deliver, and remember what was sent. A failed delivery is
 * logged and recorded, never thrown: alerts must not fail the run they report on. Discrepancies
 * that were not delivered stay unsent and go out with the next successful delivery.
 */
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import type { AlertChannel, Database } from '../db/index.js';
import type { Logger } from '../logger.js';
import type { AlertDiscrepancy, NightlyAlertInput } from './alert-message.js';
import { shouldNotify, type AlertLevel } from './alert-policy.js';
import { AlertDeliveryError, emailNotifier, webhookNotifier, type Notifier } from './notifiers.js';

export interface AlertsConfig {
  level: AlertLevel;
  webhookUrl: string | undefined;
  webhookFormat: 'json' | 'slack' | 'teams';
  smtpUrl: string | undefined;
  emailTo: readonly string[];
  emailFrom: string;
  timeoutMs: number;
}

export interface SendAlertsDeps {
  db: Kysely<Database>;
  logger: Logger;
  clock: Clock;
  config: AlertsConfig;
  /** Override the channels built from `config` (tests). */
  notifiers?: Notifier[];
}

export interface ChannelResult {
  channel: AlertChannel;
  outcome: 'sent' | 'failed' | 'not_needed';
  newDiscrepancies: number;
  error?: string;
}

export interface SendAlertsResult {
  configured: number;
  sent: number;
  failed: number;
  channels: ChannelResult[];
}

/** The channels configured in the environment (none = alerts off). */
export function notifiersFromConfig(config: AlertsConfig): Notifier[] {
  const out: Notifier[] = [];
  if (config.webhookUrl) {
    out.push(
      webhookNotifier({ url: config.webhookUrl, format: config.webhookFormat, timeoutMs: config.timeoutMs }),
    );
  }
  if (config.smtpUrl && config.emailTo.length > 0) {
    out.push(
      emailNotifier({
        smtpUrl: config.smtpUrl,
        from: config.emailFrom,
        to: config.emailTo,
        timeoutMs: config.timeoutMs,
      }),
    );
  }
  return out;
}

export async function sendNightlyAlerts(
  deps: SendAlertsDeps,
  input: NightlyAlertInput,
  openDiscrepancies: readonly AlertDiscrepancy[],
): Promise<SendAlertsResult> {
  const notifiers = deps.notifiers ?? notifiersFromConfig(deps.config);
  const result: SendAlertsResult = { configured: notifiers.length, sent: 0, failed: 0, channels: [] };
  for (const notifier of notifiers) {
    const channel = notifier.channel;
    const alreadySent = new Set(
      openDiscrepancies.length === 0
        ? []
        : (
            await deps.db
              .selectFrom('alert_sent')
              .select('discrepancy_id')
              .where('channel', '=', channel)
              .where(
                'discrepancy_id',
                'in',
                openDiscrepancies.map((d) => d.id),
              )
              .execute()
          ).map((r) => r.discrepancy_id),
    );
    const fresh = openDiscrepancies.filter((d) => !alreadySent.has(d.id));
    if (!shouldNotify(deps.config.level, input.status, fresh.length)) {
      result.channels.push({ channel, outcome: 'not_needed', newDiscrepancies: fresh.length });
      continue;
    }
    const attemptedAt = deps.clock.now();
    try {
      await notifier.send({ ...input, newDiscrepancies: fresh });
    } catch (err) {
      const message = err instanceof AlertDeliveryError ? err.message : `${channel} failed: unexpected error`;
      deps.logger.warn({ channel, error: message, runId: input.runId }, 'alert not delivered');
      await deps.db
        .insertInto('alert_deliveries')
        .values({
          run_id: input.runId,
          channel,
          status: 'failed',
          discrepancies: fresh.length,
          error: message,
          attempted_at: attemptedAt,
        })
        .execute();
      result.failed++;
      result.channels.push({ channel, outcome: 'failed', newDiscrepancies: fresh.length, error: message });
      continue;
    }
    await deps.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('alert_deliveries')
        .values({
          run_id: input.runId,
          channel,
          status: 'sent',
          discrepancies: fresh.length,
          error: null,
          attempted_at: attemptedAt,
        })
        .execute();
      // Batches keep the statement well under the bind-parameter limit.
      for (let i = 0; i < fresh.length; i += 1000) {
        await tx
          .insertInto('alert_sent')
          .values(
            fresh.slice(i, i + 1000).map((d) => ({
              channel,
              discrepancy_id: d.id,
              run_id: input.runId,
              sent_at: attemptedAt,
            })),
          )
          .onConflict((oc) => oc.columns(['channel', 'discrepancy_id']).doNothing())
          .execute();
      }
    });
    deps.logger.info({ channel, newDiscrepancies: fresh.length, runId: input.runId }, 'alert sent');
    result.sent++;
    result.channels.push({ channel, outcome: 'sent', newDiscrepancies: fresh.length });
  }
  return result;
}
