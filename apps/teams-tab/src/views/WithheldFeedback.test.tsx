// @vitest-environment happy-dom
// Me view: peer reviews withheld by the anonymity threshold — the note in "Feedback from colleagues" and the result, in
// English and Chinese; the explanation with the competency goals together; the answered requests' days.
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
import { en } from '../i18n/en.ts';
import { translator } from '../i18n/index.tsx';
import { closedDay } from './FeedbackRequests.tsx';
import { withheldWords } from './WithheldNote.tsx';

type Explained = { explanation: string; withheld?: unknown[]; trace: { goals: { pooled?: boolean }[] } };

let api: InProcessApi;
let h2: string;
let ava: string;

const PEER_NOTE =
  '2 peer reviews are not shown: fewer than 3 colleagues answered, so their authors could be recognised. They still count in your score.';
const PEER_NOTE_ZH = '有 2 份同事评价未显示：作答的同事少于 3 位，作者可能被认出。这些评价仍计入您的得分。';

beforeAll(async () => {
  api = await inProcessApi();
  ({ h2 } = await demoCycles(api));
  ava = await demoPersonId(api, 'ava');
  // In appraise, Ava asks Ben and Chloe for peer feedback and both answer: two peers, under the demo policy's 3.
  await moveCycle(api, h2, 'appraise');
  const goals = await api.call<{ items: { id: string; kind: string }[] }>(
    'ava@acme.test',
    'GET',
    `/v1/me/goals?cycleId=${h2}`,
  );
  const competency = goals.body.items.filter((g) => g.kind === 'competency');
  if (competency.length === 0) throw new Error('Ava has no competency goal in H2');
  for (const [who, rating] of [
    ['ben', 2],
    ['chloe', 5],
  ] as const) {
    const reviewerId = await demoPersonId(api, who);
    const asked = await api.call('ava@acme.test', 'POST', '/v1/feedback-requests', {
      cycleId: h2,
      subjectId: ava,
      reviewerId,
      component: 'peer',
    });
    if (asked.status !== 201) throw new Error(`ask ${who}: ${JSON.stringify(asked.body)}`);
    const answered = await api.call(`${who}@acme.test`, 'POST', '/v1/reviews', {
      cycleId: h2,
      subjectId: ava,
      component: 'peer',
      ratings: competency.map((g) => ({
        goalId: g.id,
        rating,
        comment: `${who} wrote this`,
        // The lowest and highest ratings need written evidence to be submitted (422 evidence_required).
        evidence: `${who} saw it in the quarterly account reviews and in the customer's own feedback on the renewal.`,
      })),
      summary: `${who} wrote this summary.`,
      submit: true,
    });
    if (answered.status !== 201) throw new Error(`answer ${who}: ${JSON.stringify(answered.body)}`);
  }
  for (const phase of ['calibrate', 'feedback']) await moveCycle(api, h2, phase);
});
afterEach(cleanup);
afterAll(() => api.close());

describe('Me view: peer reviews withheld by the anonymity threshold', () => {
  it('says so in Feedback from colleagues and beside my result; the explanation shows my competency goals together', async () => {
    const own = await api.call<Explained>(
      'ava@acme.test',
      'GET',
      `/v1/cycles/${h2}/scores/${ava}?explain=true`,
    );
    expect(own.body.withheld).toEqual([{ component: 'peer', reviewers: 2, minReviews: 3 }]);
    expect(own.body.trace.goals.some((g) => g.pooled)).toBe(true);

    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h2}` });
    const feedback = await screen.findByTestId('me-feedback');
    expect((await within(feedback).findByTestId('fb-withheld')).textContent).toBe(PEER_NOTE);
    // The section's help says the rule up front, with the policy's number.
    expect(feedback.textContent).toContain(
      'you read it from the Feedback phase, once at least 3 colleagues answered.',
    );
    // Both requests answered, each said with its day (the API gives me the day only).
    expect(within(feedback).getAllByText(/^Answered · /)).toHaveLength(2);

    const result = await screen.findByTestId('me-result');
    expect((await within(result).findByTestId('me-result-withheld')).textContent).toBe(PEER_NOTE);
    const shown = (await within(result).findByTestId('score-explanation')).textContent ?? '';
    // The tab says exactly the API's English (about Ava by name, warnings without their codes).
    expect(shown).toBe(
      own.body.explanation
        .replace(`Score for ${ava}: `, 'Score for Ava Chen: ')
        .replace(/^ {2}- \[\w+\] /gm, '  - '),
    );
    expect(shown).toContain('scored with the other competency goals together');
    expect(shown).toMatch(
      / {2}- Competency goals together \[weight \d+ → [\d.]+%\]: score [\d.]+, contributes/,
    );
    expect(shown).toContain('Withheld (too few reviewers to stay anonymous):');
    expect(shown).not.toMatch(/peer \d(\.\d+)? \(/);
    expect(screen.queryByText(/wrote this/)).toBeNull();
  });

  it('in Chinese: the same notes and the explanation’s pooled and withheld lines', async () => {
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h2}&locale=zh-cn` });
    const feedback = await screen.findByTestId('me-feedback');
    expect((await within(feedback).findByTestId('fb-withheld')).textContent).toBe(PEER_NOTE_ZH);
    expect(feedback.textContent).toContain('至少 3 位同事作答后您才能看到');
    const result = await screen.findByTestId('me-result');
    expect((await within(result).findByTestId('me-result-withheld')).textContent).toBe(PEER_NOTE_ZH);
    const shown = (await within(result).findByTestId('score-explanation')).textContent ?? '';
    expect(shown).toContain('与其他能力目标合并计分');
    expect(shown).toMatch(/ {2}- 能力目标合计（权重 \d+ → [\d.]+%）：得分 [\d.]+，贡献 [\d.]+/);
    expect(shown).toContain('未显示的评价（评价人太少，无法保持匿名）：');
    expect(shown).toContain(
      '  - 2 份同事评价：未显示，因为给出评价的人少于 3 位，作者可能被认出；仍计入得分，能力目标合并显示',
    );
    expect(shown).not.toMatch(/Competency goals|Withheld|not shown|review/);
  });

  it('her manager, who sees every reviewer, is told nothing is withheld', async () => {
    const managers = await api.call<Explained>(
      'marcus@acme.test',
      'GET',
      `/v1/cycles/${h2}/scores/${ava}?explain=true`,
    );
    expect(managers.body.withheld).toBeUndefined();
    expect(managers.body.trace.goals.some((g) => g.pooled)).toBe(false);
    expect(managers.body.explanation).toMatch(/peer \d(\.\d+)? \(2 raters/);
  });
});

describe('the wording', () => {
  const t = translator('en');
  const n = (x: number) => String(x);

  it('says one review in the singular, upward reviews as my direct reports’, and nothing it does not know', () => {
    expect(
      withheldWords(t, n, [
        { component: 'peer', reviewers: 1, minReviews: 3 },
        { component: 'upward', reviewers: 2, minReviews: 4 },
        { component: 'brand_new', reviewers: 1, minReviews: 3 },
      ]),
    ).toEqual([
      '1 peer review is not shown: fewer than 3 colleagues answered, so its author could be recognised. It still counts in your score.',
      '2 upward reviews are not shown: fewer than 4 of your direct reports answered, so their authors could be recognised. They still count in your score.',
    ]);
    expect(
      withheldWords(translator('zh-CN'), n, [{ component: 'upward', reviewers: 1, minReviews: 3 }]),
    ).toEqual(['有 1 份下属评价未显示：作答的直接下属少于 3 位，作者可能被认出。这份评价仍计入您的得分。']);
    expect(withheldWords(t, n, [])).toEqual([]);
    expect(en['me.withheld.peer']).toContain('{min}');
  });

  it('an answered request about me is shown on its UTC day (a calendar day), any other at its instant', () => {
    const answered = { state: 'submitted' as const, closedAt: '2026-05-04T00:00:00.000Z' };
    expect(closedDay(answered, true)).toBe('2026-05-04');
    expect(closedDay(answered, false)).toBe(answered.closedAt);
    const declined = { state: 'declined' as const, closedAt: '2026-05-04T15:30:00.000Z' };
    expect(closedDay(declined, true)).toBe(declined.closedAt);
    expect(closedDay({ state: 'pending', closedAt: null }, true)).toBeNull();
  });
});
