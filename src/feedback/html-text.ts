/** Shapes of the citizen-voice sources' HTML fields (the crawl, the platform's acknowledgements). */

/**
 * One reply floor of the 2019 crawl is a Python-list rendering of its HTML paragraphs:
 * `[<p>…</p>, <p>…</p>]`. Returns the HTML inside the brackets, or null when the field is not
 * shaped like that (a cut-off or foreign field).
 */
export function unwrapPythonListHtml(field: string): string | null {
  const trimmed = field.trim();
  if (!trimmed.startsWith('[') || !trimmed.endsWith(']')) return null;
  return trimmed
    .slice(1, -1)
    .replace(/<\/p>,\s*<p>/g, '</p><p>')
    .trim();
}

/** The platform's automatic acknowledgement floor ("已請主管機關【 … 】研議辦理"), not an agency reply. */
export function isPlatformAcknowledgement(text: string): boolean {
  return /^關於您建議/.test(text) && /已請主管機關/.test(text);
}
