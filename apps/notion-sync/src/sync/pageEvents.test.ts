// Which page events the webhook endpoint records, and when a pull reads a page's blocks: polling alone, or with Notion's events.
import { describe, expect, it } from 'vitest';
import {
  type BlockReadInput,
  blockRead,
  canonicalId,
  contentAnnounced,
  eventKind,
  newestEvent,
  withEvent,
} from './pageEvents.ts';

const MIN = '2026-09-01T10:00:00.000Z';
const at = (seconds: number) => new Date(Date.parse(MIN) + seconds * 1000).toISOString();

/** A page edited in the minute of MIN, never read before, no events: the polling case. */
const base: BlockReadInput = {
  webhooks: false,
  busy: false,
  lastEditedTime: MIN,
  blocksReadAt: undefined,
  events: undefined,
  eventsSeen: undefined,
};

describe('page events as recorded', () => {
  it('counts only page.properties_updated as properties-only; every other page event as content', () => {
    expect(eventKind('page.properties_updated')).toBe('properties');
    for (const t of ['page.content_updated', 'page.created', 'page.undeleted', 'page.moved', 'page.new_kind'])
      expect(eventKind(t)).toBe('content');
  });

  it('counts content events and keeps the newest time of each kind, whatever order they arrive in', () => {
    let r = withEvent(undefined, 'properties', at(30));
    expect(r).toEqual({ content: 0, propertiesAt: at(30) });
    r = withEvent(r, 'content', at(50));
    r = withEvent(r, 'content', at(10)); // an aggregated event, older, arriving after
    r = withEvent(r, 'properties', at(20)); // a retried delivery, older
    expect(r).toEqual({ content: 2, contentAt: at(50), propertiesAt: at(30) });
    expect(newestEvent(r)).toBe(Date.parse(at(50)));
    // An event without a usable time still counts (content) but proves no time.
    expect(withEvent(undefined, 'content', undefined)).toEqual({ content: 1 });
    expect(newestEvent(withEvent(undefined, 'properties', undefined))).toBeNull();
  });

  it('a content event is announced until a read covered its count', () => {
    const r = { content: 3, contentAt: at(5) };
    expect(contentAnnounced(r, undefined)).toBe(true);
    expect(contentAnnounced(r, 2)).toBe(true);
    expect(contentAnnounced(r, 3)).toBe(false);
    expect(contentAnnounced(undefined, 0)).toBe(false);
    expect(contentAnnounced({ content: 0, propertiesAt: at(5) }, undefined)).toBe(false);
  });

  it('writes ids in the dashed lower-case form', () => {
    expect(canonicalId('0123456789ABCDEF0123456789abcdef')).toBe('01234567-89ab-cdef-0123-456789abcdef');
    expect(canonicalId('01234567-89ab-cdef-0123-456789abcdef')).toBe('01234567-89ab-cdef-0123-456789abcdef');
  });
});

describe('whether a pull reads a page’s blocks', () => {
  it('without webhooks: as polling always did (every edit not seen by the last read), events or not', () => {
    expect(blockRead(base)).toEqual({ read: true, why: 'polling' });
    // Read after the query that followed the edit's minute: the overlap returns it again, not read again.
    expect(blockRead({ ...base, blocksReadAt: at(60) })).toEqual({ read: false, why: 'seen' });
    expect(blockRead({ ...base, blocksReadAt: at(59) })).toEqual({ read: true, why: 'polling' });
    // Records (another instance runs the endpoint) change nothing here.
    const events = { content: 0, propertiesAt: at(30) };
    expect(blockRead({ ...base, events })).toEqual({ read: true, why: 'polling' });
    expect(blockRead({ ...base, events: { content: 4 }, blocksReadAt: at(60) }).read).toBe(false);
    expect(blockRead({ ...base, busy: true, blocksReadAt: at(600) })).toEqual({ read: true, why: 'busy' });
    // The pull wrote the page after its query: read even for an edit the last read saw (the write now hides from
    // Notion's page object whatever a person did between the query and it).
    expect(blockRead({ ...base, wroteSinceQuery: true, blocksReadAt: at(600) })).toEqual({
      read: true,
      why: 'written',
    });
  });

  const hooks: BlockReadInput = { ...base, webhooks: true };

  it('with webhooks: a properties-only edit is not read', () => {
    // The event came in the edit's minute (Notion rounds the edit time down to it): it announced the edit.
    expect(blockRead({ ...hooks, events: { content: 0, propertiesAt: at(30) } })).toEqual({
      read: false,
      why: 'properties_only',
    });
    expect(blockRead({ ...hooks, events: { content: 0, propertiesAt: MIN } }).read).toBe(false);
    // Nor after the pull wrote it: a note written before that write sends its own content event.
    expect(
      blockRead({ ...hooks, wroteSinceQuery: true, events: { content: 0, propertiesAt: at(30) } }).read,
    ).toBe(false);
    // Content events a read covered, and a later properties event: still nothing to read.
    expect(
      blockRead({ ...hooks, events: { content: 2, contentAt: at(5), propertiesAt: at(40) }, eventsSeen: 2 }),
    ).toEqual({ read: false, why: 'properties_only' });
  });

  it('with webhooks: a content event no read covered is read, even for an edit the last read saw', () => {
    const events = { content: 2, contentAt: at(5), propertiesAt: at(40) };
    expect(blockRead({ ...hooks, events, eventsSeen: 1 })).toEqual({ read: true, why: 'announced' });
    expect(blockRead({ ...hooks, events })).toEqual({ read: true, why: 'announced' });
    // A late content event for a page the last read saw (or the query's window left behind).
    expect(blockRead({ ...hooks, events, eventsSeen: 1, blocksReadAt: at(3600) })).toEqual({
      read: true,
      why: 'announced',
    });
    expect(blockRead({ ...hooks, events, eventsSeen: 2, blocksReadAt: at(3600) })).toEqual({
      read: false,
      why: 'seen',
    });
  });

  it('with webhooks: an edit no event announced yet is read (the conservative fallback)', () => {
    // No record at all: the subscription is missing, or the edit came before it.
    expect(blockRead(hooks)).toEqual({ read: true, why: 'unannounced' });
    // Edited in a minute after the newest event: that edit's event has not come (it may be a content one).
    const events = { content: 1, contentAt: at(-30), propertiesAt: at(-1) };
    expect(blockRead({ ...hooks, events, eventsSeen: 1 })).toEqual({ read: true, why: 'unannounced' });
    // Events that carried no time prove nothing.
    expect(blockRead({ ...hooks, events: { content: 0 } })).toEqual({ read: true, why: 'unannounced' });
    // An intent in flight is always read.
    expect(blockRead({ ...hooks, busy: true, events: { content: 0, propertiesAt: at(30) } })).toEqual({
      read: true,
      why: 'busy',
    });
  });
});
