// Records a page event in the shared state (compare-and-set, retried when another instance recorded one meanwhile) before the endpoint answers Notion.
import { type PerfloopApi, PerfloopError } from '../perfloop/api.ts';
import {
  canonicalId,
  type EventKind,
  PAGE_EVENTS_PREFIX,
  type PageEvents,
  withEvent,
} from '../sync/pageEvents.ts';

const ATTEMPTS = 8;

/**
 * Adds one event to `events:<page id>`. Throws when it cannot be stored (the endpoint then answers 500 and Notion sends
 * the event again), so an event answered 200 is always recorded.
 */
export async function recordPageEvent(
  api: PerfloopApi,
  pageId: string,
  kind: EventKind,
  timestamp: string | undefined,
): Promise<PageEvents> {
  const key = `${PAGE_EVENTS_PREFIX}${canonicalId(pageId)}`;
  for (let attempt = 1; ; attempt++) {
    const current = await api.getState(key);
    const next = withEvent(current?.value as PageEvents | undefined, kind, timestamp);
    try {
      await api.writeState([{ key, ifVersion: current?.version ?? null, value: { ...next } }]);
      return next;
    } catch (error) {
      // 412: another delivery for the same page was recorded in between; read it again and add this one.
      if (!(error instanceof PerfloopError) || error.status !== 412 || attempt >= ATTEMPTS) throw error;
    }
  }
}
