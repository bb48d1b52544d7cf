// Figures, budgets and the report: Markdown on stdout and in bench/results/report.md, JSON in
// bench/results/report.json. A budget is never adjusted here to make a figure pass.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export type Unit = 'ms' | 'B' | 'KB' | 'records' | 'req/s' | 'records/s' | 'count' | 'ratio' | 'B/record';

export interface Budget {
  /** '<=': the figure must not exceed the limit; '>=': it must reach it. */
  op: '<=' | '>=';
  limit: number;
}

export interface Figure {
  section: string;
  name: string;
  /** null: could not be measured (see note). */
  value: number | null;
  unit: Unit;
  budget?: Budget;
  /** Extra context: profile, sample size, why it is missing. */
  note?: string;
}

export interface SectionResult {
  id: string;
  title: string;
  figures: Figure[];
  /** Set when the section could not run to the end. */
  error?: string;
  seconds: number;
}

export interface Report {
  startedAt: string;
  environment: Record<string, string>;
  profiles: Record<string, string>;
  sections: SectionResult[];
  totalSeconds: number;
}

export const ratioOf = (f: Figure): number | null =>
  f.budget && f.value !== null && f.budget.limit !== 0 ? f.value / f.budget.limit : null;

export const verdictOf = (f: Figure): 'pass' | 'MISSED' | 'not measured' | '' => {
  if (!f.budget) return '';
  if (f.value === null) return 'not measured';
  const ok = f.budget.op === '<=' ? f.value <= f.budget.limit : f.value >= f.budget.limit;
  return ok ? 'pass' : 'MISSED';
};

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

export const formatValue = (value: number | null, unit: Unit): string => {
  if (value === null) return '—';
  switch (unit) {
    case 'ms':
      return value >= 10_000 ? `${decimal.format(value / 1000)} s` : `${number.format(value)} ms`;
    case 'B':
      return value >= 10_240 ? `${decimal.format(value / 1024)} KB` : `${number.format(value)} B`;
    case 'KB':
      return `${decimal.format(value)} KB`;
    case 'ratio':
      return decimal.format(value);
    default:
      return `${value >= 100 ? number.format(value) : decimal.format(value)} ${unit}`;
  }
};

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export const toMarkdown = (report: Report): string => {
  const lines: string[] = [];
  lines.push(`# Sillon benchmark report`, '');
  lines.push(`Run ${report.startedAt}, ${decimal.format(report.totalSeconds)} s in total.`, '');
  for (const [k, v] of Object.entries(report.environment)) lines.push(`- ${k}: ${v}`);
  lines.push('', 'Profiles:', '');
  for (const [k, v] of Object.entries(report.profiles)) lines.push(`- « ${k} »: ${v}`);
  const budgeted = report.sections.flatMap((s) => s.figures.filter((f) => f.budget));
  const missed = budgeted.filter((f) => verdictOf(f) !== 'pass');
  lines.push('');
  lines.push(
    missed.length === 0
      ? `**All ${budgeted.length} budgets met.**`
      : `**${missed.length} of ${budgeted.length} budgets missed or not measured:** ${missed
          .map((f) => `${f.section} — ${f.name}`)
          .join('; ')}.`,
  );
  for (const s of report.sections) {
    lines.push('', `## ${s.title}`, '');
    if (s.error) lines.push(`> **Section did not complete:** ${cell(s.error)}`, '');
    if (s.figures.length > 0) {
      lines.push('| Figure | Value | Budget | Ratio | Verdict | Note |', '|---|---:|---:|---:|---|---|');
      for (const f of s.figures) {
        const ratio = ratioOf(f);
        const budget = f.budget ? `${f.budget.op} ${formatValue(f.budget.limit, f.unit)}` : '';
        const verdict = verdictOf(f);
        lines.push(
          `| ${cell(f.name)} | ${formatValue(f.value, f.unit)} | ${budget} | ${
            ratio === null ? '' : decimal.format(ratio)
          } | ${verdict === 'MISSED' ? '**MISSED**' : verdict} | ${cell(f.note ?? '')} |`,
        );
      }
    }
    lines.push('', `_${decimal.format(s.seconds)} s_`);
  }
  lines.push('');
  return lines.join('\n');
};

export const writeReport = (report: Report, dir: string): { md: string; json: string } => {
  mkdirSync(dir, { recursive: true });
  const md = join(dir, 'report.md');
  const json = join(dir, 'report.json');
  writeFileSync(md, toMarkdown(report));
  const withVerdicts = {
    ...report,
    sections: report.sections.map((s) => ({
      ...s,
      figures: s.figures.map((f) => ({ ...f, ratio: ratioOf(f), verdict: verdictOf(f) || undefined })),
    })),
  };
  writeFileSync(json, `${JSON.stringify(withVerdicts, null, 2)}\n`);
  return { md, json };
};

/** Median and extremes of a sample. */
export const stats = (values: number[]): { median: number; max: number; min: number; p99: number } => {
  if (values.length === 0) return { median: NaN, max: NaN, min: NaN, p99: NaN };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { median, max: sorted[sorted.length - 1]!, min: sorted[0]!, p99: at(0.99) };
};
