/**
 * The one HTML escape of the report. Every interpolated value goes through `html```, which escapes
 * everything that is not already `SafeHtml`; raw strings never reach the page unescaped.
 */

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escape text for an HTML element body or a quoted attribute value (also safe inside SVG). */
export function escapeHtml(value: string): string {
  // Control characters other than tab/newline are dropped: they are invalid in HTML and XML.
  // eslint-disable-next-line no-control-regex
  return value.replace(/[&<>"'`]|[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, (c) => ESCAPES[c] ?? '');
}

/** Markup produced by `html``…`` (already escaped). */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

function toHtml(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return (v as readonly HtmlValue[]).map(toHtml).join('');
  return escapeHtml(String(v));
}

/** Tagged template: literal parts are trusted markup, every `${value}` is escaped. */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  for (let i = 0; i < values.length; i++) out += toHtml(values[i]) + (strings[i + 1] ?? '');
  return new SafeHtml(out);
}

/** Trusted constant markup (CSS, never data). */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}
