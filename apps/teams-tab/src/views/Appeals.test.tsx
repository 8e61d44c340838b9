// @vitest-environment happy-dom
// Appeals, HR's part of the loop: the employee's reason on Me while open; HR sees each open appeal of the cycle (who,
// the reason, the rating appealed) and resolves it with a note — changed, to a corrected rating picked from the scale
// with the note as its justification — (what was resolved meanwhile is a stale edit: a reload is offered, nothing
// overwritten), which lets the cycle leave feedback; the employee reads the resolution and the corrected rating (with its
// line in the explanation) on Me, the manager sees in My team that a report appealed; the same in Chinese.

import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  demoCycles,
  demoPersonId,
  type InProcessApi,
  inProcessApi,
  moveCycle,
} from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';

let api: InProcessApi;
let h2: string;
const id: Record<string, string> = {};
const meetingOf: Record<string, string> = {};
/** Ben's rating before and after HR changes it on appeal. */
const benRating = { from: 0, to: 0 };
const NOTE = 'The March renewals were left out of the team goal: the rating is corrected upwards.';

type Ack = {
  status: string;
  reason?: string;
  outcome?: string;
  note?: string;
  by?: string;
  correction?: { from: number; to: number };
};
type Meeting = { id: string; version: number; acknowledgement: Ack };
type Score = { score: number; rating: { value: number; label: string } };

const reasons = {
  ben: 'The rating ignores the renewals I closed in March.',
  chloe: 'My stretch goal was moved by the reorganisation in May.',
  ava: 'The new-business figure leaves out the partner deals I closed.',
} as const;
type Who = keyof typeof reasons;

async function meeting(who: string): Promise<Meeting> {
  const res = await api.call<Meeting>('hr@acme.test', 'GET', `/v1/feedback-meetings/${meetingOf[who]}`);
  return res.body;
}

/** Marcus records a meeting with `who` yesterday; `who` appeals it. */
async function appealed(who: Who): Promise<void> {
  const held = await api.call<Meeting>('marcus@acme.test', 'POST', '/v1/feedback-meetings', {
    cycleId: h2,
    subjectId: id[who],
    heldAt: new Date(Date.now() - 86_400_000).toISOString(),
    summary: `We went through ${who}'s half goal by goal and the rating the calibration settled on.`,
  });
  expect(held.status).toBe(201);
  meetingOf[who] = held.body.id;
  const res = await api.call(
    `${who}@acme.test`,
    'POST',
    `/v1/feedback-meetings/${held.body.id}/appeal`,
    { reason: reasons[who] },
    { 'If-Match': `"${held.body.version}"` },
  );
  expect(res.status).toBe(200);
}

/** What holds the cycle in feedback, by guard code. */
async function holdingCodes(): Promise<string[]> {
  const res = await api.call<{ reasons: { code: string }[] }>(
    'hr@acme.test',
    'GET',
    `/v1/cycles/${h2}/readiness`,
  );
  return res.body.reasons.map((r) => r.code);
}

/** The open appeal of a person in HR's appeals section. */
async function openAppeal(section: HTMLElement, who: string): Promise<HTMLElement> {
  const items = await within(section).findAllByTestId('open-appeal');
  const item = items.find((i) => i.getAttribute('data-subject') === id[who]);
  if (!item) throw new Error(`no open appeal of ${who}`);
  return item;
}

beforeAll(async () => {
  api = await inProcessApi();
  ({ h2 } = await demoCycles(api));
  for (const who of ['ava', 'ben', 'chloe', 'marcus', 'hr']) id[who] = await demoPersonId(api, who);
  for (const phase of ['appraise', 'calibrate', 'feedback']) await moveCycle(api, h2, phase);
  await appealed('ben');
  await appealed('chloe');
});
afterEach(cleanup);
afterAll(() => api.close());

describe('Appeals', () => {
  it('Me: while HR has it, the employee sees that and her own reason', async () => {
    renderTab(api, { as: 'chloe@acme.test', path: `/teams/me?cycle=${h2}` });
    const result = await screen.findByTestId('me-result');
    expect((await within(result).findByTestId('ack-status')).textContent).toMatch(
      /^You appealed on .+; HR will resolve it\.$/,
    );
    expect(within(result).getByTestId('appeal-reason').textContent).toBe(`Your reason: ${reasons.chloe}`);
  });

  it('HR sees who appealed, why and the rating appealed, and resolves it with a note; a stale resolve overwrites nothing', async () => {
    expect(await holdingCodes()).toContain('appeals_open');
    const user = userEvent.setup();
    renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h2}` });
    const section = await screen.findByTestId('results-appeals');
    const ben = await openAppeal(section, 'ben');
    expect(within(ben).getByText(/^Ben Carter appealed on /)).toBeTruthy();
    expect(within(ben).getByText(reasons.ben)).toBeTruthy();
    expect(within(ben).getByText(/^Feedback meeting held by Marcus Lee on /)).toBeTruthy();
    // The rating appealed is the one the API scores for Ben now (the calibrated one when calibration moved it).
    const score = await api.call<Score>('hr@acme.test', 'GET', `/v1/cycles/${h2}/scores/${id.ben}`);
    expect(score.status).toBe(200);
    expect(ben.textContent).toContain(
      `Rating appealed: ${score.body.rating.value} · ${score.body.rating.label} (score ${new Intl.NumberFormat('en', { maximumFractionDigits: 2 }).format(score.body.score)})`,
    );

    // The note is required: no resolve without one.
    const resolve = within(ben).getByRole('button', { name: 'Resolve appeal' });
    expect(resolve.hasAttribute('disabled')).toBe(true);
    await user.click(within(ben).getByRole('radio', { name: /^Change: the result is corrected/ }));
    // Changing it asks for the corrected rating: none chosen yet, the current one not offered.
    const picker = within(ben).getByRole('combobox', { name: /^Corrected rating/ }) as HTMLSelectElement;
    expect(picker.value).toBe('');
    const offered = [...picker.options].map((o) => o.value);
    const from = score.body.rating.value;
    expect(offered).not.toContain(String(from));
    expect(offered).toHaveLength(5);
    expect(ben.textContent).toContain(
      'The note is the justification of the new rating: at least 20 characters (0 so far).',
    );
    benRating.from = from;
    benRating.to = from < 5 ? from + 1 : from - 1;
    const note = NOTE;
    await user.type(within(ben).getByRole('textbox', { name: /^Note to Ben Carter/ }), note);
    // No rating chosen: nothing to resolve yet.
    expect(resolve.hasAttribute('disabled')).toBe(true);
    await user.selectOptions(picker, String(benRating.to));
    expect(resolve.hasAttribute('disabled')).toBe(false);
    await user.click(resolve);
    await within(section).findByText(/^The appeal of Ben Carter is resolved: the rating is now \d · /);
    await waitFor(() =>
      expect(
        within(section)
          .queryAllByTestId('open-appeal')
          .map((i) => i.getAttribute('data-subject')),
      ).toEqual([id.chloe]),
    );
    expect((await meeting('ben')).acknowledgement).toMatchObject({
      status: 'appeal_resolved',
      outcome: 'changed',
      note,
      by: id.hr,
      correction: benRating,
    });
    // The rating really moved: the score API says so.
    const after = await api.call<Score>('hr@acme.test', 'GET', `/v1/cycles/${h2}/scores/${id.ben}`);
    expect(after.body.rating.value).toBe(benRating.to);
    const resolved = within(section).getByTestId('appeals-resolved');
    expect(resolved.textContent).toContain('Ben Carter: changed on ');
    expect(resolved.textContent).toContain(`by Hannah Reed: ${note}`);
    expect(resolved.textContent).toContain(
      `Rating corrected from ${benRating.from} · ${score.body.rating.label} to ${benRating.to} · `,
    );

    // Chloe's appeal is resolved through the API while it is open here: resolving it again is refused as stale.
    const chloe = await openAppeal(section, 'chloe');
    const current = await meeting('chloe');
    const elsewhere = 'Resolved in the HR review meeting: the May reorganisation was taken into account.';
    const api412 = await api.call(
      'hr@acme.test',
      'POST',
      `/v1/feedback-meetings/${meetingOf.chloe}/resolve-appeal`,
      { outcome: 'upheld', note: elsewhere },
      { 'If-Match': `"${current.version}"` },
    );
    expect(api412.status).toBe(200);
    await user.type(within(chloe).getByRole('textbox', { name: /^Note to Chloe/ }), 'Upheld from the tab.');
    await user.click(within(chloe).getByRole('button', { name: 'Resolve appeal' }));
    const stale = await within(chloe).findByTestId('stale');
    expect(stale.textContent).toContain('This appeal changed since you opened it');
    expect(stale.textContent).toContain('Nothing was overwritten.');
    expect((await meeting('chloe')).acknowledgement).toMatchObject({ outcome: 'upheld', note: elsewhere });
    await user.click(within(stale).getByRole('button', { name: 'Reload the appeals' }));
    await within(section).findByText('No open appeal in this cycle.');
    expect(within(section).getByTestId('appeals-resolved').textContent).toContain(elsewhere);
    // No appeal holds the cycle in feedback any more.
    expect(await holdingCodes()).not.toContain('appeals_open');
  });

  it('Me: the employee reads the resolution, its date, HR’s note, the new rating and why it moved', async () => {
    renderTab(api, { as: 'ben@acme.test', path: `/teams/me?cycle=${h2}` });
    const result = await screen.findByTestId('me-result');
    await waitFor(() =>
      expect(within(result).getByTestId('ack-status').textContent).toBe('Your appeal was resolved: changed.'),
    );
    expect(within(result).getByTestId('appeal-resolved-on').textContent).toMatch(
      /^Resolved on \w{3} \d+, \d{4}$/,
    );
    expect(within(result).getByTestId('appeal-note').textContent).toBe(`HR’s note: ${NOTE}`);
    expect(within(result).getByTestId('appeal-correction').textContent).toMatch(
      new RegExp(`^Rating corrected from ${benRating.from} · .+ to ${benRating.to} · .+\\.$`),
    );
    // The score shown is the corrected rating, and the explanation says how it got there.
    expect(result.textContent).toMatch(new RegExp(`Score [\\d.]+ → ${benRating.to} · `));
    const explanation = await within(result).findByTestId('score-explanation');
    expect(explanation.textContent).toContain('Rating changed after scoring:');
    expect(explanation.textContent).toMatch(
      new RegExp(`Changed on appeal \\(\\d{4}-\\d{2}-\\d{2}, by [^)]+\\): .+ → .+ — ${NOTE}`),
    );
  });

  it('My team: the manager sees that a report appealed, and the resolution', async () => {
    await appealed('ava');
    const user = userEvent.setup();
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/team?cycle=${h2}` });
    const section = await screen.findByTestId('team-appeals');
    const items = await within(section).findAllByTestId('team-appeal');
    const of = (who: string) =>
      items.find((i) => i.getAttribute('data-subject') === id[who])?.textContent ?? '';
    expect(of('ava')).toMatch(/^Ava Chen appealed on .+; HR will resolve it\./);
    expect(of('ava')).toContain(`Reason: ${reasons.ava}`);
    expect(of('ben')).toMatch(/^The appeal of Ben Carter was resolved on .+: changed\./);
    expect(of('ben')).toContain('HR’s note: The March renewals were left out');
    expect(of('ben')).toContain(`Rating corrected from ${benRating.from} · `);
    // The person's own panel says it about them, not "You appealed".
    await user.click(await screen.findByTestId(`select-${id.ava}`));
    const meetingPanel = await screen.findByTestId('team-meeting');
    await within(meetingPanel).findByText(/Ava Chen appealed on .+; HR will resolve it\./);
    expect(meetingPanel.textContent).not.toContain('You appealed');
  });

  it('in Chinese: HR’s open appeal and its form, and the employee’s resolution', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h2}&locale=zh-cn` });
    const section = await screen.findByTestId('results-appeals');
    const ava = await openAppeal(section, 'ava');
    expect(within(ava).getByText(/^Ava Chen 于 .+ 提出申诉$/)).toBeTruthy();
    // The rating by the policy's Chinese label.
    expect(ava.textContent).toMatch(
      /被申诉的评级：\d · (不合格|需改进|达到预期|超出预期|卓越)（得分 [\d.]+）/,
    );
    expect(within(ava).getByText('申诉理由')).toBeTruthy();
    // Changing it: the corrected rating by the Chinese level names, nothing chosen, the note's minimum said up front.
    await user.click(within(ava).getByRole('radio', { name: /^更改：结果更正为您选择的评级/ }));
    const picker = within(ava).getByRole('combobox', { name: /^更正后的评级/ }) as HTMLSelectElement;
    expect(picker.value).toBe('');
    expect([...picker.options].map((o) => o.textContent)).toContain('请选择更正后的评级');
    expect(
      [...picker.options].some((o) =>
        /^\d · (不合格|需改进|达到预期|超出预期|卓越)$/.test(o.textContent ?? ''),
      ),
    ).toBe(true);
    expect(ava.textContent).toContain('说明即新评级的理由：至少 20 个字符（已写 0 个）。');
    await user.click(within(ava).getByRole('radio', { name: /^维持：结果不变/ }));
    await user.type(
      within(ava).getByRole('textbox', { name: /^给 Ava Chen 的说明/ }),
      '合作伙伴订单已计入团队目标。',
    );
    await user.click(within(ava).getByRole('button', { name: '处理申诉' }));
    await within(section).findByText('Ava Chen 的申诉已处理：维持原结果。');
    cleanup();

    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h2}&locale=zh-cn` });
    const result = await screen.findByTestId('me-result');
    await waitFor(() =>
      expect(within(result).getByTestId('ack-status').textContent).toBe('您的申诉已处理：维持原结果。'),
    );
    expect(within(result).getByTestId('appeal-resolved-on').textContent).toMatch(
      /^处理日期：\d{4}年\d+月\d+日$/,
    );
    expect(within(result).getByTestId('appeal-note').textContent).toBe(
      '人力资源部的说明：合作伙伴订单已计入团队目标。',
    );
  });
});
