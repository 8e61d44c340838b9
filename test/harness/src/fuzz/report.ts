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
  for (const r of reports) {
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
    violations,
    ms,
  };
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
