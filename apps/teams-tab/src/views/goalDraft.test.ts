// The plan editor's draft: what a new goal and a change send, what must be filled, the live weight total.
import { describe, expect, it } from 'vitest';
import type { Goal } from '../api/types.ts';
import { createBody, draftOf, emptyDraft, missingFields, patchBody, weightTotal } from './goalDraft.ts';

const kpi: Goal = {
  id: 'gol_a',
  version: 3,
  cycleId: 'cyc_1',
  title: 'Bookings',
  description: '',
  level: 'person',
  ownerId: 'per_1',
  departmentId: 'dep_1',
  weight: 33.33,
  alignedTo: null,
  status: 'active',
  dueDate: null,
  kind: 'kpi',
  unit: 'k€',
  direction: 'higher_is_better',
  baseline: 0,
  threshold: null,
  target: 300,
  stretch: 390,
  actual: null,
};
const competency: Goal = {
  ...kpi,
  id: 'gol_b',
  kind: 'competency',
  title: 'Coaching',
  weight: 33.33,
  expectations: 'Debriefs every call.',
  unit: undefined,
  direction: undefined,
  baseline: undefined,
  threshold: undefined,
  target: undefined,
  stretch: undefined,
  actual: undefined,
};

describe('goal draft', () => {
  it('a new KPI goal sends its kind’s fields; empty threshold and stretch are none', () => {
    const draft = { ...emptyDraft(), title: ' Bookings ', weight: '60', target: '300', unit: 'k€' };
    expect(createBody(draft, 'cyc_1', 'per_1', 'en')).toEqual({
      cycleId: 'cyc_1',
      ownerId: 'per_1',
      level: 'person',
      kind: 'kpi',
      title: 'Bookings',
      weight: 60,
      dueDate: null,
      alignedTo: null,
      unit: 'k€',
      direction: 'higher_is_better',
      baseline: 0,
      threshold: null,
      target: 300,
      stretch: null,
    });
  });

  it('a new competency goal sends no KPI field', () => {
    const draft = {
      ...emptyDraft(),
      kind: 'competency' as const,
      title: 'Coaching',
      weight: '40',
      target: '9',
    };
    expect(createBody(draft, 'cyc_1', 'per_1', 'en')).toEqual({
      cycleId: 'cyc_1',
      ownerId: 'per_1',
      level: 'person',
      kind: 'competency',
      title: 'Coaching',
      weight: 40,
      dueDate: null,
      alignedTo: null,
      expectations: '',
    });
  });

  it('a change sends only what differs from the goal as read', () => {
    expect(patchBody(kpi, draftOf(kpi, 'en'), 'en')).toEqual({});
    expect(
      patchBody(kpi, { ...draftOf(kpi, 'en'), threshold: '250', stretch: '', dueDate: '2027-06-30' }, 'en'),
    ).toEqual({
      threshold: 250,
      stretch: null,
      dueDate: '2027-06-30',
    });
    expect(
      patchBody(competency, { ...draftOf(competency, 'en'), expectations: 'Shadows calls.' }, 'en'),
    ).toEqual({
      expectations: 'Shadows calls.',
    });
  });

  it('title and weight are required, baseline and target too for a KPI', () => {
    expect(missingFields(emptyDraft(), 'en')).toEqual(['title', 'weight', 'target']);
    expect(
      missingFields({ ...emptyDraft(), title: 'x', weight: 'abc', baseline: '', target: '1' }, 'en'),
    ).toEqual(['weight', 'baseline']);
    expect(missingFields({ ...emptyDraft(), kind: 'competency', title: 'x', weight: '0' }, 'en')).toEqual([]);
  });

  it('reads and writes numbers in the tab’s locale: grouped, full width; a typo is no number, never 0 or cut short', () => {
    const big = { ...kpi, baseline: 1250.5, target: 12000, stretch: 15000 };
    expect(draftOf(big, 'en')).toMatchObject({
      weight: '33.33',
      baseline: '1,250.5',
      threshold: '',
      target: '12,000',
      stretch: '15,000',
    });
    expect(draftOf(big, 'zh-CN').target).toBe('12,000');
    // The grouped text it shows is the goal as read: nothing to send.
    expect(patchBody(big, draftOf(big, 'en'), 'en')).toEqual({});
    const typed = { ...emptyDraft(), title: 'Revenue', weight: '６０', target: '1,234.5', stretch: '2,000' };
    expect(createBody(typed, 'cyc_1', 'per_1', 'zh-CN')).toMatchObject({
      weight: 60,
      target: 1234.5,
      stretch: 2000,
      threshold: null,
    });
    // An optional anchor typed wrong is flagged, not dropped as "none".
    expect(missingFields({ ...typed, threshold: '1,5' }, 'en')).toEqual(['threshold']);
    expect(missingFields({ ...typed, target: '1.234,5' }, 'en')).toEqual(['target']);
  });

  it('totals the weights in hundredths, counting the weight being typed in place of the goal edited', () => {
    const third = { ...kpi, id: 'gol_c', weight: 33.34 };
    const cancelled = { ...kpi, id: 'gol_d', weight: 50, status: 'cancelled' as const };
    expect(weightTotal([kpi, competency, third, cancelled], null, null, 'en')).toBe(100);
    expect(weightTotal([kpi, competency, third], 'gol_c', '40', 'en')).toBe(106.66);
    expect(weightTotal([kpi, competency], null, '10.5', 'zh-CN')).toBe(77.16);
    expect(weightTotal([kpi, competency], null, '', 'en')).toBe(66.66);
    expect(weightTotal([kpi, competency], 'gol_a', 'x', 'en')).toBe(33.33);
    // "1,5" is not read as 15 (nor 1.5): not counted.
    expect(weightTotal([kpi, competency], null, '1,5', 'en')).toBe(66.66);
  });
});
