// Latency and outcome counts of the load: per operation and overall, percentiles by nearest rank.

/** The value at percentile `p` (0–100) of `sorted` (ascending), by nearest rank; 0 for no samples. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? 0;
}

export interface OperationFigures {
  requests: number;
  p50: number;
  p99: number;
  max: number;
  /** Answers by status code. */
  statuses: Record<string, number>;
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** Collects one sample per request: its operation, status and latency in milliseconds. */
export class Metrics {
  private readonly samples = new Map<string, number[]>();
  private readonly statuses = new Map<string, Map<number, number>>();

  record(operation: string, status: number, ms: number): void {
    const list = this.samples.get(operation) ?? [];
    this.samples.set(operation, list);
    list.push(ms);
    const counts = this.statuses.get(operation) ?? new Map<number, number>();
    this.statuses.set(operation, counts);
    counts.set(status, (counts.get(status) ?? 0) + 1);
  }

  get requests(): number {
    let n = 0;
    for (const list of this.samples.values()) n += list.length;
    return n;
  }

  /** Requests answered with a status for which `match` holds. */
  count(match: (status: number) => boolean): number {
    let n = 0;
    for (const counts of this.statuses.values()) for (const [status, c] of counts) if (match(status)) n += c;
    return n;
  }

  private figures(list: readonly number[], counts: ReadonlyMap<number, number>): OperationFigures {
    const sorted = [...list].sort((a, b) => a - b);
    return {
      requests: sorted.length,
      p50: round(percentile(sorted, 50)),
      p99: round(percentile(sorted, 99)),
      max: round(sorted.at(-1) ?? 0),
      statuses: Object.fromEntries([...counts].sort(([a], [b]) => a - b).map(([s, c]) => [String(s), c])),
    };
  }

  overall(): OperationFigures {
    const all = [...this.samples.values()].flat();
    const counts = new Map<number, number>();
    for (const c of this.statuses.values()) for (const [s, n] of c) counts.set(s, (counts.get(s) ?? 0) + n);
    return this.figures(all, counts);
  }

  byOperation(): Record<string, OperationFigures> {
    return Object.fromEntries(
      [...this.samples.keys()]
        .sort()
        .map((op) => [op, this.figures(this.samples.get(op) ?? [], this.statuses.get(op) ?? new Map())]),
    );
  }
}
