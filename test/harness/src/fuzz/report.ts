// Summaries of fuzz runs: totals per engine, status and mutation counts, and violations as readable text.
import type { OperationReport, Violation } from './run.ts';

export interface FuzzSummary {
  engine: string;
  seed: number;
  runsPerOperation: number;
  operations: number;
  cases: number;
  /** Cases answered 2xx. */
  accepted: number;
  statuses: Record<string, number>;
  labels: Record<string, number>;
  /** Per operation: `[answered 2xx, answered 4xx]`. */
  byOperation: Record<string, [accepted: number, rejected: number]>;
  violations: number;
  ms: number;
}

export function summarise(
  engine: string,
  seed: number,
  runs: number,
  reports: readonly OperationReport[],
): FuzzSummary {
  const statuses: Record<string, number> = {};
  const labels: Record<string, number> = {};
  let cases = 0;
  let accepted = 0;
  let violations = 0;
  let ms = 0;
  const byOperation: FuzzSummary['byOperation'] = {};
  for (const r of reports) {
    byOperation[r.op] = [r.accepted, r.rejected];
    cases += r.cases;
    violations += r.violations.length;
    ms += r.ms;
    for (const [s, n] of Object.entries(r.statuses)) {
      statuses[s] = (statuses[s] ?? 0) + n;
      if (s.startsWith('2')) accepted += n;
    }
    for (const [l, n] of Object.entries(r.labels)) labels[l] = (labels[l] ?? 0) + n;
  }
  return {
    engine,
    seed,
    runsPerOperation: runs,
    operations: reports.length,
    cases,
    accepted,
    statuses,
    labels,
    byOperation,
    violations,
    ms,
  };
}

const WRITE = /^(POST|PUT|PATCH|DELETE) /;

/**
 * The write operations as a table: cases answered 2xx and 4xx, and of the unmutated cases how many were
 * accepted (and the commonest refusal), `*` marking the operations with a valid-input generator.
 */
export function operationTable(reports: readonly OperationReport[]): string {
  const rows = reports
    .filter((r) => WRITE.test(r.op))
    .map((r) => {
      const top = Object.entries(r.validRefusals).sort((a, b) => b[1] - a[1])[0];
      return [
        `${r.generator ? '*' : ' '} ${r.op}`,
        String(r.accepted),
        String(r.rejected),
        `${r.valid.accepted}/${r.valid.cases}`,
        top ? `${top[0]} ×${top[1]}` : '',
      ];
    });
  const head = ['  write operation', '2xx', '4xx', 'valid 2xx', 'commonest refusal of a valid case'];
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === 4 ? c.padEnd(width[i] ?? 0) : c.padStart(width[i] ?? 0)))
      .join('  ');
  return [line(head), ...rows.map(line)].join('\n');
}

/** A violation as a few lines: which oracle, which case (reproducible from the seed), request and answer. */
export function describeViolation(v: Violation): string {
  const where = v.index >= 0 ? `case #${v.index} (${v.label})` : 'after the run';
  return [
    `[${v.oracle}] ${v.op} ${where}: ${v.message}`,
    v.request && `  request: ${v.request}`,
    v.response && `  answer:  ${v.response}`,
  ]
    .filter(Boolean)
    .join('\n');
}
