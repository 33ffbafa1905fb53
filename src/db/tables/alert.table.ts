import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

export type AlertChannel = 'webhook' | 'email';

/** One row per (channel, discrepancy) already alerted: a discrepancy is sent once per channel. */
export interface AlertSentTable {
  channel: AlertChannel;
  discrepancy_id: string;
  run_id: number | null;
  sent_at: ColumnType<Date, Date | string, Date | string>;
}

/** Every notification attempt, sent or failed (the error is stored with secrets masked). */
export interface AlertDeliveryTable {
  id: Generated<number>;
  run_id: number | null;
  channel: AlertChannel;
  status: 'sent' | 'failed';
  discrepancies: ColumnType<number, number | undefined, number>;
  error: string | null;
  attempted_at: ColumnType<Date, Date | string, Date | string>;
}

export type AlertSent = Selectable<AlertSentTable>;
export type NewAlertSent = Insertable<AlertSentTable>;
export type AlertDelivery = Selectable<AlertDeliveryTable>;
