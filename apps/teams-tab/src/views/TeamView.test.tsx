// @vitest-environment happy-dom
// My team: coaching timeliness with overdue check-ins (late coaching is one of the three obstacles), a manager
// check-in with a feedback form, and the feedback meeting with its formality warnings.

import { addDays, checkInEarliestDay } from '@perfloop/core';
import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dayPicker, typeDay } from '../../test/support/days.ts';
import {
  demoCycles,
  demoPersonId,
  type InProcessApi,
  inProcessApi,
  moveCycle,
} from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';
import { localDay } from '../dates.ts';
import { dayText } from '../i18n/days.ts';
import { dateFormatter } from '../i18n/index.tsx';

let api: InProcessApi;
let h2: string;
const id: Record<string, string> = {};

beforeAll(async () => {
  api = await inProcessApi();
  ({ h2 } = await demoCycles(api));
  for (const who of ['ava', 'ben', 'chloe', 'marcus']) {
    id[who] = await demoPersonId(api, who);
  }
});
afterEach(cleanup);
afterAll(() => api.close());

describe('My team view', () => {
  it('marks a check-in recorded long after its date: Chloe’s September meeting, written up 23 days later', async () => {
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/team?cycle=${h2}` });
    const coaching = await screen.findByTestId('team-coaching');
    await within(coaching).findByText('Chloe Dubois');
    const marks = within(coaching).getAllByTestId('recorded-late');
    expect(marks.map((m) => m.textContent)).toEqual(['Recorded 23 days after']);
    expect(within(coaching).getByRole('row', { name: /^Chloe Dubois/ }).textContent).toContain(
      'Recorded 23 days after',
    );
    // The help says how a late-recorded check-in counts (the policy's 7-day recording grace).
    expect(
      within(coaching).getByText(
        /A check-in recorded more than 7 days after the date it carries counts from the day it was recorded, and is marked\./,
      ),
    ).toBeTruthy();
    // The report it reads agrees: only Chloe, 23 days.
    const report = await api.call<{
      people: { personId: string; recordedLate: number; recordedLateByDays: number }[];
    }>('marcus@acme.test', 'GET', `/v1/cycles/${h2}/reports/coaching`);
    expect(report.body.people.filter((p) => p.recordedLate > 0)).toEqual([
      expect.objectContaining({ personId: id.chloe, recordedLate: 1, recordedLateByDays: 23 }),
    ]);
    // Her check-ins say which one and when it was recorded; the others (written up the day they were held) say nothing.
    const user = userEvent.setup();
    await user.click(within(coaching).getByTestId(`select-${id.chloe}`));
    const panel = await screen.findByTestId('team-checkin');
    const list = await within(panel).findByTestId('checkin-list');
    expect(within(list).getAllByRole('listitem')).toHaveLength(3);
    expect(
      within(list)
        .getAllByTestId('checkin-recorded-late')
        .map((b) => b.textContent),
    ).toEqual([expect.stringMatching(/^Recorded .*2026, 23 days after: it counts from then$/)]);
  });

  it('flags overdue coaching per person and records a feedback-form check-in', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/team?cycle=${h2}` });
    const coaching = await screen.findByTestId('team-coaching');
    await within(coaching).findByText('Ben Carter');
    const overdue = within(coaching)
      .getAllByTestId('overdue')
      .map((b) => b.textContent);
    expect(overdue).toEqual(expect.arrayContaining([expect.stringMatching(/^Overdue by \d+ days$/)]));
    expect(overdue).toHaveLength(2);
    expect(within(coaching).getByText(/check in every 14 days \(grace 3 days\)/)).toBeTruthy();
    // "On time" is said in words (the share of the 14-day periods with a check-in), and the last column is the
    // status, not the section's title again; on a narrow pane the table scrolls in its own region.
    expect(
      within(coaching).getByText(/On time is the share of those 14-day periods so far that had a check-in\./),
    );
    expect(
      within(coaching)
        .getAllByRole('columnheader')
        .map((h) => h.textContent),
    ).toEqual(['Person', 'Plan status', 'Last check-in', 'On time', 'Status']);
    expect(within(coaching).getByRole('region', { name: 'Coaching timeliness' }).tabIndex).toBe(0);

    await user.click(within(coaching).getByTestId(`select-${id.ben}`));
    const panel = await screen.findByTestId('team-checkin');
    const recordButton = () =>
      within(panel).getByRole('button', { name: 'Record check-in' }) as HTMLButtonElement;
    // A meeting without notes is not offered for recording (the API would refuse it naming the kind by its code).
    await within(panel).findByLabelText('Kind');
    expect(recordButton().disabled).toBe(true);
    await user.type(within(panel).getByLabelText(/^Notes/), 'Quick sync.');
    expect(recordButton().disabled).toBe(false);
    await user.clear(within(panel).getByLabelText(/^Notes/));
    await user.selectOptions(within(panel).getByLabelText('Kind'), 'feedback_form');
    await user.type(within(panel).getByLabelText('Notes'), 'Monthly feedback form.');
    await user.type(within(panel).getByLabelText(/^Strengths/), 'Keeps renewals moving.');
    await user.type(within(panel).getByLabelText(/^Improvements/), 'Log discovery notes the same day.');
    // A feedback form needs its next steps too.
    expect(recordButton().disabled).toBe(true);
    await user.type(within(panel).getByLabelText(/^Next steps/), 'Review the Q1 pipeline together.');
    expect(recordButton().disabled).toBe(false);
    await user.click(within(panel).getByRole('button', { name: 'Record check-in' }));
    await within(panel).findByText('Check-in recorded.');
    const list = await api.call<{ items: { kind: string; form: { strengths: string } | null }[] }>(
      'marcus@acme.test',
      'GET',
      `/v1/check-ins?cycleId=${h2}&subjectId=${id.ben}`,
    );
    expect(
      list.body.items.some(
        (c) => c.kind === 'feedback_form' && c.form?.strengths === 'Keeps renewals moving.',
      ),
    ).toBe(true);
    await within(panel).findByText(/^Feedback form by Marcus Lee/);
  });

  it('a check-in held on a day of its cycle, its actuals checked for plausibility and listed with their units, corrected the same day', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/team?cycle=${h2}` });
    const coaching = await screen.findByTestId('team-coaching');
    await user.click(await within(coaching).findByTestId(`select-${id.ben}`));
    // The person open is in the URL: a reload or a shared link opens him again. (Ben, coached in the test before: the
    // tests after count on the others' overdue coaching.)
    expect(new URLSearchParams(window.location.search).get('person')).toBe(id.ben);
    const panel = await screen.findByTestId('team-checkin');

    // Held on today by default; the calendar offers the days from the cycle's opening to today only.
    type CycleJson = { startsOn: string; createdAt: string };
    const cycle = (await api.call<CycleJson>('marcus@acme.test', 'GET', `/v1/cycles/${h2}`)).body;
    const earliest = checkInEarliestDay(cycle, cycle.createdAt);
    const heldOn = () => within(panel).getByLabelText(/^Held on/);
    expect((await dayPicker(heldOn)).value).toBe(dayText(new Date(), 'en'));
    await typeDay(heldOn, addDays(earliest, -1));
    const en = dateFormatter('en');
    expect(within(panel).getByText(`Pick a day from ${en(earliest)} to ${en(localDay())}.`)).toBeTruthy();
    await typeDay(heldOn, localDay());

    // An actual far beyond the goal's anchors is a warning to confirm, not a refusal.
    type GoalJson = {
      id: string;
      title: string;
      kind: string;
      status: string;
      unit: string;
      baseline: number;
      threshold: number | null;
      target: number;
      stretch: number | null;
      actual: number | null;
    };
    const plan = await api.call<{ goals: GoalJson[] }>(
      'marcus@acme.test',
      'GET',
      `/v1/cycles/${h2}/plans/${id.ben}`,
    );
    const kpi = plan.body.goals.find((g) => g.kind === 'kpi' && g.status !== 'cancelled');
    if (!kpi) throw new Error('Ben has no KPI goal in the demo');
    const largest = Math.max(
      ...[kpi.baseline, kpi.threshold, kpi.target, kpi.stretch].map((v) => Math.abs(v ?? 0)),
    );
    const record = () => within(panel).getByRole('button', { name: 'Record check-in' }) as HTMLButtonElement;
    await user.type(within(panel).getByLabelText(/^Notes/), 'Pipeline review with Ben.');
    const actual = within(panel).getByLabelText(`New actual for “${kpi.title}”`);
    await user.type(actual, String(largest * 11));
    await user.tab();
    const warning = await within(panel).findByTestId('checkin-plausibility');
    expect(warning.textContent).toContain('Check these actuals before recording them');
    expect(warning.textContent).toMatch(new RegExp(`More than 10 times the \\w+ of “${kpi.title}” \\(`));
    expect(warning.textContent).toContain(kpi.unit);
    expect(record().disabled).toBe(true);
    expect(
      within(panel).getByText('Confirm the actuals above, or correct them, to record the check-in.'),
    ).toBeTruthy();
    await user.click(within(warning).getByLabelText('I checked: these actuals are right'));
    expect(record().disabled).toBe(false);
    // Corrected instead (to the actual it has, so the demo's scores stay as they are): no warning, nothing to confirm.
    const kept = kpi.actual ?? kpi.target;
    await user.clear(actual);
    await user.type(actual, String(kept));
    await user.tab();
    await waitFor(() => expect(within(panel).queryByTestId('checkin-plausibility')).toBeNull());
    await user.click(record());
    await within(panel).findByText('Check-in recorded.');

    // The list shows the actual recorded, with its unit; its author may correct the notes today.
    const list = await within(panel).findByTestId('checkin-list');
    const item = await waitFor(() => {
      const found = within(list)
        .getAllByRole('listitem')
        .find((li) => li.textContent?.includes('Pipeline review with Ben.'));
      if (!found) throw new Error('not listed yet');
      return found;
    });
    expect(within(item).getByTestId('checkin-actuals').textContent).toBe(
      `Actuals recorded: ${kpi.title}: ${new Intl.NumberFormat('en').format(kept)} ${kpi.unit}`,
    );
    await user.click(within(item).getByRole('button', { name: 'Correct this check-in' }));
    expect(
      within(item).getByText(
        /^You can correct it until .*\(the day it was recorded\); its actuals are final\.$/,
      ),
    ).toBeTruthy();
    const notes = within(item).getByLabelText(/^Notes/) as HTMLTextAreaElement;
    expect(notes.value).toBe('Pipeline review with Ben.');
    await user.clear(notes);
    await user.type(notes, 'Pipeline review with Ben: two deals moved to stage 3.');
    await user.click(within(item).getByRole('button', { name: 'Save the correction' }));
    await within(panel).findByText('Check-in corrected.');
    await within(panel).findByText('Pipeline review with Ben: two deals moved to stage 3.');
    const stored = await api.call<{
      items: { notes: string; version: number; goalUpdates: { actual: number | null }[] }[];
    }>('marcus@acme.test', 'GET', `/v1/check-ins?cycleId=${h2}&subjectId=${id.ben}`);
    const corrected = stored.body.items.find((c) => c.notes.startsWith('Pipeline review with Ben'));
    expect(corrected).toMatchObject({ version: 2, goalUpdates: [{ actual: kept }] });
    expect(within(panel).getAllByTestId('checkin-corrected').length).toBeGreaterThan(0);
  });

  it('appraise: the manager rates beside the self-appraisal per goal; a refused draft keeps what was typed, a stale one offers a reload', async () => {
    await moveCycle(api, h2, 'appraise');
    type Goal = { id: string; title: string; kind: string; status: string };
    const plan = await api.call<{ goals: Goal[] }>(
      'marcus@acme.test',
      'GET',
      `/v1/cycles/${h2}/plans/${id.ben}`,
    );
    const [rated, unrated] = plan.body.goals.filter(
      (g) => g.kind === 'competency' && g.status !== 'cancelled',
    );
    if (!rated) throw new Error('Ben has no competency goal in the demo');
    const cycle = await api.call<{
      policy: {
        ratingScale: { levels: { value: number; label: string; labels?: Record<string, string> }[] };
      };
    }>('marcus@acme.test', 'GET', `/v1/cycles/${h2}`);
    const levels = cycle.body.policy.ratingScale.levels.map((l) => l.value).sort((a, b) => a - b);
    const middle = cycle.body.policy.ratingScale.levels.find(
      (l) => l.value === levels[Math.floor(levels.length / 2)],
    );
    if (!middle) throw new Error('no rating scale');
    const self = await api.call('ben@acme.test', 'POST', '/v1/reviews', {
      cycleId: h2,
      subjectId: id.ben,
      component: 'self',
      ratings: [
        { goalId: rated.id, rating: middle.value, comment: 'I ran the renewals playbook for the team.' },
      ],
      summary: 'A solid half.',
      submit: true,
    });
    expect(self.status).toBe(201);

    const user = userEvent.setup();
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/team?cycle=${h2}` });
    const coaching = await screen.findByTestId('team-coaching');
    await user.click(await within(coaching).findByTestId(`select-${id.ben}`));
    const appraisal = await screen.findByTestId('team-appraisal');
    // Ben's own rating and comment of each goal, read-only, beside Marcus's entry for it.
    const own = await within(appraisal).findByTestId(`self-rating-${rated.id}`);
    expect(own.textContent).toBe(
      `Self-appraisal: ${middle.value} · ${middle.label}Comment: I ran the renewals playbook for the team.`,
    );
    expect(own.parentElement?.contains(within(appraisal).getByLabelText(`Rating for “${rated.title}”`))).toBe(
      true,
    );
    if (unrated) {
      expect(within(appraisal).getByTestId(`self-rating-${unrated.id}`).textContent).toBe(
        'Self-appraisal: not rated',
      );
    }
    expect(within(appraisal).queryByRole('combobox', { name: /Self-appraisal/ })).toBeNull();

    // A refused draft (a comment over the API's 10,000 characters, which typing cannot reach — the field stops at its
    // limit — but a text set some other way can): the field says so, the API's error is beside the form, which keeps
    // what was typed; no "Try again" that would reload it away.
    const rating = within(appraisal).getByLabelText(`Rating for “${rated.title}”`) as HTMLSelectElement;
    await user.selectOptions(rating, String(middle.value));
    const comment = within(appraisal).getAllByLabelText('Comment')[0] as HTMLTextAreaElement;
    expect(comment.maxLength).toBe(10_000);
    fireEvent.change(comment, { target: { value: 'x'.repeat(10_001) } });
    expect(within(appraisal).getByText('10,001 / 10,000 characters: 1 too many')).toBeTruthy();
    const summary = within(appraisal).getByLabelText('Summary') as HTMLTextAreaElement;
    await user.type(summary, 'Steady renewals.');
    await user.click(within(appraisal).getByRole('button', { name: 'Save draft' }));
    const problem = await within(appraisal).findByTestId('problem');
    // The field error said by the tab from its code and limit, not zod's English, under the field's name in words
    // (never the API's path `ratings.0.comment`).
    expect(problem.textContent).toContain('Comment (item 1): At most 10,000 characters.');
    expect(problem.textContent).not.toContain('ratings');
    expect(within(appraisal).queryByRole('button', { name: 'Try again' })).toBeNull();
    expect(comment.value).toHaveLength(10_001);
    expect(rating.value).toBe(String(middle.value));
    expect(summary.value).toBe('Steady renewals.');

    // Corrected and saved; then changed elsewhere: the next save is stale, offers the latest version, overwrites nothing.
    await user.clear(comment);
    await user.type(comment, 'Renewals on time.');
    await user.click(within(appraisal).getByRole('button', { name: 'Save draft' }));
    await within(appraisal).findByText('Draft saved.');
    const drafts = await api.call<{ items: { id: string; version: number }[] }>(
      'marcus@acme.test',
      'GET',
      `/v1/reviews?cycleId=${h2}&subjectId=${id.ben}&component=manager`,
    );
    const draft = drafts.body.items[0];
    if (!draft) throw new Error('no manager draft');
    const elsewhere = await api.call(
      'marcus@acme.test',
      'PATCH',
      `/v1/reviews/${draft.id}`,
      { summary: 'Changed in another tab.' },
      { 'If-Match': `"${draft.version}"` },
    );
    expect(elsewhere.status).toBe(200);
    await user.type(summary, ' More.');
    await user.click(within(appraisal).getByRole('button', { name: 'Save draft' }));
    const stale = await within(appraisal).findByTestId('stale');
    expect(within(appraisal).queryByRole('button', { name: 'Try again' })).toBeNull();
    await user.click(within(stale).getByRole('button', { name: 'Reload the latest version' }));
    await waitFor(() =>
      expect((within(appraisal).getByLabelText('Summary') as HTMLTextAreaElement).value).toBe(
        'Changed in another tab.',
      ),
    );
    const kept = await api.call<{ summary: string }>('marcus@acme.test', 'GET', `/v1/reviews/${draft.id}`);
    expect(kept.body.summary).toBe('Changed in another tab.');
    cleanup();

    // In Chinese: Ben's rating and the levels to choose from by the policy's Chinese labels.
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/team?cycle=${h2}&locale=zh-cn` });
    await user.click(
      await within(await screen.findByTestId('team-coaching')).findByTestId(`select-${id.ben}`),
    );
    const zh = await screen.findByTestId('team-appraisal');
    const zhOwn = await within(zh).findByTestId(`self-rating-${rated.id}`);
    expect(zhOwn.textContent).toMatch(new RegExp(`^自评：${middle.value} · ${middle.labels?.['zh-CN']}`));
    expect(middle.labels?.['zh-CN']).toBe('达到预期');
    const options = [...(within(zh).getByLabelText(`“${rated.title}”的评分`) as HTMLSelectElement).options];
    expect(options.map((o) => o.textContent)).toEqual([
      '—',
      '1 · 不合格',
      '2 · 需改进',
      '3 · 达到预期',
      '4 · 超出预期',
      '5 · 卓越',
    ]);
  });

  it('feedback phase: a copy-pasted summary is recorded but flagged as a mere formality', async () => {
    // h2 is in appraise since the previous test.
    await moveCycle(api, h2, 'calibrate');
    await moveCycle(api, h2, 'feedback');
    const user = userEvent.setup();
    const text =
      'We went through the half goal by goal. Good progress overall; keep the pipeline healthy and log discovery notes the same day.';
    // Marcus already gave Chloe exactly this text.
    const first = await api.call('marcus@acme.test', 'POST', '/v1/feedback-meetings', {
      cycleId: h2,
      subjectId: id.chloe,
      heldAt: '2026-12-01T10:00:00.000Z',
      summary: text,
      strengths: 'Pipeline.',
      improvements: 'Notes.',
      agreedActions: ['Weekly pipeline review.'],
    });
    expect(first.status).toBe(201);

    renderTab(api, { as: 'marcus@acme.test', path: `/teams/team?cycle=${h2}` });
    const coaching = await screen.findByTestId('team-coaching');
    // Coaching is over: its timeliness is as of the day the cycle left coach, said so, not as a live 'Overdue'.
    const report = await api.call<{
      asOf: string;
      coachingEndedOn: string | null;
      people: { personId: string; overdue: boolean; overdueByDays: number }[];
    }>('marcus@acme.test', 'GET', `/v1/cycles/${h2}/reports/coaching`);
    const today = new Date().toISOString().slice(0, 10);
    expect(report.body.coachingEndedOn).toBe(today);
    expect((await within(coaching).findByTestId('coaching-ended')).textContent).toMatch(
      /^Coaching ended on .+: these figures are as of that day and no longer change\.$/,
    );
    const ended = within(coaching)
      .getAllByTestId('overdue')
      .map((b) => b.textContent);
    expect(ended.sort()).toEqual(
      report.body.people
        // The view lists Marcus's reports, not Marcus himself.
        .filter((p) => p.overdue && p.personId !== id.marcus)
        .map((p) => `Was overdue by ${p.overdueByDays} days when coaching ended`)
        .sort(),
    );
    // Ben was coached in the first test; Chloe was not.
    expect(ended).toHaveLength(1);
    expect(within(coaching).queryByText(/^Overdue by/)).toBeNull();
    await user.click(await within(coaching).findByTestId(`select-${id.ava}`));
    const meeting = await screen.findByTestId('team-meeting');
    await user.type(await within(meeting).findByLabelText('Summary of the conversation'), text);
    await user.type(within(meeting).getByLabelText('Strengths'), 'Pipeline.');
    await user.type(within(meeting).getByLabelText('Improvements'), 'Notes.');
    await user.type(
      within(meeting).getByLabelText('Agreed actions (one per line)'),
      'Weekly pipeline review.',
    );
    await user.click(within(meeting).getByRole('button', { name: 'Record feedback meeting' }));
    await within(meeting).findByText('Feedback meeting recorded.');
    const warnings = await within(meeting).findByTestId('formality-warnings');
    expect(warnings.textContent).toContain('Feedback as a mere formality');
    // The warning's kind in words, then what the API says of it.
    expect(warnings.textContent).toContain('Near duplicate');
    expect(warnings.textContent).toMatch(
      /Nearly the same text \([\d.]+% similar\) as 1 other review by the same author about different people\./,
    );
  });

  it('in Chinese: quality checks, formality warnings and an appeal’s outcome said from their codes and counts', async () => {
    // h2 is in the feedback phase since the previous test. Marcus records a thin meeting with Ben, who appeals; HR
    // upholds the result.
    const thin = await api.call<{ id: string }>('marcus@acme.test', 'POST', '/v1/feedback-meetings', {
      cycleId: h2,
      subjectId: id.ben,
      heldAt: new Date(Date.now() - 86_400_000).toISOString(),
      summary: 'Discussed the rating.',
    });
    expect(thin.status).toBe(201);
    const appealed = await api.call(
      'ben@acme.test',
      'POST',
      `/v1/feedback-meetings/${thin.body.id}/appeal`,
      { reason: 'The rating ignores the renewals I closed in March.' },
      { 'If-Match': '"1"' },
    );
    expect(appealed.status).toBe(200);
    const resolved = await api.call(
      'hr@acme.test',
      'POST',
      `/v1/feedback-meetings/${thin.body.id}/resolve-appeal`,
      { outcome: 'upheld', note: 'The renewals were counted in the team goal.' },
      { 'If-Match': '"2"' },
    );
    expect(resolved.status).toBe(200);
    type Meeting = {
      quality: { checks: { message: string }[] };
      warnings: { code: string; message: string; details: { similarity?: number; matchCount?: number } }[];
    };
    const meetingsOf = async (personId: string | undefined) =>
      (
        await api.call<{ items: Meeting[] }>(
          'marcus@acme.test',
          'GET',
          `/v1/feedback-meetings?cycleId=${h2}&subjectId=${personId}`,
        )
      ).body.items;
    const english = (ms: Meeting[]) =>
      ms.flatMap((m) => [...m.quality.checks.map((c) => c.message), ...m.warnings.map((w) => w.message)]);

    const user = userEvent.setup();
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/team?cycle=${h2}&locale=zh-cn` });
    const coaching = await screen.findByTestId('team-coaching');
    await within(coaching).findByTestId('coaching-ended');
    for (const badge of within(coaching).getAllByTestId('overdue')) {
      expect(badge.textContent).toMatch(/^辅导结束时已逾期 \d+ 天$/);
    }
    expect(
      within(coaching)
        .getAllByTestId('recorded-late')
        .map((b) => b.textContent),
    ).toEqual(['事后 23 天补记']);
    expect(within(coaching).getByTestId('coaching-ended').textContent).toMatch(/^辅导已于 .+ 结束：/);
    await user.click(await within(coaching).findByTestId(`select-${id.ava}`));
    const ava = await screen.findByTestId('team-meeting');
    const duplicate = (await meetingsOf(id.ava))[0]?.warnings.find((w) => w.code === 'near_duplicate');
    const similarity = Math.round((duplicate?.details.similarity ?? NaN) * 1000) / 10;
    const warnings = await within(ava).findByTestId('formality-warnings');
    expect(warnings.textContent).toContain('反馈流于形式');
    expect(warnings.textContent).toContain(
      `内容雷同 与同一作者写给其他人的 ${duplicate?.details.matchCount} 份评价几乎相同（相似度 ${similarity}%）。`,
    );
    expect(ava.textContent).toContain('已写明优点。');
    expect(ava.textContent).toContain('商定了 1 项行动。');
    expect(ava.textContent).toMatch(/总结 \d+ 个字符（至少 \d+ 个）。/);
    for (const text of english(await meetingsOf(id.ava))) expect(ava.textContent).not.toContain(text);

    await user.click(within(coaching).getByTestId(`select-${id.ben}`));
    // Said about Ben, not to him ("您的申诉…" is his own Me view's).
    await waitFor(() =>
      expect(screen.getByTestId('team-meeting').textContent).toMatch(
        /Ben Carter 的申诉已于 .+ 处理：维持原结果。/,
      ),
    );
    const ben = screen.getByTestId('team-meeting');
    expect(within(ben).getByTestId('formality-warnings').textContent).toContain(
      '内容过短 反馈只有 21 个字符，至少应有 80 个。',
    );
    for (const check of [
      '总结 21 个字符（至少 80 个）。',
      '没有写明优点。',
      '没有写明待改进之处。',
      '没有商定的行动。',
    ]) {
      expect(ben.textContent).toContain(check);
    }
    for (const text of english(await meetingsOf(id.ben))) expect(ben.textContent).not.toContain(text);
    expect(ben.textContent).not.toContain('upheld');
  });
});
