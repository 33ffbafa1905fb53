/** The doctor's verdict table (text) and its `--json` document. */
import type { DoctorResult } from './doctor.js';

const VERDICT_ZH = { ok: '正常', degraded: '部分可用', broken: '無法使用' } as const;

export function doctorJson(r: DoctorResult): unknown {
  return { verdict: r.verdict, exitCode: r.exitCode, probes: r.probes, local: r.local };
}

export function doctorText(r: DoctorResult): string {
  const lines = ['平臺介面（各探測一次）:'];
  const rows = r.probes.map((p) => [
    p.name,
    p.verdict,
    p.status === null ? '-' : String(p.status),
    p.records === null ? '-' : String(p.records),
    p.missing.length ? p.missing.join(',') : '-',
    p.unknown.length ? p.unknown.slice(0, 5).join(',') + (p.unknown.length > 5 ? '…' : '') : '-',
    `${p.ms} ms`,
  ]);
  const head = ['interface', 'verdict', 'HTTP', 'records', 'missing', 'unknown', 'time'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const fmt = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  lines.push(`  ${fmt(head)}`);
  for (const [i, p] of r.probes.entries()) {
    lines.push(`  ${fmt(rows[i]!)}`);
    lines.push(`      ${p.url}`);
    if (p.note) lines.push(`      ${p.note}`);
    if (p.verdict !== 'ok') lines.push(`      without it: ${p.without}`);
  }
  lines.push('本機:');
  for (const l of r.local) lines.push(`  ${l.name.padEnd(16)} ${l.verdict.padEnd(9)} ${l.detail}`);
  lines.push(`結論: ${r.verdict} (${VERDICT_ZH[r.verdict]}), exit ${r.exitCode}`);
  return lines.join('\n') + '\n';
}
