// Check-in corrections: a check-in's corrected text replaces its blocks on a page (found by the heading's marker), with as few writes as the difference needs, safe to repeat.
import type { CheckIn } from '@perfloop/core';
import { UncertainWriteError } from '../notion/errors.ts';
import {
  type CurrentBlock,
  ordered,
  type Pair,
  pairSteps,
  type Step,
  textOf,
  writeStep,
} from './blockSteps.ts';
import { checkInBlocks } from './checkInBlocks.ts';
import type { SyncContext } from './context.ts';
import { isSuspect, type Section, sectionsOf, settleNoteEdits } from './noteEdits.ts';
import type { GoalState } from './state.ts';

/** The longest common subsequence of equal keys, as index pairs in increasing order (sections are a few blocks). */
function common(a: readonly string[], b: readonly string[]): [number, number][] {
  const w = b.length + 1;
  const t = new Array<number>((a.length + 1) * w).fill(0);
  const at = (i: number, j: number) => t[i * w + j] ?? 0;
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      t[i * w + j] = a[i] === b[j] ? at(i + 1, j + 1) + 1 : Math.max(at(i + 1, j), at(i, j + 1));
    }
  }
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      out.push([i, j]);
      i++;
      j++;
    } else if (at(i + 1, j) >= at(i, j + 1)) i++;
    else j++;
  }
  return out;
}

/**
 * The writes that turn a check-in's blocks on a page (`current`, its heading first) into `expected`: blocks that
 * already show an expected block (same type and text) stay and anchor; the others between two anchors are paired in
 * order — rewritten in place when their type is right, replaced when a person turned them into another type
 * (blockSteps.ts) —, expected blocks left over are inserted after their predecessor, current ones left over are
 * deleted. A changed heading is rewritten in place, so a correction never adds a second marker; a heading a person
 * turned into text is replaced by one heading, and a replacement a stopped run already inserted anchors, so only
 * the old block is deleted. Empty when the page is right already, which makes it safe to repeat after any
 * partial run.
 */
export function correctionSteps(
  current: readonly CurrentBlock[],
  expected: readonly Record<string, unknown>[],
): Step[] {
  if (current.length === 0 || expected.length === 0) return [];
  const key = (type: string, text: string) => `${type}\n${text}`;
  const anchors = common(
    current.map((c) => key(c.type, c.text)),
    expected.map((b) => key(String(b.type), textOf(b))),
  );
  const steps: Step[] = [];
  let prevI = -1;
  let prevJ = -1;
  for (const [i, j] of [...anchors, [current.length, expected.length] as [number, number]]) {
    const olds = current.slice(prevI + 1, i);
    const news = expected.slice(prevJ + 1, j);
    const paired = Math.min(olds.length, news.length);
    const pairs: Pair[] = olds
      .slice(0, paired)
      .map((block, n) => ({ block, expected: news[n] as Record<string, unknown> }));
    steps.push(...pairSteps(pairs));
    if (news.length > paired) {
      const extra = news.slice(paired);
      const lastOld = olds[paired - 1];
      const replaced = steps.find((s) => s.kind === 'insert' && s.afterId === lastOld?.id);
      if (replaced?.kind === 'insert') {
        // The last paired block is being replaced: the extra blocks follow its replacement.
        replaced.blocks.push(...extra);
      } else {
        // After the last paired block, else the previous anchor; a section whose very first block anchors further
        // down (its heading gone) gets them after that block, the only one of the section known to be there.
        const after = lastOld ?? current[prevI] ?? (current[i] as CurrentBlock);
        steps.push({ kind: 'insert', afterId: after.id, blocks: extra });
      }
    }
    for (const c of olds.slice(paired)) steps.push({ kind: 'delete', blockId: c.id });
    prevI = i;
    prevJ = j;
  }
  return ordered(steps);
}

/**
 * Puts the corrected text of `checkIns` on one goal's page. One read of the page's blocks finds each check-in's
 * section by its marker (a page without the marker does not hold that check-in: skipped); only the blocks whose
 * text differs are written. Blocks a person edited since the worker wrote them are first settled like the pull
 * does (their text kept in a page comment), so the correction never drops someone's words silently. Inserts are
 * not repeatable: after an unknown outcome the page is read again and the difference computed anew.
 */
export async function correctPage(
  ctx: SyncContext,
  goalId: string,
  pageId: string,
  checkIns: readonly CheckIn[],
): Promise<void> {
  const people = new Map(ctx.directory.people.map((p) => [p.id, p.name]));
  const ids = new Set(checkIns.map((c) => c.id));
  const done = new Set<string>();
  for (let attempt = 0; ; attempt++) {
    const read = async () => sectionsOf(await ctx.notion.blocks(pageId), ctx.workspace.botId);
    let sections: Section[] = await read();
    const mine = sections.filter((s) => s.checkInId !== null && ids.has(s.checkInId));
    if (mine.some((s) => s.blocks.some((b) => b.edited || isSuspect(b)))) {
      await settleNoteEdits(ctx, pageId, goalId, ctx.state.goal(goalId) as GoalState);
      sections = await read();
    }
    try {
      for (const c of checkIns) {
        const section = sections.find((s) => s.checkInId === c.id);
        if (!section) continue;
        const steps = correctionSteps(
          section.blocks,
          checkInBlocks(c, goalId, people.get(c.authorId) ?? null),
        );
        for (const step of steps) await writeStep(ctx, pageId, step);
        if (steps.length > 0 && !done.has(c.id)) {
          done.add(c.id);
          ctx.report.correctedCheckIns += 1;
        }
      }
      return;
    } catch (error) {
      if (!(error instanceof UncertainWriteError) || attempt >= 3) throw error;
    }
  }
}
