// The actuals typed into a check-in: read in the tab's locale, empty fields send nothing, a typo is named, never sent.
import { describe, expect, it } from 'vitest';
import type { Goal } from '../api/types.ts';
import { actualUpdates } from './checkInActuals.ts';

const goal = (id: string, version: number) => ({ id, version }) as Goal;
const kpis = [goal('gol_a', 3), goal('gol_b', 1), goal('gol_c', 7)];

describe('actualUpdates', () => {
  it('sends each actual typed, read in the locale, with the version the goal was read at', () => {
    expect(actualUpdates(kpis, { gol_a: '1,250.5', gol_b: '', gol_c: '８０' }, 'zh-CN')).toEqual({
      updates: [
        { goalId: 'gol_a', actual: 1250.5, goalVersion: 3 },
        { goalId: 'gol_c', actual: 80, goalVersion: 7 },
      ],
      invalid: [],
    });
    expect(actualUpdates(kpis, {}, 'en')).toEqual({ updates: [], invalid: [] });
  });

  it('names the goals whose actual is not a number instead of sending them as 0 or cut short', () => {
    expect(actualUpdates(kpis, { gol_a: '1,5', gol_b: '12', gol_c: '3 k€' }, 'en')).toEqual({
      updates: [{ goalId: 'gol_b', actual: 12, goalVersion: 1 }],
      invalid: ['gol_a', 'gol_c'],
    });
  });
});
