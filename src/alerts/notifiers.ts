/**
 * Delivery channels. Their URLs carry secrets (webhook tokens, SMTP passwords): errors are
 * rebuilt from the status or error code only, never from the library's error (which embeds the URL).
 */
import axios from 'axios';
import nodemailer from 'nodemailer';
import { maskUrlPassword } from '../config/index.js';
import type { AlertChannel } from '../db/index.js';
import {
  alertSubject,
  alertText,
  webhookPayload,
  type AlertDigest,
  type WebhookFormat,
} from './alert-message.js';

export interface Notifier {
  channel: AlertChannel;
  send(digest: AlertDigest): Promise<void>;
}

/** A delivery failed; the message is safe to log and store. */
export class AlertDeliveryError extends Error {}

export function webhookNotifier(options: {
  url: string;
  format: WebhookFormat;
  timeoutMs: number;
}): Notifier {
  return {
    channel: 'webhook',
    send: async (digest) => {
      try {
        await axios.post(options.url, webhookPayload(digest, options.format), {
          timeout: options.timeoutMs,
          maxRedirects: 0,
          headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'odsync-alerts' },
          validateStatus: (s) => s >= 200 && s < 300,
        });
      } catch (err) {
        throw new AlertDeliveryError(`webhook POST failed: ${describeHttpError(err)}`);
      }
    },
  };
}

function describeHttpError(err: unknown): string {
  if (axios.isAxiosError(err)) {
    if (err.response) return `HTTP ${err.response.status}`;
    if (err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT') return 'timed out';
    return err.code ?? 'network error';
  }
  return 'unexpected error';
}

export function emailNotifier(options: {
  smtpUrl: string;
  from: string;
  to: readonly string[];
  timeoutMs: number;
}): Notifier {
  return {
    channel: 'email',
    send: async (digest) => {
      const transport = nodemailer.createTransport({
        url: options.smtpUrl,
        connectionTimeout: options.timeoutMs,
        greetingTimeout: options.timeoutMs,
        socketTimeout: options.timeoutMs,
      });
      try {
        await transport.sendMail({
          from: options.from,
          to: [...options.to],
          subject: alertSubject(digest),
          text: alertText(digest),
        });
      } catch (err) {
        const e = err as { code?: string; responseCode?: number; message?: string };
        const detail = e.responseCode ? `SMTP ${e.responseCode}` : (e.code ?? 'error');
        const password = passwordOf(options.smtpUrl);
        let message = maskUrlPassword(`${detail}: ${e.message ?? ''}`);
        if (password) message = message.split(password).join('***');
        throw new AlertDeliveryError(`e-mail failed: ${message}`);
      } finally {
        transport.close();
      }
    },
  };
}

function passwordOf(url: string): string | null {
  try {
    const p = decodeURIComponent(new URL(url).password);
    return p.length > 0 ? p : null;
  } catch {
    return null;
  }
}
