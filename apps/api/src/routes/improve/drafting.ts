// Improve phase: core draftNextCycle over a cycle's goals, achievements, attributions and development items, split per person.
import {
  DevelopmentItemSchema,
  type DomainError,
  draftNextCycle,
  type GeneratedLanguage,
  type Goal,
  type GoalOutcome,
  GoalSchema,
  kpiAchievement,
  type NextCycleDraft,
  type PriorDevelopmentItem,
} from '@perfloop/core';
import type { ResourceSource } from '../../authz/index.ts';
import { scoreCyclePeople } from '../appraise/cycleScores.ts';
import { explainedScore } from '../appraise/explain.ts';
import type { PersonScoreBody } from '../appraise/scoreSchemas.ts';
import { type CycleContext, listWhere } from '../loop/cycle.ts';
import { loadAttributions } from '../results/load.ts';

/** Whose goals a draft covers: these people's person goals, plus department and organisation goals when `organisation`. */
export interface DraftScope {
  people: ReadonlySet<string>;
  organisation: boolean;
}

/** core's draft for one person (or the organisation's goals, personId null). */
export interface PersonDraft {
  personId: string | null;
  draft: NextCycleDraft;
  /** The person's score explained as the draft read it (its goal scores are the drafts' `score`); null for the organisation's. */
  explanation: PersonScoreBody | null;
}

const inScope = (scope: DraftScope, g: Goal): boolean =>
  g.level === 'person' ? g.ownerId !== null && scope.people.has(g.ownerId) : scope.organisation;

/**
 * Runs core draftNextCycle for the goals in scope: KPI achievements from their actuals under the
 * policy's flexible targets, competency scores from the cycle's scoring (compared with the policy's
 * `meets`), the cycle's gap attributions and apply-phase development items. All drafts are made in
 * one call (so alignment between carried goals is kept), then split by the person they belong to. `language` (the
 * organisation's) is what the texts drafted into goals are written in: a "Build skill" goal's title and expectations.
 */
export async function draftForScope(
  source: ResourceSource,
  orgId: string,
  from: CycleContext,
  to: { id: string; name: string },
  scope: DraftScope,
  developmentWeight: number,
  language: GeneratedLanguage,
): Promise<{ ok: true; value: PersonDraft[] } | { ok: false; error: DomainError }> {
  const cycleId = from.cycle.id;
  const goals: Goal[] = [];
  // Every goal's title, so a note can name a parent outside the scope (a department goal a person's goal aligns to).
  const goalTitles: Record<string, string> = {};
  for (const record of await listWhere(source, 'goals', orgId, { cycleId })) {
    const parsed = GoalSchema.safeParse(record.data);
    if (!parsed.success) continue;
    goalTitles[parsed.data.id] = parsed.data.title;
    if (inScope(scope, parsed.data)) goals.push(parsed.data);
  }
  const scoring = await scoreCyclePeople(source, orgId, from.cycle, [...scope.people].sort());
  const competencyScore = new Map<string, number>();
  for (const s of scoring.scores.values()) {
    for (const g of s.score.trace.goals)
      if (g.kind === 'competency' && g.score !== null) competencyScore.set(g.goalId, g.score);
  }
  const outcomes: GoalOutcome[] = goals.map((goal) => {
    if (goal.kind === 'competency')
      return { goal, achievement: null, score: competencyScore.get(goal.id) ?? null };
    const achievement =
      goal.actual === null
        ? null
        : kpiAchievement(goal, goal.actual, from.policy.flexibleTargets).achievement;
    return { goal, achievement };
  });
  const priorItems: PriorDevelopmentItem[] = [];
  for (const record of await listWhere(source, 'development_items', orgId, { cycleId })) {
    const item = DevelopmentItemSchema.safeParse(record.data);
    if (item.success && scope.people.has(item.data.personId)) priorItems.push(item.data);
  }
  const attributions = (await loadAttributions(source, orgId, cycleId)).filter((a) =>
    scope.people.has(a.subjectId),
  );
  const result = draftNextCycle(
    {
      fromCycleId: cycleId,
      toCycleId: to.id,
      goals: outcomes,
      attributions,
      developmentItems: priorItems,
      cycleNames: { from: from.cycle.name, to: to.name },
      goalTitles,
    },
    { developmentWeight, meets: from.policy.ratingScale.meets, language },
  );
  if (!result.ok) return { ok: false, error: result.error };
  const explained = (personId: string | null): PersonScoreBody | null => {
    const scored = personId === null ? undefined : scoring.scores.get(personId);
    return scored ? explainedScore(scored, from.policy) : null;
  };
  return {
    ok: true,
    value: splitByPerson(result.value, goals).map((p) => ({ ...p, explanation: explained(p.personId) })),
  };
}

/** Splits core's draft by person (drafts by goal owner, items by person, actions by subject); the rest is the organisation's. */
export function splitByPerson(
  draft: NextCycleDraft,
  goals: readonly Goal[],
): Omit<PersonDraft, 'explanation'>[] {
  const owner = new Map(goals.map((g) => [g.id, g.level === 'person' ? g.ownerId : null]));
  const out = new Map<string | null, NextCycleDraft>();
  const of = (personId: string | null): NextCycleDraft => {
    let d = out.get(personId);
    if (!d) {
      d = { drafts: [], developmentItems: [], managerActions: [], skipped: [] };
      out.set(personId, d);
    }
    return d;
  };
  for (const d of draft.drafts) of(d.goal.level === 'person' ? d.goal.ownerId : null).drafts.push(d);
  for (const i of draft.developmentItems) of(i.personId).developmentItems.push(i);
  for (const a of draft.managerActions) of(owner.get(a.sourceGoalId) ?? null).managerActions.push(a);
  for (const s of draft.skipped) of(owner.get(s.goalId) ?? null).skipped.push(s);
  return [...out.entries()]
    .map(([personId, d]) => ({ personId, draft: d }))
    .sort((a, b) => ((a.personId ?? '') < (b.personId ?? '') ? -1 : 1));
}
