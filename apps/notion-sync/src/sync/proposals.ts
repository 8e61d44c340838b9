// Rows added in Notion: while their cycle is in plan they become person goals (proposed by the row's creator); otherwise the page says why not.
import { createHash } from 'node:crypto';
import { PerfloopError } from '../perfloop/api.ts';
import { compose } from './comments.ts';
import type { SyncContext } from './context.ts';
import type { ReadPage } from './mapping.ts';
import type { PageState } from './state.ts';

interface Proposing {
  key: string;
  body: Record<string, unknown>;
}

/** Comments `lines` on a page once: the same problems are not repeated on every pull. */
export async function reportOnce(ctx: SyncContext, pageId: string, lines: readonly string[]): Promise<void> {
  const text = compose(lines);
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const key = `page:${pageId}`;
  if (ctx.state.get<PageState>(key)?.reported === hash) return;
  await ctx.lease.ensure();
  await ctx.notion.comment(pageId, text);
  ctx.report.comments += 1;
  ctx.state.set(key, { reported: hash } satisfies PageState);
}

/** The e-mail of a Notion user (workspace members are cached; others are looked up once). */
export async function emailOf(ctx: SyncContext, userId: string | undefined): Promise<string | null> {
  if (!userId) return null;
  for (const [email, id] of ctx.workspace.people) if (id === userId) return email;
  const email = await ctx.notion.userEmail(userId);
  if (email) ctx.workspace.people.set(email, userId);
  return email;
}

/** What a new row asks for, or the problems that keep it from becoming a goal. */
async function proposalOf(
  ctx: SyncContext,
  page: ReadPage,
): Promise<{ body: Record<string, unknown> } | { problems: string[] }> {
  const problems: string[] = [];
  const { row } = page;
  const person = (email: string | null) =>
    email === null
      ? undefined
      : ctx.directory.people.find((p) => p.active && p.email.toLowerCase() === email);
  const requester = person(await emailOf(ctx, page.createdBy));
  if (!requester)
    problems.push('the person who added this row has no active Perfloop account with the same e-mail.');
  const inPlan = ctx.directory.cycles.filter((c) => c.phase === 'plan');
  const cycle =
    row.cycle !== null
      ? ctx.directory.cycles.find((c) => c.name === row.cycle)
      : inPlan.length === 1
        ? inPlan[0]
        : undefined;
  if (!cycle && inPlan.length === 0) {
    problems.push('no cycle is in plan now: new goals can be added only while a cycle is in plan.');
  } else if (!cycle) {
    problems.push(`choose the Cycle (one in plan: ${inPlan.map((c) => c.name).join(', ')}).`);
  } else if (cycle.phase !== 'plan') {
    problems.push(
      `${cycle.name} is in ${cycle.phase}: new goals can be added only while a cycle is in plan.`,
    );
  }
  // No Owner: the person who added the row proposes a goal of their own.
  const owner = row.owner.length === 0 ? requester : person(await emailOf(ctx, row.owner[0]));
  if (!owner)
    problems.push(
      'set the Owner to the person whose goal this is (their Notion account must use their Perfloop e-mail).',
    );
  if (row.title.trim() === '') problems.push('give the goal a Name.');
  if (row.weight === null) problems.push('set its Weight (0–100).');
  for (const i of page.invalid) problems.push(`${i.field} “${i.raw}”: ${i.reason}.`);
  let alignedTo: string | null = null;
  if (row.alignedTo[0]) {
    alignedTo = ctx.state.goalOfPage(row.alignedTo[0]) ?? null;
    if (alignedTo === null) problems.push('Aligned to must be another Perfloop goal in this database.');
  }
  if (problems.length > 0 || !requester || !cycle || !owner) return { problems };
  const kind =
    row.target !== null
      ? {
          kind: 'kpi',
          direction: 'higher_is_better',
          baseline: 0,
          target: row.target,
          unit: row.unit,
          actual: row.actual,
        }
      : { kind: 'competency' };
  return {
    body: {
      requestedBy: requester.id,
      ref: page.id,
      goal: {
        cycleId: cycle.id,
        title: row.title.trim(),
        level: 'person',
        ownerId: owner.id,
        weight: row.weight,
        status: row.status ?? 'draft',
        description: row.notes,
        dueDate: row.due,
        alignedTo,
        ...kind,
      },
    },
  };
}

/**
 * A row a person added: proposed as a goal with an Idempotency-Key recorded before the call, so a
 * worker that dies half-way repeats exactly the same request (replayed, never a second goal).
 */
export async function handleNewRow(ctx: SyncContext, page: ReadPage): Promise<void> {
  const key = `page:${page.id}`;
  const pending = ctx.state.get<PageState & { proposing?: Proposing }>(key)?.proposing;
  let proposing: Proposing;
  if (pending) {
    proposing = pending;
  } else {
    const proposal = await proposalOf(ctx, page);
    if ('problems' in proposal) {
      await reportOnce(ctx, page.id, ['this row is not a Perfloop goal yet:', ...proposal.problems]);
      return;
    }
    const hash = createHash('sha256').update(JSON.stringify(proposal.body)).digest('hex').slice(0, 16);
    proposing = { key: `notion-page-${page.id}-${hash}`, body: proposal.body };
    ctx.state.set(key, { reported: '', proposing } satisfies PageState & { proposing: Proposing });
    await ctx.state.commit(await ctx.lease.ensure());
  }
  try {
    const created = await ctx.api.proposeGoal(proposing.body, proposing.key);
    ctx.state.setGoal(created.goal.id, { pageId: page.id, goal: created.goal, version: 0, pushed: {} });
    ctx.state.remove(key);
    ctx.report.proposals += 1;
    ctx.log.info(
      { goalId: created.goal.id, pageId: page.id },
      'a row added in Notion became a Perfloop goal',
    );
    await ctx.notion.comment(
      page.id,
      compose([
        `added to Perfloop as a goal for ${ctx.directory.people.find((p) => p.id === created.goal.ownerId)?.name ?? 'its owner'} (${created.goal.status}); the plan is agreed in Perfloop.`,
      ]),
    );
    ctx.report.comments += 1;
  } catch (error) {
    if (!(error instanceof PerfloopError) || error.status >= 500) throw error;
    ctx.state.set(key, { reported: '' } satisfies PageState);
    const detail = [error.message, ...error.errors.map((e) => `${e.path}: ${e.message}`)].join(' ');
    await reportOnce(ctx, page.id, [`Perfloop did not accept this row as a goal: ${detail}`]);
  }
}
