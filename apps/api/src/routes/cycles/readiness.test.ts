// scopeReasons: guard reasons narrowed to the people a caller may see, recounted and reworded.
import { type GuardReason, guardHint, guardReason } from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import { scopeReasons } from './readiness.ts';

const reasons: GuardReason[] = [
  { code: 'plans_not_agreed', count: 3, ids: ['a', 'b', 'c'], message: '3 plans not agreed' },
  { code: 'kpi_actuals_missing', count: 2, ids: ['g1', 'g2'], message: '2 KPI actuals missing' },
  { code: 'coaching_missing', count: 1, ids: ['c'], message: '1 person has no check-in this cycle' },
  {
    code: 'calibration_open',
    count: 1,
    ids: [],
    message: 'calibration is not finished: a calibration session is still to be started or finalised',
  },
];
const owners = new Map<string, string | null>([
  ['g1', 'a'],
  ['g2', 'c'],
]);

describe('scopeReasons', () => {
  it('keeps visible ids, recounts and rewords; drops reasons left empty; keeps cycle-wide reasons', () => {
    const scoped = scopeReasons(reasons, (id) => id === 'a' || id === 'b', owners);
    expect(scoped).toEqual([
      { code: 'plans_not_agreed', count: 2, ids: ['a', 'b'], message: '2 plans not agreed' },
      { code: 'kpi_actuals_missing', count: 1, ids: ['g1'], message: '1 KPI actual missing' },
      reasons[3],
    ]);
  });

  it('narrows the hints too, rewording the reason without the hidden people', () => {
    const hinted = guardReason(
      'results_not_applied',
      ['a', 'b', 'c'],
      [guardHint('all_goals_cancelled', ['a', 'c']), guardHint('participant_inactive', ['c'])],
    );
    expect(hinted.message).toBe(
      '3 results not applied (2 people have every goal cancelled, so no score and never a result: withdraw them from the cycle (with a reason) instead of overriding; 1 person is no longer active in the organisation: withdraw them from the cycle (with a reason))',
    );
    const [scoped] = scopeReasons([hinted], (id) => id !== 'c', owners);
    expect(scoped).toEqual({
      code: 'results_not_applied',
      count: 2,
      ids: ['a', 'b'],
      message:
        '2 results not applied (1 person has every goal cancelled, so no score and never a result: withdraw them from the cycle (with a reason) instead of overriding)',
      hints: [guardHint('all_goals_cancelled', ['a'])],
    });
    const [plain] = scopeReasons([hinted], (id) => id === 'b', owners);
    expect(plain).toEqual({
      code: 'results_not_applied',
      count: 1,
      ids: ['b'],
      message: '1 result not applied',
    });
  });

  it('leaves reasons untouched when everything is visible', () => {
    expect(scopeReasons(reasons, () => true, owners)).toEqual(reasons);
  });
});
