// Check-in corrections: a check-in's corrected text replaces its blocks on a page (found by the heading's marker), with as few writes as the difference needs, safe to repeat.
import type { CheckIn } from '@perfloop/core';
import { isValidationError, UncertainWriteError } from '../notion/errors.ts';
import { MAX_BLOCKS_PER_CALL } from '../notion/ops.ts';
import { plain } from '../notion/text.ts';
import { checkInBlocks } from './checkInBlocks.ts';
import type { SyncContext } from './context.ts';
import { type Section, sectionsOf, settleNoteEdits } from './noteEdits.ts';
import type { GoalState } from './state.ts';

/** One write of a correction. */
export type Step =
  | { kind: 'update'; blockId: string; type: string; richText: unknown[] }
  | { kind: 'insert'; afterId: string; blocks: Record<string, unknown>[] }
  | { kind: 'delete'; blockId: string };

/** A block of the section as the page holds it. */
export interface CurrentBlock {
  id: string;
  type: string;
  text: string;
}

const richOf = (b: Record<string, unknown> | undefined): unknown[] =>
  ((b?.[String(b?.type)] as { rich_text?: unknown[] } | undefined)?.rich_text ?? []) as unknown[];

/** The longest common subsequence of equal texts, as index pairs in increasing order (sections are a few blocks). */
function commonTexts(a: readonly string[], b: readonly string[]): [number, number][] {
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
 * already show an expected text stay (they anchor), the others between two anchors are rewritten in place pairwise,
 * expected blocks left over are inserted after their predecessor, current ones left over are deleted. The heading
 * is always rewritten in place, so a correction never adds a second marker. Empty when the page is right already,
 * which makes a correction safe to repeat after any partial run.
 */
export function correctionSteps(
  current: readonly CurrentBlock[],
  expected: readonly Record<string, unknown>[],
): Step[] {
  const want = expected.map((b) => plain(richOf(b)));
  const steps: Step[] = [];
  const rewrite = (c: CurrentBlock, k: number) => {
    if (c.text !== want[k])
      steps.push({ kind: 'update', blockId: c.id, type: c.type, richText: richOf(expected[k]) });
  };
  const heading = current[0];
  if (heading === undefined || expected.length === 0) return steps;
  rewrite(heading, 0);
  const anchors = commonTexts(
    current.slice(1).map((c) => c.text),
    want.slice(1),
  ).map(([i, j]): [number, number] => [i + 1, j + 1]);
  let prevI = 0;
  let prevJ = 0;
  for (const [i, j] of [...anchors, [current.length, expected.length] as [number, number]]) {
    const olds = current.slice(prevI + 1, i);
    const news = Array.from({ length: Math.max(0, j - prevJ - 1) }, (_, n) => prevJ + 1 + n);
    const paired = Math.min(olds.length, news.length);
    for (let n = 0; n < paired; n++) rewrite(olds[n] as CurrentBlock, news[n] as number);
    if (news.length > paired) {
      const after = paired > 0 ? olds[paired - 1] : current[prevI];
      steps.push({
        kind: 'insert',
        afterId: (after as CurrentBlock).id,
        blocks: news.slice(paired).map((k) => expected[k] as Record<string, unknown>),
      });
    }
    for (const c of olds.slice(paired)) steps.push({ kind: 'delete', blockId: c.id });
    prevI = i;
    prevJ = j;
  }
  // Rewrites and inserts before deletes: a run stopped half-way leaves more of the check-in on the page, not less.
  return [...steps.filter((s) => s.kind !== 'delete'), ...steps.filter((s) => s.kind === 'delete')];
}

async function write(ctx: SyncContext, pageId: string, step: Step): Promise<void> {
  await ctx.lease.ensure();
  try {
    if (step.kind === 'update') await ctx.notion.updateBlock(step.blockId, step.type, step.richText);
    else if (step.kind === 'delete') await ctx.notion.deleteBlock(step.blockId);
    else {
      for (let i = 0; i < step.blocks.length; i += MAX_BLOCKS_PER_CALL) {
        await ctx.notion.insertBlocks(pageId, step.afterId, step.blocks.slice(i, i + MAX_BLOCKS_PER_CALL));
      }
    }
  } catch (error) {
    // Refused: the block went to the trash meanwhile (a person deleted it, or a retried delete had landed). The
    // page's blocks are theirs to delete; the check-in is still in Perfloop.
    if (!isValidationError(error)) throw error;
    ctx.log.warn({ pageId, err: error }, 'Notion refused a write of a check-in correction; left as it is');
  }
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
    if (mine.some((s) => s.blocks.some((b) => b.edited))) {
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
        for (const step of steps) await write(ctx, pageId, step);
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
