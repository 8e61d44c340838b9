// The fake's clock: real time plus an offset tests and benchmarks can move forward; Notion rounds timestamps down to the minute.
export class FakeClock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  /** Moves the fake's time forward (e.g. "two minutes later"). */
  advance(ms: number): void {
    if (ms < 0) throw new Error('the clock only moves forward');
    this.offsetMs += ms;
  }

  /** `created_time` / `last_edited_time` as Notion reports them: rounded down to the minute. */
  minuteIso(): string {
    return new Date(floorMinute(this.now())).toISOString();
  }

  iso(): string {
    return new Date(this.now()).toISOString();
  }
}

export const floorMinute = (ms: number): number => Math.floor(ms / 60_000) * 60_000;
