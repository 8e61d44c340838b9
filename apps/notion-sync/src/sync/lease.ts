// The organisation-wide sync lease: one worker at a time runs a round; its local deadline is measured from when it asked.
import { type PerfloopApi, PerfloopError } from '../perfloop/api.ts';
import type { Lease } from '../perfloop/types.ts';
import type { Fence } from './state.ts';

export const LEASE_NAME = 'sync';

export class LeaseLostError extends Error {}

export class LeaseKeeper {
  private lease: Lease | null = null;
  /** Local monotonic time (ms) until which the lease surely holds: sent-at + ttl (the server's expiry is later). */
  private deadline = 0;
  private renewing: Promise<'acquired' | 'renewed' | null> | null = null;

  constructor(
    private readonly api: PerfloopApi,
    private readonly holder: string,
    private readonly ttlSeconds: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Acquires or renews. 'acquired' = a new fencing token (reload the state); null = another worker holds it. */
  async acquire(): Promise<'acquired' | 'renewed' | null> {
    const sentAt = this.now();
    try {
      const lease = await this.api.acquireLease(LEASE_NAME, this.holder, this.ttlSeconds);
      const continued = this.lease !== null && this.lease.token === lease.token && this.deadline > sentAt;
      this.lease = lease;
      this.deadline = sentAt + this.ttlSeconds * 1000;
      return continued ? 'renewed' : 'acquired';
    } catch (error) {
      if (error instanceof PerfloopError && error.code === 'lease_held') {
        this.lease = null;
        return null;
      }
      throw error;
    }
  }

  get held(): boolean {
    return this.lease !== null && this.now() < this.deadline;
  }

  remainingMs(): number {
    return this.lease === null ? 0 : Math.max(0, this.deadline - this.now());
  }

  /** Before a write: renews when less than half the lease is left; throws LeaseLostError when it cannot. */
  async ensure(): Promise<Fence> {
    if (this.lease === null || this.remainingMs() <= 0) throw new LeaseLostError('the sync lease expired');
    if (this.remainingMs() < (this.ttlSeconds * 1000) / 2) {
      // One renewal at a time, however many writes ask at once.
      this.renewing ??= this.acquire().finally(() => {
        this.renewing = null;
      });
      const result = await this.renewing;
      if (result !== 'renewed') {
        throw new LeaseLostError('the sync lease passed to another worker');
      }
    }
    return this.fence();
  }

  fence(): Fence {
    if (this.lease === null) throw new LeaseLostError('no sync lease');
    return { name: LEASE_NAME, token: this.lease.token };
  }

  async release(): Promise<void> {
    const lease = this.lease;
    this.lease = null;
    if (lease === null) return;
    try {
      await this.api.releaseLease(LEASE_NAME, lease.version);
    } catch (error) {
      // Renewed meanwhile by ourselves (version moved) or already expired: it lapses on its own.
      if (!(error instanceof PerfloopError)) throw error;
    }
  }
}
