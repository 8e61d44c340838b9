// Convergence checks for fault and crash tests: one page per goal, equal values on both sides, each check-in once per page.
import { expect } from 'vitest';
import { markersIn } from '../sync/checkInBlocks.ts';
import { type Harness, plainValue } from './harness.ts';

/** Runs rounds (failures allowed) until `done` holds after a successful round, or gives up after `max` rounds. */
export async function roundsUntil(
  run: () => Promise<unknown>,
  done: () => Promise<boolean>,
  max = 40,
): Promise<number> {
  for (let i = 1; i <= max; i++) {
    try {
      await run();
    } catch {
      continue;
    }
    if (await done()) return i;
  }
  throw new Error(`no convergence after ${max} rounds`);
}

/** Mismatches between Perfloop and Notion (empty when converged). */
export async function differences(x: Harness): Promise<string[]> {
  const out: string[] = [];
  const rows = x.rows();
  const ids = rows.map((r) => plainValue(r, 'Perfloop id'));
  if (new Set(ids).size !== ids.length) out.push('duplicate pages');
  if (rows.length !== x.allGoals.length) out.push(`${rows.length} pages for ${x.allGoals.length} goals`);
  for (const goalId of x.allGoals) {
    const g = (await x.goal(goalId)) as {
      title: string;
      actual: number | null;
      status: string;
      description: string;
    };
    const row = x.row(goalId);
    if (!row) {
      out.push(`${goalId}: no page`);
      continue;
    }
    const status = g.status.charAt(0).toUpperCase() + g.status.slice(1);
    const pairs: [string, unknown, unknown][] = [
      ['Name', g.title, plainValue(row, 'Name')],
      ['Actual', g.actual, plainValue(row, 'Actual')],
      ['Status', status, plainValue(row, 'Status')],
      ['Notes', g.description, plainValue(row, 'Notes')],
    ];
    for (const [name, perfloop, notion] of pairs) {
      if (perfloop !== notion)
        out.push(`${goalId} ${name}: Perfloop ${String(perfloop)} ≠ Notion ${String(notion)}`);
    }
  }
  return out;
}

/** Each check-in's blocks appear at most once on every page. */
export function assertNoDuplicateNotes(x: Harness): number {
  let total = 0;
  for (const row of x.rows()) {
    const blocks = (x.fake.workspace.children.get(String(row.id)) ?? []).flatMap((id) => {
      const b = x.fake.workspace.blocks.get(id);
      return b && !b.inTrash ? [{ type: b.type, [b.type]: b.content } as Record<string, unknown>] : [];
    });
    const headings = blocks.filter((b) => b.type === 'heading_3');
    expect(markersIn(blocks).size).toBe(headings.length);
    total += headings.length;
  }
  return total;
}
