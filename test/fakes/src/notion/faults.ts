// Fault injection: random 429 / 500 / 529 / HTML 502 answers and slow answers past the client's timeout, or scripted one-off faults.
export type Fault =
  | { kind: 'rate_limited'; retryAfterSeconds?: number }
  | { kind: 'internal_server_error' }
  | { kind: 'service_overload' }
  | { kind: 'html_bad_gateway' }
  /** The request is carried out, then the answer waits `delayMs` (beyond the client's timeout: the caller never learns it succeeded). */
  | { kind: 'slow'; delayMs: number };

export interface RandomFaults {
  /** Probability per request of each fault (0–1). */
  rateLimited?: number;
  internalServerError?: number;
  serviceOverload?: number;
  htmlBadGateway?: number;
  slow?: number;
  /** Delay of a slow answer; default 15,000 ms. */
  slowMs?: number;
  /** Seed of the pseudo-random sequence (reproducible runs). */
  seed?: number;
}

export interface ScriptedFault {
  method?: string;
  /** Matched against the path (e.g. /^\/v1\/pages$/). */
  path?: RegExp;
  fault: Fault;
  /** How many matching requests it hits; default 1. */
  times?: number;
}

/** mulberry32: small, seeded, good enough for fault dice. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private random: RandomFaults = {};
  private dice: () => number = prng(1);
  private readonly scripted: ScriptedFault[] = [];
  /** Faults served so far, by kind. */
  readonly served: Record<Fault['kind'], number> = {
    rate_limited: 0,
    internal_server_error: 0,
    service_overload: 0,
    html_bad_gateway: 0,
    slow: 0,
  };

  /** Random faults from now on (`{}` switches them off). */
  setRandom(faults: RandomFaults): void {
    this.random = faults;
    this.dice = prng(faults.seed ?? 1);
  }

  /** A fault for the next matching request(s). */
  inject(fault: ScriptedFault): void {
    this.scripted.push({ ...fault, times: fault.times ?? 1 });
  }

  clear(): void {
    this.random = {};
    this.scripted.length = 0;
  }

  /** The fault for this request, if any. */
  pick(method: string, path: string): Fault | undefined {
    const i = this.scripted.findIndex(
      (s) => (s.method === undefined || s.method === method) && (s.path === undefined || s.path.test(path)),
    );
    const s = i >= 0 ? this.scripted[i] : undefined;
    if (s) {
      s.times = (s.times ?? 1) - 1;
      if (s.times <= 0) this.scripted.splice(i, 1);
      return this.count(s.fault);
    }
    const r = this.random;
    const roll = this.dice();
    let edge = 0;
    const chances: [number | undefined, Fault][] = [
      [r.rateLimited, { kind: 'rate_limited' }],
      [r.internalServerError, { kind: 'internal_server_error' }],
      [r.serviceOverload, { kind: 'service_overload' }],
      [r.htmlBadGateway, { kind: 'html_bad_gateway' }],
      [r.slow, { kind: 'slow', delayMs: r.slowMs ?? 15_000 }],
    ];
    for (const [p, fault] of chances) {
      edge += p ?? 0;
      if (roll < edge) return this.count(fault);
    }
    return undefined;
  }

  private count(fault: Fault): Fault {
    this.served[fault.kind] += 1;
    return fault;
  }
}
