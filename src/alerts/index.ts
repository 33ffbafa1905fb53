export {
  alertSubject,
  alertText,
  webhookPayload,
  DIGEST_LIST_LIMIT,
  type AlertDigest,
  type AlertDiscrepancy,
  type AlertStage,
  type NightlyAlertInput,
  type RunOutcome,
  type WebhookFormat,
} from './alert-message.js';
export { shouldNotify, type AlertLevel } from './alert-policy.js';
export { AlertDeliveryError, emailNotifier, webhookNotifier, type Notifier } from './notifiers.js';
export {
  notifiersFromConfig,
  sendNightlyAlerts,
  type AlertsConfig,
  type ChannelResult,
  type SendAlertsDeps,
  type SendAlertsResult,
} from './send-alerts.js';
export { openDiscrepancies } from './open-discrepancies.js';
