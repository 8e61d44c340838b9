// Writes that put a check-in's blocks right on a page: rewrites in place, inserts after a block, deletes — and blocks whose type a person changed, replaced (Notion cannot change a block's type).
import { isValidationError } from '../notion/errors.ts';
import { MAX_BLOCKS_PER_CALL } from '../notion/ops.ts';
import { plain } from '../notion/text.ts';
import type { SyncContext } from './context.ts';

/** One write of a correction or a put-back. */
export type Step =
  | { kind: 'update'; blockId: string; type: string; richText: unknown[] }
  | { kind: 'insert'; afterId: string; blocks: Record<string, unknown>[] }
  | { kind: 'delete'; blockId: string };

/** A block of a check-in's section as the page holds it. */
export interface CurrentBlock {
  id: string;
  type: string;
  text: string;
  /** Its position among the page's blocks (replacements of neighbouring blocks share one insert). */
  index: number;
  /** It holds nested blocks (a person's): replacing it would delete them. */
  hasChildren?: boolean;
}

/** One of the page's blocks paired with the check-in block it should show. */
export interface Pair {
  block: CurrentBlock;
  expected: Record<string, unknown>;
  /** Rewrite it even when its text is right (its formatting was edited). */
  rewriteSame?: boolean;
}

export const richOf = (b: Record<string, unknown> | undefined): unknown[] =>
  ((b?.[String(b?.type)] as { rich_text?: unknown[] } | undefined)?.rich_text ?? []) as unknown[];
export const textOf = (b: Record<string, unknown> | undefined): string => plain(richOf(b));

/** Whether a block needs replacing to show `expected`: its type differs, and it holds no one's nested blocks. */
export const needsReplacing = (p: Pair): boolean =>
  p.block.type !== String(p.expected.type) && p.block.hasChildren !== true;

/**
 * The writes for pairs in page order. A block of the right type whose text differs is rewritten in place. A block
 * whose type differs (a person's "Turn into") cannot be changed back through Notion's API: the expected block is
 * inserted right after it and it is deleted — neighbouring ones together, one insert for the run and a delete each,
 * which is the fewest writes that can do it. One that holds nested blocks keeps its type (deleting it would delete
 * them): only its text is put right. Inserts come before deletes (see `ordered`).
 */
export function pairSteps(pairs: readonly Pair[]): Step[] {
  const steps: Step[] = [];
  let run: Pair[] = [];
  const flush = () => {
    const last = run.at(-1);
    if (last === undefined) return;
    steps.push({ kind: 'insert', afterId: last.block.id, blocks: run.map((p) => p.expected) });
    for (const p of run) steps.push({ kind: 'delete', blockId: p.block.id });
    run = [];
  };
  for (const p of pairs) {
    if (needsReplacing(p)) {
      const prev = run.at(-1);
      if (prev !== undefined && p.block.index !== prev.block.index + 1) flush();
      run.push(p);
      continue;
    }
    flush();
    if (p.rewriteSame || p.block.text !== textOf(p.expected))
      steps.push({ kind: 'update', blockId: p.block.id, type: p.block.type, richText: richOf(p.expected) });
  }
  flush();
  return steps;
}

/** Rewrites and inserts before deletes: a run stopped half-way leaves more of the check-in on the page, not less. */
export const ordered = (steps: readonly Step[]): Step[] => [
  ...steps.filter((s) => s.kind !== 'delete'),
  ...steps.filter((s) => s.kind === 'delete'),
];

/**
 * Sends one step (the lease checked right before). A refusal (validation) is logged and left: the block went to
 * the trash meanwhile (a person deleted it, or a retried delete had landed), or Notion does not take that text
 * under the block's type. Inserts are not repeatable: an unknown outcome throws UncertainWriteError and the
 * caller reads the page again.
 */
export async function writeStep(ctx: SyncContext, pageId: string, step: Step): Promise<boolean> {
  await ctx.lease.ensure();
  try {
    if (step.kind === 'update') await ctx.notion.updateBlock(step.blockId, step.type, step.richText);
    else if (step.kind === 'delete') await ctx.notion.deleteBlock(step.blockId);
    else {
      // Chunks go in reverse, each right after the same block, so they end up in order.
      const chunks: Record<string, unknown>[][] = [];
      for (let i = 0; i < step.blocks.length; i += MAX_BLOCKS_PER_CALL)
        chunks.push(step.blocks.slice(i, i + MAX_BLOCKS_PER_CALL));
      for (const chunk of chunks.reverse()) await ctx.notion.insertBlocks(pageId, step.afterId, chunk);
    }
    return true;
  } catch (error) {
    if (!isValidationError(error)) throw error;
    ctx.log.warn(
      { pageId, step: step.kind, err: error },
      'Notion refused a write of check-in blocks; left as it is',
    );
    return false;
  }
}
