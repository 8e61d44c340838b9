// A next-cycle draft in the tab's language: reasons, notes, skipped goals, manager actions, development items and the
// "Build skill" goals drafted for a skills gap from their codes and fields; the API's English message only for a code
// (or an older draft without the fields) the tab does not know.
import type { DraftNote, DraftReason, NextCycleDraft } from '../api/types.ts';
import type { MessageKey, Translate } from '../i18n/index.tsx';

export interface DraftWords {
  t: Translate;
  number: (n: number, digits?: number) => string;
}

/** What a draft's texts name besides their own fields: the cycles by name and its goals' titles. */
export interface DraftContext {
  fromName: string;
  toName: string;
  /** The title of a goal of the cycle that ended, from the draft that continues it (null: not in this draft). */
  sourceTitle: (goalId: string) => string | null;
}

export function draftContext(draft: NextCycleDraft, cycleName: (id: string) => string): DraftContext {
  const titles = new Map<string, string>();
  for (const d of draft.drafts) if (d.carriedFrom !== null) titles.set(d.carriedFrom, d.goal.title);
  for (const s of draft.skipped) if (s.title !== undefined) titles.set(s.goalId, s.title);
  return {
    fromName: cycleName(draft.fromCycleId),
    toName: cycleName(draft.toCycleId),
    sourceTitle: (goalId) => titles.get(goalId) ?? null,
  };
}

const percent = (w: DraftWords, ratio: number) => `${w.number(ratio * 100, 1)}%`;

/**
 * Why a draft goal exists, said after its title (`next.goalLine`): a carried goal's reason does not name the goal
 * again; an attributed gap names the goal it comes from (a "Build skill" goal's source).
 */
export function reasonText(w: DraftWords, ctx: DraftContext, reason: DraftReason): string {
  const { t } = w;
  const goal = ctx.sourceTitle(reason.sourceGoalId);
  switch (reason.code) {
    case 'unfinished_goal':
      if (goal === null || reason.achievement === undefined) break;
      return t('next.reason.unfinished_goal', {
        achievement: percent(w, reason.achievement),
        cycle: ctx.fromName,
      });
    case 'ongoing_competency':
      // Without the fields (a draft stored before them) the English message says more than a guess would.
      if (goal === null || reason.score === undefined || reason.meets === undefined) break;
      if (reason.score === null || reason.meets === null) return t('next.reason.ongoing_competency');
      return t(
        reason.score < reason.meets - 1e-9 ? 'next.reason.competencyBelow' : 'next.reason.competencyMet',
        { score: w.number(reason.score), meets: w.number(reason.meets), cycle: ctx.fromName },
      );
    case 'skills_gap':
    case 'internal_conditions_gap':
    case 'motivation_gap':
      if (goal === null || reason.factor === null || reason.share === null) break;
      return t('next.reason.attributed', {
        share: percent(w, reason.share),
        goal,
        factor: t(`dept.factor.${reason.factor}`),
        response: t(`dept.response.${reason.factor}`),
      });
    case 'development_item':
      return t('next.reason.development_item', { from: ctx.fromName, to: ctx.toName });
  }
  return reason.message;
}

/** A point to settle when the plan is agreed, about the draft goal titled `goal`. */
export function noteText(w: DraftWords, ctx: DraftContext, goal: string, note: DraftNote): string {
  const { t } = w;
  switch (note.code) {
    case 'adjust_target_fairly':
      if (note.share === undefined) break;
      return t('next.note.adjust_target_fairly', { share: percent(w, note.share) });
    case 'develop_competency':
      if (note.score === undefined || note.meets === undefined) break;
      return t('next.note.develop_competency', { score: w.number(note.score), meets: w.number(note.meets) });
    case 'diagnose_gap':
      return t('next.note.diagnose_gap');
    case 'realign':
      if (note.parentGoalId === undefined) break;
      return t('next.note.realign', { parent: note.parentTitle ?? note.parentGoalId, cycle: ctx.toName });
    case 'rebalance_mix':
      if (note.missing === undefined || note.mix === undefined) break;
      return t(
        note.missing === 'kpi' ? 'next.note.rebalance_mix.kpi' : 'next.note.rebalance_mix.competency',
        {
          kpi: note.mix.kpi,
          competency: note.mix.competency,
        },
      );
    case 'set_weight':
      return t('next.note.set_weight');
    case 'team_skills':
      if (note.share === undefined) break;
      return t('next.note.team_skills', { share: percent(w, note.share), goal });
  }
  return note.message;
}

const SKIP_KEYS: Record<string, MessageKey> = {
  achieved: 'next.skip.achieved',
  cancelled: 'next.skip.cancelled',
  not_measured: 'next.skip.not_measured',
  other_cycle: 'next.skip.other_cycle',
  invalid_id: 'next.skip.invalid_id',
};

/** A goal not carried forward: its title (its id on older drafts) and why; an unknown reason as the API named it. */
export function skippedText(
  w: DraftWords,
  skipped: { goalId: string; title?: string; reason: string },
): string {
  const key = SKIP_KEYS[skipped.reason];
  return w.t('next.skipped', {
    goal: skipped.title ?? skipped.goalId,
    reason: key ? w.t(key) : skipped.reason,
  });
}

/** A manager action's title from its kind and source goal (the API's title when the goal is not in the draft). */
export function actionTitle(
  w: DraftWords,
  ctx: DraftContext,
  action: NextCycleDraft['managerActions'][number],
): string {
  const goal = ctx.sourceTitle(action.sourceGoalId);
  if (goal === null) return action.title;
  return w.t(action.kind === 'resource_fix' ? 'next.action.resource_fix' : 'next.action.incentive_review', {
    goal,
  });
}

const DEVELOPMENT_TYPES: Record<string, MessageKey> = {
  training: 'res.devType.training',
  mentoring: 'res.devType.mentoring',
  stretch_assignment: 'res.devType.stretch_assignment',
};

/**
 * A development item's title: one the drafting made for a skills gap (no apply-phase item behind it) is said from
 * its source goal; one continuing an apply-phase item from that item's type and goal title ("Mentoring: <goal>", as
 * the applied results say it), or that item's title on a draft stored without them.
 */
export function developmentTitle(
  w: DraftWords,
  ctx: DraftContext,
  item: NextCycleDraft['developmentItems'][number],
): string {
  if (item.sourceItemId !== null) {
    const type = item.sourceType === undefined ? undefined : DEVELOPMENT_TYPES[item.sourceType];
    if (type === undefined || item.goalTitle === undefined) return item.title;
    return w.t('res.devItem', { type: w.t(type), goal: item.goalTitle });
  }
  const goal = ctx.sourceTitle(item.sourceGoalId);
  if (item.reason.code !== 'skills_gap' || goal === null) return item.title;
  return w.t('next.devItem.training', { goal });
}

/**
 * A draft goal's title: a "Build skill" goal the drafting made for a skills gap is Perfloop's suggestion until
 * accepted, so it is said from its source goal in the tab's language (once accepted, the goal's title is its owner's
 * text, written in the organisation's language); every carried goal keeps its own title.
 */
export function draftGoalTitle(
  w: DraftWords,
  ctx: DraftContext,
  draft: NextCycleDraft['drafts'][number],
): string {
  if (draft.carriedFrom !== null || draft.reason.code !== 'skills_gap') return draft.goal.title;
  const goal = ctx.sourceTitle(draft.reason.sourceGoalId);
  return goal === null ? draft.goal.title : w.t('next.devGoal', { goal });
}
