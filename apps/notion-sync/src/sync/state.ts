// The worker's durable state, kept in the Perfloop API (shared by every worker instance): a cache, staged writes, fenced commits.
import type { Goal } from '@perfloop/core';
import { type PerfloopApi, PerfloopError, type StateWrite } from '../perfloop/api.ts';
import type { Row } from './mapping.ts';

/** `config`: where the worker's database lives. */
export interface ConfigState {
  databaseId: string | null;
  dataSourceId: string | null;
  /** Set while the database is being created (an unknown outcome is looked up by its title under the parent). */
  creatingDatabaseSince?: string;
}

/** `cursor`: the change-feed position whose events are all in Notion. */
export interface CursorState {
  seq: number;
}

/** `pull`: pages edited on or after `since` are read again. */
export interface PullState {
  since: string | null;
}

/** `goal:<id>`: a goal's page and what the page holds as far as the worker knows. */
export interface GoalState {
  pageId: string | null;
  /** Set while the page is being created (an unknown outcome is looked up by Perfloop id). */
  creating?: string;
  /** The goal as last synced (from the feed or the API). */
  goal: Goal | null;
  version: number;
  /** Values the page holds as last written or accepted (= the values both sides agreed on, for the editable fields). */
  pushed: Partial<Row>;
  /**
   * Values being written to the page — by the push, or put back by the pull (recorded with the recheck flag before
   * the write, folded into `pushed` after it). When the write lands but its record is lost (a refused state commit,
   * a crash), the pull finds them on the page and knows them for the worker's own, not a person's edit to apply to
   * Perfloop.
   */
  writing?: Partial<Row>;
  /**
   * Feed seq up to which every check-in for this goal has its notes on the page (one number however many
   * check-ins the goal has; notes.ts says why it is exact). States written before it held the ids instead
   * (`notes`, `appending`): the push converts them (notes.ts `fromLegacy`).
   */
  notedThrough?: number;
  /**
   * Check-ins for this goal with feed seqs in (notedThrough, appendingThrough] are being appended (an unknown
   * outcome is looked up by their markers on the page).
   */
  appendingThrough?: number;
  /**
   * A correction of check-ins on this page is being written: the feed seq of the newest `update` event it applies
   * (set with the recheck flag before the first write, dropped once the page holds the corrected text). A run that
   * stops half-way reads those events again (the cursor did not move past them) and finishes from what the page
   * shows (corrections.ts).
   */
  correctingThrough?: number;
  /**
   * Check-in note blocks people edited on the page are being put back (noteEdits.ts): set with the recheck flag
   * before the comment and the writes, dropped once the page shows Perfloop's blocks. Lists the blocks a person
   * turned into another type that are being replaced (which of the check-in's blocks each is): a run that stops
   * half-way deletes such a block when its replacement is already there instead of inserting a second one, and
   * does not say again what the page's comments already hold.
   */
  restoringNotes?: { block: string; slot: number }[];
  /**
   * Notes people wrote on the page that are becoming check-ins (noteImports.ts): set with the recheck flag before the
   * API is asked, dropped once the page shows the check-ins in the worker's blocks. Each names the person's blocks,
   * and per check-in the exact request (sent again with the same Idempotency-Key after a stop, so the API answers
   * with the check-in it created) and its id once known.
   */
  importingNotes?: ImportingNote[];
  /**
   * Check-ins the pull created from notes and put on the page itself: the push does not append them again (dropped
   * once it has noted them, and any left once a push has read the feed to its end: it or an earlier push met their
   * events, so none is looked for again — noteImports.ts `forgetImported`).
   */
  importedNotes?: string[];
  /**
   * The server time of the pull query before the page's blocks were last read and settled: edits before it were seen,
   * so a page whose edit time (rounded down, plus a minute) is not later is not read again (pull.ts).
   */
  blocksReadAt?: string;
  /**
   * With webhooks: the page's count of content events (`events:<page id>`, pageEvents.ts) as listed before its blocks
   * were last read, so those events are covered; a higher count means a content event the pull has not read yet.
   */
  eventsSeen?: number;
  /** Set on adopting an existing page: blocks created before (rounded to Notion's minute) are the page's own, not notes. */
  notesFrom?: string;
  /** A person's note blocks said in a comment already (not recorded: the cycle's phase, or the API refused): not said again. */
  reportedNotes?: string[];
  /** Notes the API refused (said once), by a digest of their blocks and text: not sent again until the note changes. */
  refusedNotes?: string[];
  /**
   * The page was written by the worker (so the pull's query skips it) but may hold a person's edit too: it is
   * read by Perfloop id on the next pull (set before such writes, cleared after).
   */
  recheck?: boolean;
  /** Changed in Perfloop but not written yet (its page had unsettled Notion edits): pushed from `goal` next round. */
  dirty?: boolean;
  /** A push Notion refused (validation): not retried until the goal changes. */
  failed?: { version: number; reason: string };
}

/** A person's note on a goal's page being recorded as check-ins (one per part of at most the API's text limit). */
export interface ImportingNote {
  /** The person's blocks, in page order (deleted once the check-ins' blocks are on the page). */
  blocks: string[];
  /** A digest of the note's text when recorded (a note edited since is not deleted: it is a new note). */
  digest?: string;
  parts: {
    key: string;
    body: Record<string, unknown>;
    checkInId?: string;
    /** The push has noted this check-in already (it met its create event while the import was in flight). */
    noted?: true;
  }[];
}

/** `page:<id>`: rows added in Notion that did not become goals (what was reported, to say it once). */
export interface PageState {
  reported: string;
}

/** `webhook`: the verification token Notion sent with the subscription handshake. */
export interface WebhookState {
  verificationToken: string;
  receivedAt: string;
}

/** The lease fencing every commit: a worker that lost it cannot write state. */
export interface Fence {
  name: string;
  token: number;
}

export class StateConflictError extends Error {}

const MAX_BATCH = 500;
/**
 * Bytes of JSON per state write request, well under the API's default body limit (1 MiB): goal states used to grow
 * with the check-ins noted on their pages, so 500 of them could exceed it (found by the long load run: every commit
 * refused with 413, the worker stuck). They are bounded now (a goal and a few numbers), but a goal with a 5,000-
 * character description is still ~10 KB, so 500 of them are split too.
 */
export const MAX_BATCH_BYTES = 256 * 1024;

/** Consecutive runs of `writes`, each at most MAX_BATCH writes and MAX_BATCH_BYTES of JSON (one write alone may exceed it). */
export function stateBatches(writes: readonly StateWrite[]): StateWrite[][] {
  const batches: StateWrite[][] = [];
  let current: StateWrite[] = [];
  let bytes = 0;
  for (const w of writes) {
    const size = Buffer.byteLength(JSON.stringify(w), 'utf8') + 1;
    if (current.length > 0 && (current.length >= MAX_BATCH || bytes + size > MAX_BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(w);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

export class SyncState {
  private readonly entries = new Map<string, { value: Record<string, unknown>; version: number }>();
  private readonly staged = new Map<string, Record<string, unknown> | null>();
  /** page id → goal id, for pages whose Perfloop id cell was cleared. */
  private readonly pageIndex = new Map<string, string>();
  /** goal id → page id (the reverse of pageIndex). */
  private readonly goalPage = new Map<string, string>();

  constructor(private readonly api: PerfloopApi) {}

  /** Reads every entry (at start and whenever another worker may have written). */
  async load(): Promise<void> {
    const all = await this.api.listState();
    this.entries.clear();
    this.staged.clear();
    this.pageIndex.clear();
    this.goalPage.clear();
    for (const e of all) {
      this.entries.set(e.key, { value: e.value, version: e.version });
      if (e.key.startsWith('goal:')) this.index(e.key.slice(5), e.value as unknown as GoalState);
    }
  }

  private index(goalId: string, state: GoalState | null): void {
    const before = this.goalPage.get(goalId);
    if (before !== undefined && this.pageIndex.get(before) === goalId) this.pageIndex.delete(before);
    this.goalPage.delete(goalId);
    if (state?.pageId) {
      this.pageIndex.set(state.pageId, goalId);
      this.goalPage.set(goalId, state.pageId);
    }
  }

  /** The current value of a key (staged if staged). */
  get<T>(key: string): T | undefined {
    if (this.staged.has(key)) return (this.staged.get(key) ?? undefined) as T | undefined;
    return this.entries.get(key)?.value as T | undefined;
  }

  set(key: string, value: object): void {
    this.staged.set(key, value as Record<string, unknown>);
    if (key.startsWith('goal:')) this.index(key.slice(5), value as GoalState);
  }

  remove(key: string): void {
    if (!this.entries.has(key) && !this.staged.has(key)) return;
    this.staged.set(key, null);
    if (key.startsWith('goal:')) this.index(key.slice(5), null);
  }

  goal(goalId: string): GoalState | undefined {
    return this.get<GoalState>(`goal:${goalId}`);
  }

  setGoal(goalId: string, state: GoalState): void {
    this.set(`goal:${goalId}`, state);
  }

  goalOfPage(pageId: string): string | undefined {
    return this.pageIndex.get(pageId);
  }

  /** Every goal state (committed and staged). */
  goals(): [string, GoalState][] {
    const keys = new Set([...this.entries.keys(), ...this.staged.keys()]);
    return [...keys]
      .filter((k) => k.startsWith('goal:'))
      .flatMap((k) => {
        const s = this.get<GoalState>(k);
        return s ? [[k.slice(5), s] as [string, GoalState]] : [];
      });
  }

  get pending(): number {
    return this.staged.size;
  }

  /**
   * Writes the staged entries compare-and-set against the versions read, in batches of at most 500 writes and
   * MAX_BATCH_BYTES (each atomic and fenced by the lease); `last` keys are written after all others (e.g. the feed
   * cursor after the pages).
   */
  async commit(fence: Fence, last: readonly string[] = []): Promise<void> {
    if (this.staged.size === 0) return;
    const keys = [...this.staged.keys()].sort((a, b) => Number(last.includes(a)) - Number(last.includes(b)));
    const writes: StateWrite[] = keys.flatMap((key): StateWrite[] => {
      const value = this.staged.get(key) ?? null;
      const current = this.entries.get(key);
      if (value === null) return current ? [{ key, ifVersion: current.version, delete: true }] : [];
      return [{ key, ifVersion: current?.version ?? null, value }];
    });
    for (const batch of stateBatches(writes)) {
      let versions: Map<string, number>;
      try {
        versions = await this.api.writeState(batch, fence);
      } catch (error) {
        if (error instanceof PerfloopError && (error.status === 412 || error.code === 'lease_lost')) {
          throw new StateConflictError(`sync state moved on under us (${error.code}): ${error.message}`);
        }
        throw error;
      }
      for (const w of batch) {
        this.staged.delete(w.key);
        const version = versions.get(w.key) ?? 0;
        if (w.delete) this.entries.delete(w.key);
        else if (w.value) this.entries.set(w.key, { value: w.value, version });
      }
    }
  }

  /** Drops staged writes (after a failed round: the next one starts from what is committed). */
  discard(): void {
    this.staged.clear();
    this.pageIndex.clear();
    this.goalPage.clear();
    for (const [key, e] of this.entries) {
      if (key.startsWith('goal:')) this.index(key.slice(5), e.value as unknown as GoalState);
    }
  }
}
