// The worker loop: a round every interval (sooner when a webhook says Notion changed), errors logged and retried, a clean stop.
import type { Logger } from './log.ts';
import type { RoundReport } from './sync/context.ts';
import type { SyncEngine } from './sync/engine.ts';

export class Worker {
  private stopped = false;
  private wakeUp: (() => void) | null = null;
  private woken = false;
  private running: Promise<void> | null = null;
  /** Rounds completed (tests wait on it). */
  rounds = 0;
  lastReport: RoundReport | null = null;
  lastError: unknown = null;

  constructor(
    readonly engine: SyncEngine,
    private readonly intervalMs: number,
    private readonly log: Logger,
  ) {}

  /** Runs one round now (null: another worker holds the lease). */
  async runOnce(): Promise<RoundReport | null> {
    const started = Date.now();
    try {
      const report = await this.engine.round();
      this.lastError = null;
      if (report) {
        this.rounds += 1;
        this.lastReport = report;
        const busy = Object.entries(report).some(([k, v]) => k !== 'pulledPages' && v > 0);
        // Quiet rounds (nothing pushed, applied or reported) log at debug, so a polling worker's log stays readable.
        this.log[busy ? 'info' : 'debug']({ ...report, ms: Date.now() - started }, 'sync round done');
      } else {
        this.log.debug('another worker holds the sync lease');
      }
      return report;
    } catch (error) {
      this.lastError = error;
      this.log.error({ err: error }, 'sync round failed; retrying next round');
      throw error;
    }
  }

  /** Asks for a round as soon as the current one (if any) ends. */
  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  start(): void {
    if (this.running) return;
    this.running = (async () => {
      let failures = 0;
      while (!this.stopped) {
        this.woken = false;
        try {
          await this.runOnce();
          failures = 0;
        } catch {
          failures += 1;
        }
        if (this.stopped) break;
        if (this.woken) continue;
        const wait =
          failures === 0 ? this.intervalMs : Math.min(this.intervalMs * 2 ** Math.min(failures, 5), 300_000);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, wait);
          this.wakeUp = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        this.wakeUp = null;
      }
    })();
  }

  /** Stops after the current round and releases the lease. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp?.();
    await this.running;
    await this.engine
      .stop()
      .catch((error: unknown) => this.log.warn({ err: error }, 'could not release the lease'));
  }
}
