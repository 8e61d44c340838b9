// The conflict policy, field by field.
import { describe, expect, it } from 'vitest';
import { decide, type FieldEdit } from './conflict.ts';

const at = (hhmmss: string) => Date.parse(`2026-11-28T${hhmmss}.000Z`);
const edit = (over: Partial<FieldEdit<number>>): FieldEdit<number> => ({
  notion: 42,
  perfloop: 40,
  synced: 40,
  phase: 'coach',
  notionEditedAt: at('10:05:00'),
  perfloopEditedAt: at('09:00:00'),
  ...over,
});

describe('decide', () => {
  it('applies an edit only Notion made', () => {
    expect(decide(edit({}))).toEqual({ winner: 'notion', reason: 'notion_only' });
  });
  it('does nothing when both sides already agree', () => {
    expect(decide(edit({ perfloop: 42 }))).toEqual({ winner: 'same', reason: 'converged' });
  });
  it('keeps Perfloop once the cycle is past coach, even for an edit only Notion made', () => {
    for (const phase of ['appraise', 'calibrate', 'feedback', 'apply', 'improve', 'closed'] as const) {
      expect(decide(edit({ phase }))).toEqual({ winner: 'perfloop', reason: 'phase_locked' });
    }
    expect(decide(edit({ phase: 'plan' })).winner).toBe('notion');
  });
  it('lets the later edit win when both changed it, reading Notion’s minute conservatively', () => {
    // Perfloop changed it before Notion's minute began: Notion is later.
    expect(decide(edit({ perfloop: 41, perfloopEditedAt: at('10:04:59') }))).toEqual({
      winner: 'notion',
      reason: 'notion_later',
    });
    // A whole minute after Notion's minute began: Perfloop is later.
    expect(decide(edit({ perfloop: 41, perfloopEditedAt: at('10:06:00') }))).toEqual({
      winner: 'perfloop',
      reason: 'perfloop_later',
    });
    // Inside the minute nobody can tell: Perfloop keeps its value (Notion's loses, into a comment).
    expect(decide(edit({ perfloop: 41, perfloopEditedAt: at('10:05:30') }))).toEqual({
      winner: 'perfloop',
      reason: 'same_minute',
    });
  });
  it('compares structured values by content', () => {
    const e: FieldEdit<string[]> = {
      notion: ['a'],
      perfloop: ['a'],
      synced: [],
      phase: 'coach',
      notionEditedAt: 0,
      perfloopEditedAt: 0,
    };
    expect(decide(e).winner).toBe('same');
  });
});
