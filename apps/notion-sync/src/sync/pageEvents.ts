// What Notion's webhooks announced per page (`events:<page id>` in the shared state) and whether a pull must read a page's blocks.
import type { PerfloopApi } from '../perfloop/api.ts';

export const PAGE_EVENTS_PREFIX = 'events:';

/**
 * `events:<page id>`: the page events the webhook endpoint received (written by it, before it answers Notion, so an
 * event it could not record is sent again by Notion). Never written by a sync round, so the two never race.
 */
export interface PageEvents {
  /**
   * Content events received (`page.content_updated`, `page.created`, and any type not known to be properties-only):
   * a counter. A pull that lists the page's blocks after reading this number has seen every change those events
   * announced (each happened before its event was received), whatever time an aggregated event carries.
   */
  content: number;
  /** The newest `timestamp` of those content events (Notion's clock). */
  contentAt?: string;
  /** The newest `timestamp` of a properties-only event (`page.properties_updated`). */
  propertiesAt?: string;
}

export type EventKind = 'content' | 'properties';

/** Only `page.properties_updated` is known to leave the page's blocks alone; every other page event may not. */
export function eventKind(type: string): EventKind {
  return type === 'page.properties_updated' ? 'properties' : 'content';
}

const later = (a: string | undefined, b: string | undefined): string | undefined => {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(b) > Date.parse(a) ? b : a;
};

/** The record after one more event (`timestamp` undefined when the event carried none that parses). */
export function withEvent(
  before: PageEvents | undefined,
  kind: EventKind,
  timestamp: string | undefined,
): PageEvents {
  const base: PageEvents = before ?? { content: 0 };
  if (kind === 'content') {
    const contentAt = later(base.contentAt, timestamp);
    return { ...base, content: base.content + 1, ...(contentAt ? { contentAt } : {}) };
  }
  const propertiesAt = later(base.propertiesAt, timestamp);
  return { ...base, ...(propertiesAt ? { propertiesAt } : {}) };
}

/** The newest event received for the page, of either kind (ms; null when none carried a time). */
export function newestEvent(events: PageEvents): number | null {
  const at = later(events.contentAt, events.propertiesAt);
  return at === undefined ? null : Date.parse(at);
}

/** Whether a content event arrived that no block read of the page has covered yet. */
export function contentAnnounced(events: PageEvents | undefined, seen: number | undefined): boolean {
  return events !== undefined && events.content > (seen ?? 0);
}

export interface BlockReadInput {
  /** The worker runs with webhooks (WEBHOOK_PORT set): without them the decision is polling's alone. */
  webhooks: boolean;
  /** An intent on the page's blocks is in flight (a put-back or a note import): always read. */
  busy: boolean;
  /**
   * The pull wrote the page after its query (values it applied or put back): the worker is its last editor now, and
   * Notion's page object no longer shows an edit made between the query and that write. Polling reads it. Optional:
   * unset is false.
   */
  wroteSinceQuery?: boolean;
  /** The page's `last_edited_time` (Notion rounds it down to the minute). */
  lastEditedTime: string;
  /** The goal state's `blocksReadAt`: the server time of the query before the last read of the blocks. */
  blocksReadAt: string | undefined;
  /** The page's webhook record, as listed at the start of this pull. */
  events: PageEvents | undefined;
  /** The goal state's `eventsSeen`: content events the last block read covered. */
  eventsSeen: number | undefined;
}

export type BlockRead =
  | { read: true; why: 'busy' | 'announced' | 'written' | 'polling' | 'unannounced' }
  | { read: false; why: 'seen' | 'properties_only' };

/**
 * Whether the pull lists a page's blocks (for check-in notes people edited and notes they wrote), in this order:
 * - an intent in flight → read (`busy`);
 * - with webhooks, a content event not covered by a read yet → read (`announced`), even when polling alone would not;
 * - without webhooks, a page the pull wrote after its query → read (`written`): its edit time is the worker's now, so
 *   the next query would not return a note written before that write (with webhooks, the note's content event does);
 * - an edit seen by the last read (its minute, plus one, not after the query preceding that read) → skip (`seen`);
 * - without webhooks → read (`polling`: a property edit and a content edit look the same);
 * - with webhooks, no event received for the page, or its edit minute later than the newest event received → read
 *   (`unannounced`: the edit's event has not come, or the subscription is not there; Notion rounds the edit time
 *   down to the minute, so an event in the same minute counts as announcing it);
 * - else the edits were announced by properties-only events, or by content events a read covered → skip
 *   (`properties_only`). A content edit whose event is still on its way (Notion aggregates content events and sends
 *   them later) is read when that event arrives: `announced`, on the next pull, in or out of the query's window.
 */
export function blockRead(input: BlockReadInput): BlockRead {
  if (input.busy) return { read: true, why: 'busy' };
  if (input.webhooks && contentAnnounced(input.events, input.eventsSeen))
    return { read: true, why: 'announced' };
  if (!input.webhooks && input.wroteSinceQuery === true) return { read: true, why: 'written' };
  const seen = input.blocksReadAt === undefined ? 0 : Date.parse(input.blocksReadAt);
  const edited = Date.parse(input.lastEditedTime);
  if (edited + 60_000 <= seen) return { read: false, why: 'seen' };
  if (!input.webhooks) return { read: true, why: 'polling' };
  const newest = input.events === undefined ? null : newestEvent(input.events);
  if (newest === null || edited > newest) return { read: true, why: 'unannounced' };
  return { read: false, why: 'properties_only' };
}

/** Notion ids in the dashed lower-case form (webhooks and the API both send it; this makes sure). */
export function canonicalId(id: string): string {
  const hex = id.replace(/-/g, '').toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) return id.toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Every page's webhook record, by page id (one API call per 1,000 records). */
export async function loadPageEvents(api: PerfloopApi): Promise<Map<string, PageEvents>> {
  const entries = await api.listState(PAGE_EVENTS_PREFIX);
  return new Map(
    entries.map((e) => [
      canonicalId(e.key.slice(PAGE_EVENTS_PREFIX.length)),
      e.value as unknown as PageEvents,
    ]),
  );
}
