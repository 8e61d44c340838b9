// @vitest-environment happy-dom
// Me view's explanation: the one kept with my applied result (a later edit changes nothing), else the live one, provisional.
import { SYSTEM_ACTOR } from '@perfloop/api/src/bootstrap.ts';
import { createWrite } from '@perfloop/api/src/kit/write.ts';
import { cleanup, screen, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  demoCycles,
  demoPersonId,
  type InProcessApi,
  inProcessApi,
  moveCycle,
} from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';

type Explained = { score: number; explanation: string; trace: { goals: { goalId: string }[] } };
type Mine = { items: { cycleId: string; score: number; explanation: Explained | null }[] };

let api: InProcessApi;
let h1: string;
let h2: string;
let ava: string;
let orgId: string;

beforeAll(async () => {
  api = await inProcessApi();
  ({ h1, h2 } = await demoCycles(api));
  ava = await demoPersonId(api, 'ava');
  orgId = (await api.call<{ id: string }>('hr@acme.test', 'GET', '/v1/organisation')).body.id;
});
afterEach(cleanup);
afterAll(() => api.close());

/** Ava's H1 result as the API gives it with its kept explanation. */
async function myH1Result() {
  const mine = await api.call<Mine>('ava@acme.test', 'GET', '/v1/me/results?explain=true');
  const result = mine.body.items.find((r) => r.cycleId === h1);
  if (!result) throw new Error('Ava has no H1 result');
  return result;
}

/** Rewrites one stored record straight in the store (what the API would not do after the fact). */
async function rewrite(
  kind: 'goals' | 'results',
  id: string,
  edit: (data: Record<string, unknown>) => Record<string, unknown>,
): Promise<void> {
  const record = await api.store.resources(kind).get(orgId, id);
  if (!record) throw new Error(`no ${kind} ${id}`);
  await api.store.transaction(orgId, (tx) =>
    createWrite(tx, SYSTEM_ACTOR).update(kind, id, {
      expectedVersion: record.version,
      data: edit(record.data) as typeof record.data,
    }),
  );
}

/**
 * The API's English explanation as the tab says it: about Ava by her name, never by her person id, and its warnings
 * without their codes (`[unrated_goal]`).
 */
function byName(explanation: string | undefined): string | undefined {
  expect(explanation?.startsWith(`Score for ${ava}: `)).toBe(true);
  return explanation
    ?.replace(`Score for ${ava}: `, 'Score for Ava Chen: ')
    .replace(/^ {2}- \[\w+\] /gm, '  - ');
}

async function shownExplanation(cycle: string) {
  renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${cycle}` });
  const result = await screen.findByTestId('me-result');
  const text = (await within(result).findByTestId('score-explanation')).textContent;
  return {
    result,
    text,
    status: within(result).getByTestId('score-explanation-status').textContent ?? '',
    provisional: within(result).queryByTestId('score-explanation-provisional'),
  };
}

describe('Me view: the explanation of my score', () => {
  it('an applied result: the explanation kept with it, said as applied, not provisional', async () => {
    const kept = await myH1Result();
    expect(kept.explanation?.score).toBe(kept.score);
    const shown = await shownExplanation(h1);
    expect(shown.text).toBe(byName(kept.explanation?.explanation));
    expect(shown.text).not.toContain(ava);
    expect(shown.status).toMatch(
      /^As worked out when the result was applied on .+: later edits do not change it\.$/,
    );
    expect(shown.provisional).toBeNull();
  });

  it('an explanation kept naming a peer reviewer (before they were hidden): I read it without them', async () => {
    const kept = await myH1Result();
    const mine = await api.call<{ items: { id: string; cycleId: string }[] }>(
      'ava@acme.test',
      'GET',
      '/v1/me/results',
    );
    const id = mine.body.items.find((r) => r.cycleId === h1)?.id;
    if (!id || !kept.explanation) throw new Error('no H1 result with its explanation');
    const record = await api.store.resources('results').get(orgId, id);
    if (!record) throw new Error('no H1 result record');
    // Ben reviewed Ava as a peer twice; the kept explanation names him, as every one kept before the fix did.
    const ben = await demoPersonId(api, 'ben');
    const warning = {
      code: 'superseded_review',
      message: `Review rv_old by ${ben} (peer) is replaced by their later review rv_new.`,
      details: { reviewId: 'rv_old', supersededBy: 'rv_new', reviewerId: ben, component: 'peer' },
    };
    await rewrite('results', id, (data) => {
      const explanation = data.explanation as { warnings: unknown[]; explanation: string };
      return {
        ...data,
        explanation: {
          ...explanation,
          warnings: [...explanation.warnings, warning],
          explanation: `${explanation.explanation}${explanation.warnings.length === 0 ? '\nWarnings:' : ''}\n  - [superseded_review] ${warning.message}`,
        },
      };
    });
    try {
      // HR still reads who it was; Ava's API answer and her tab never do.
      const hr = await api.call<{ items: { explanation: Explained | null }[] }>(
        'hr@acme.test',
        'GET',
        `/v1/cycles/${h1}/results?explain=true&personId=${ava}`,
      );
      expect(hr.body.items[0]?.explanation?.explanation).toContain(`by ${ben} (peer)`);
      const own = await myH1Result();
      expect(JSON.stringify(own)).not.toContain(ben);
      expect(own.explanation?.explanation).toContain(
        "[superseded_review] Review rv_old (peer) is replaced by its reviewer's later review rv_new.",
      );
      const shown = await shownExplanation(h1);
      expect(shown.text).not.toContain(ben);
      expect(shown.text).not.toContain('Ben');
      expect(shown.text).toContain(
        'A peer review was replaced by the same reviewer’s later review: only the later one counts.',
      );
      expect(shown.text).toBe(
        byName(own.explanation?.explanation)?.replace(
          "Review rv_old (peer) is replaced by its reviewer's later review rv_new.",
          'A peer review was replaced by the same reviewer’s later review: only the later one counts.',
        ),
      );
    } finally {
      await rewrite('results', id, () => record.data);
    }
  });

  it('a goal edited after the apply changes the live score, never the applied explanation shown', async () => {
    const kept = await myH1Result();
    const goalId = kept.explanation?.trace.goals[0]?.goalId;
    if (!goalId) throw new Error('no goal in the kept trace');
    const before = await api.call<Explained>(
      'hr@acme.test',
      'GET',
      `/v1/cycles/${h1}/scores/${ava}?explain=true`,
    );
    await rewrite('goals', goalId, (data) =>
      data.kind === 'kpi' ? { ...data, actual: 0 } : { ...data, status: 'cancelled' },
    );
    const live = await api.call<Explained>(
      'hr@acme.test',
      'GET',
      `/v1/cycles/${h1}/scores/${ava}?explain=true`,
    );
    expect(live.body.explanation).not.toBe(before.body.explanation);
    const shown = await shownExplanation(h1);
    expect(shown.text).toBe(byName(kept.explanation?.explanation));
    expect(shown.text).not.toBe(live.body.explanation);
  });

  it('a result applied before explanations were kept: the live one, labelled as worked out now', async () => {
    const kept = await myH1Result();
    const mine = await api.call<{ items: { id: string; cycleId: string }[] }>(
      'ava@acme.test',
      'GET',
      '/v1/me/results',
    );
    const id = mine.body.items.find((r) => r.cycleId === h1)?.id;
    if (!id) throw new Error('no H1 result id');
    await rewrite('results', id, ({ explanation: _dropped, ...data }) => data);
    const live = await api.call<Explained>(
      'ava@acme.test',
      'GET',
      `/v1/cycles/${h1}/scores/${ava}?explain=true`,
    );
    const shown = await shownExplanation(h1);
    expect(shown.text).toBe(byName(live.body.explanation));
    expect(shown.text).not.toBe(kept.explanation?.explanation);
    expect(shown.provisional?.textContent).toBe('Provisional');
    expect(shown.status).toBe(
      'Worked out now from the goals and reviews: this result was applied before its explanation was kept, so it may differ from the applied score.',
    );
  });

  it('no result yet (feedback phase): the live explanation, provisional', async () => {
    for (const phase of ['appraise', 'calibrate', 'feedback']) await moveCycle(api, h2, phase);
    const live = await api.call<Explained>(
      'ava@acme.test',
      'GET',
      `/v1/cycles/${h2}/scores/${ava}?explain=true`,
    );
    expect(live.status).toBe(200);
    const shown = await shownExplanation(h2);
    expect(live.body.explanation).toContain('[unrated_goal]');
    expect(shown.text).toBe(byName(live.body.explanation));
    expect(shown.text).not.toContain('[unrated_goal]');
    expect(shown.provisional?.textContent).toBe('Provisional');
    expect(shown.status).toBe(
      'Provisional: worked out from the goals and reviews as they are now; it can change until the results are applied.',
    );
  });

  it('a correction HR made after the plan was agreed shows in my explanation: fields, before → after, why, who', async () => {
    const reason = 'The agreed target was copied from last year by mistake.';
    const live = async () =>
      api.call<{
        explanation: string;
        trace: { goals: { goalId: string; kind: string; target: number | null }[] };
      }>('ava@acme.test', 'GET', `/v1/cycles/${h2}/scores/${ava}?explain=true`);
    const kpi = (await live()).body.trace.goals.find((g) => g.kind === 'kpi' && g.target !== null);
    if (!kpi || kpi.target === null) throw new Error('Ava has no KPI goal in H2');
    const goal = await api.call<{ version: number }>('hr@acme.test', 'GET', `/v1/goals/${kpi.goalId}`);
    const to = kpi.target + 1;
    const patched = await api.call(
      'hr@acme.test',
      'PATCH',
      `/v1/goals/${kpi.goalId}`,
      { target: to, correctionReason: reason },
      { 'If-Match': `"${goal.body.version}"` },
    );
    expect(patched.status).toBe(200);
    const after = await live();
    const shown = await shownExplanation(h2);
    // The API's lines, said by name: whose score; who corrected it is HR, whom Ava may not look up: said as HR or a manager.
    const hr = await api.call<{ id: string }>('hr@acme.test', 'GET', '/v1/people/me');
    expect(shown.text).toBe(
      byName(after.body.explanation)?.replace(`by ${hr.body.id})`, 'by HR or a manager)'),
    );
    expect(shown.text).not.toMatch(/per_\w+/);
    expect(shown.text).toMatch(
      new RegExp(
        `Corrected after the plan was agreed \\(feedback, \\d{4}-\\d{2}-\\d{2}, by HR or a manager\\): target ${kpi.target} → ${to} — ${reason}`,
      ),
    );
  });
});
