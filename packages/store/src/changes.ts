// Change tracking for caches: every committed change is reported to subscribers — this process's own at
// commit, other processes' through PostgreSQL LISTEN/NOTIFY or SQLite's data_version.

/** A committed change. */
export interface ChangeEvent {
  /** The organisation that changed; null when it is unknown which (treat every organisation as changed). */
  readonly orgId: string | null;
  /**
   * What changed: resource kinds plus 'identities', 'api_keys' and 'organisations'; null when unknown
   * (treat everything as changed).
   */
  readonly kinds: readonly string[] | null;
}

export type ChangeListener = (event: ChangeEvent) => void;

/**
 * `store.changes`. Consistency for a cache that drops entries on these events and trusts them otherwise:
 * - Changes committed through this store object are reported synchronously once committed, before the
 *   committing call resolves: read-your-writes within the process.
 * - SQLite, other processes on the same file: `poll()` reports them (PRAGMA data_version; at most one
 *   check per turn of the event loop) as a change of unknown organisation. Call it before trusting a cache.
 * - PostgreSQL, other processes (API instances) on the same schema: reported when their notification
 *   arrives, shortly after their commit. While the listening connection is down `live` is false (the
 *   cache must not trust itself); losing and regaining it is reported as a change of unknown organisation.
 * Writes that bypass the store (raw SQL) are not seen.
 */
export interface ChangeWatch {
  /** Whether every committed change is being reported; false while PostgreSQL's listener reconnects. */
  readonly live: boolean;
  /** Returns the unsubscribe function. Listeners run synchronously and must not throw. */
  subscribe(listener: ChangeListener): () => void;
  /** SQLite: reports commits of other processes since the last poll. PostgreSQL: nothing to do. */
  poll(): void;
  /**
   * Resolves once every change committed before the call has been reported (PostgreSQL: a round trip on
   * the listening connection; SQLite: a poll).
   */
  sync(): Promise<void>;
}

/** The store's side: publish events, switch liveness, plug in the engine's poll and sync. */
export interface ChangeHub extends ChangeWatch {
  publish(event: ChangeEvent): void;
  setLive(live: boolean): void;
  setEngine(engine: { poll?: () => void; sync?: () => Promise<void> }): void;
}

export const EVERYTHING: ChangeEvent = { orgId: null, kinds: null };

export function createChangeHub(): ChangeHub {
  const listeners = new Set<ChangeListener>();
  let live = true;
  let poll: (() => void) | undefined;
  let sync: (() => Promise<void>) | undefined;
  const hub: ChangeHub = {
    get live() {
      return live;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    poll() {
      poll?.();
    },
    async sync() {
      if (sync) await sync();
      else poll?.();
    },
    publish(event) {
      for (const listener of listeners) {
        try {
          listener(event);
        } catch {
          // A listener must not break a commit that already happened.
        }
      }
    },
    setLive(value) {
      live = value;
    },
    setEngine(engine) {
      poll = engine.poll;
      sync = engine.sync;
    },
  };
  return hub;
}
