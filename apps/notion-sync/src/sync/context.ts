// What one sync round works with: Notion, the API, the shared state, the lease, the schema in use and the organisation's directory.
import type { Logger } from '../log.ts';
import type { NotionOps } from '../notion/ops.ts';
import type { PerfloopApi } from '../perfloop/api.ts';
import type { Directory } from '../perfloop/types.ts';
import type { LeaseKeeper } from './lease.ts';
import type { RowContext } from './mapping.ts';
import type { SchemaMap } from './schema.ts';
import type { SyncState } from './state.ts';

export interface SyncOptions {
  target: { parentPageId: string } | { dataSourceId: string };
  databaseTitle: string;
  /** How far back each pull reaches before the last one began (Notion rounds edit times down to the minute). */
  overlapMs: number;
  /** `open`: goals of cycles that are not closed; `all`: every cycle. */
  cycles: 'open' | 'all';
  /**
   * The worker runs the webhook endpoint (WEBHOOK_PORT set): a pull reads a page's blocks only when a content event
   * announced a change there, or no event announced the edit (pageEvents.ts). Optional: unset is polling alone.
   */
  webhooks?: boolean;
}

/** Counts of one round (logged, and read by tests and the benchmark). */
export interface RoundReport {
  pulledPages: number;
  appliedEdits: number;
  rejectedEdits: number;
  restoredFields: number;
  /** Check-in note blocks edited in Notion and put back (their edit kept in a comment). */
  restoredNotes: number;
  comments: number;
  /** Check-ins recorded from notes people wrote on goal pages (one per note, or per part of a long one). */
  importedNotes: number;
  proposals: number;
  created: number;
  updated: number;
  trashed: number;
  appendedCheckIns: number;
  /** Check-ins whose corrected text replaced their blocks on a page (one per page and check-in). */
  correctedCheckIns: number;
  feedEvents: number;
}

export const emptyReport = (): RoundReport => ({
  pulledPages: 0,
  appliedEdits: 0,
  rejectedEdits: 0,
  restoredFields: 0,
  restoredNotes: 0,
  comments: 0,
  importedNotes: 0,
  proposals: 0,
  created: 0,
  updated: 0,
  trashed: 0,
  appendedCheckIns: 0,
  correctedCheckIns: 0,
  feedEvents: 0,
});

/** The Notion workspace as bootstrap found it. */
export interface Workspace {
  dataSourceId: string;
  schema: SchemaMap;
  botId: string;
  /** Workspace members by lower-cased e-mail. */
  people: Map<string, string>;
  peopleLoadedAt: number;
  /** Option names of the Department and Cycle selects. */
  options: { department: Set<string>; cycle: Set<string> };
}

export interface SyncContext {
  notion: NotionOps;
  api: PerfloopApi;
  state: SyncState;
  lease: LeaseKeeper;
  options: SyncOptions;
  log: Logger;
  workspace: Workspace;
  directory: Directory;
  report: RoundReport;
  /** Pages whose Notion edits could not be settled this round: the push leaves them alone (marking their goals dirty). */
  unsettled: Set<string>;
  /** Pages put on the recheck list during this round. */
  recheckAdded: Set<string>;
  /**
   * Polling: pages whose blocks this round's pull read for a person's edit. A push write to one later in the round
   * keeps it on the recheck list (a note the person finished between the read and the write is read next pull).
   */
  personPages: Set<string>;
}

/** Row context over the directory, the workspace members and the goal states. */
export function rowContext(ctx: SyncContext): RowContext {
  const cycles = new Map(ctx.directory.cycles.map((c) => [c.id, c.name]));
  const departments = new Map(ctx.directory.departments.map((d) => [d.id, d.name]));
  const people = new Map(ctx.directory.people.map((p) => [p.id, p]));
  return {
    cycleName: (id) => cycles.get(id) ?? null,
    departmentName: (id) => (id === null ? null : (departments.get(id) ?? null)),
    person: (id) => (id === null ? null : (people.get(id) ?? null)),
    notionUserByEmail: (email) => ctx.workspace.people.get(email.toLowerCase()) ?? null,
    pageOf: (goalId) => ctx.state.goal(goalId)?.pageId ?? null,
  };
}

/** The phase of a goal's cycle (null when the directory does not know the cycle). */
export function phaseOf(ctx: SyncContext, cycleId: string) {
  return ctx.directory.cycles.find((c) => c.id === cycleId)?.phase ?? null;
}

/** Whether goals of this cycle are kept in Notion. */
export function cycleSynced(ctx: SyncContext, cycleId: string): boolean {
  const phase = phaseOf(ctx, cycleId);
  if (phase === null) return false;
  return ctx.options.cycles === 'all' || phase !== 'closed';
}
