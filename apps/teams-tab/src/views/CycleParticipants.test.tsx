// @vitest-environment happy-dom
// HR's Participants section of the Review dashboard against the real API in-process: add people (field errors beside
// the person), withdraw with a kind and a reason (its minimum said up front, then a confirmation), reinstate, a stale
// edit offers a reload and overwrites nothing, guard hints lead here, nothing new joins after appraise or in closed.
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
import { ApiError } from '../api/client.ts';
import type { Cycle } from '../api/types.ts';
import { translator } from '../i18n/index.tsx';
import { personErrors } from './CycleParticipants.tsx';

let api: InProcessApi;
let policyId: string;
let opened = 0;

beforeAll(async () => {
  api = await inProcessApi();
  const policies = await api.call<{ items: { id: string }[] }>('hr@acme.test', 'GET', '/v1/policies');
  policyId = policies.body.items[0]?.id ?? '';
});
afterEach(cleanup);
afterAll(() => api.close());

/** A new cycle (in plan) of these demo people, by the name part of their e-mail. */
async function openCycle(...who: string[]): Promise<string> {
  opened += 1;
  const personIds = await Promise.all(who.map((w) => demoPersonId(api, w)));
  const res = await api.call<{ id: string }>('hr@acme.test', 'POST', '/v1/cycles', {
    name: `Participants ${opened}`,
    policyId,
    startsOn: '2029-01-01',
    endsOn: '2029-06-30',
    personIds,
  });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function cycleOf(id: string): Promise<Cycle & { etag: string }> {
  const res = await api.call<Cycle>('hr@acme.test', 'GET', `/v1/cycles/${id}`);
  return { ...res.body, etag: `"${res.body.version}"` };
}

async function section(cycleId: string, as = 'hr@acme.test', locale = '') {
  renderTab(api, { as, path: `/teams/dashboard?cycle=${cycleId}${locale}` });
  return screen.findByTestId('cycle-participants');
}

describe('Participants on the Review dashboard (HR)', () => {
  it('adds people found by name; the count follows', async () => {
    const user = userEvent.setup();
    const id = await openCycle('ava', 'ben');
    const part = await section(id);
    expect(within(part).getByTestId('cp-count').textContent).toBe('2 people take part in this cycle.');
    await user.click(within(part).getByRole('button', { name: 'Add people' }));
    const picker = within(part).getByTestId('cp-add');
    // Neither the participants nor HR themselves are offered.
    expect(within(picker).queryByLabelText(/^Ava Chen/)).toBeNull();
    expect(within(picker).queryByLabelText(/^Hannah Reed/)).toBeNull();
    expect(within(picker).getByText(/another HR administrator changes your own participation/)).toBeTruthy();
    await user.type(within(picker).getByLabelText('Find people'), 'oliv');
    await user.click(within(picker).getByLabelText(/^Olivia Grant/));
    await user.click(within(picker).getByRole('button', { name: 'Add 1 person' }));
    await within(part).findByText('Olivia Grant was added to the cycle.');
    await waitFor(() =>
      expect(within(part).getByTestId('cp-count').textContent).toBe('3 people take part in this cycle.'),
    );
    const olivia = await demoPersonId(api, 'olivia');
    expect((await cycleOf(id)).participants).toContain(olivia);
  });

  it('a person refused by the API is said beside them in plain words, and nothing changes', async () => {
    const user = userEvent.setup();
    const id = await openCycle('ava');
    const part = await section(id);
    await user.click(within(part).getByRole('button', { name: 'Add people' }));
    const picker = within(part).getByTestId('cp-add');
    await user.type(within(picker).getByLabelText('Find people'), 'Tom');
    await user.click(within(picker).getByLabelText('Tom Baker (People)'));
    // Tom is deactivated meanwhile: the cycle itself did not change, so this is no stale edit but a refusal about him.
    const tom = await demoPersonId(api, 'tom');
    const person = await api.call<{ version: number }>('hr@acme.test', 'GET', `/v1/people/${tom}`);
    const off = await api.call(
      'hr@acme.test',
      'PATCH',
      `/v1/people/${tom}`,
      { active: false },
      {
        'If-Match': `"${person.body.version}"`,
      },
    );
    expect(off.status).toBe(200);
    const before = await cycleOf(id);
    await user.click(within(picker).getByRole('button', { name: 'Add 1 person' }));
    expect((await within(picker).findByTestId('cp-person-error')).textContent).toBe(
      'no longer active: only active people join a cycle.',
    );
    const problem = within(part).getByTestId('problem');
    expect(problem.textContent).toContain('Nothing was changed:');
    expect(problem.textContent).toContain('Tom Baker: no longer active: only active people join a cycle.');
    expect(within(part).queryByTestId('stale')).toBeNull();
    expect((await cycleOf(id)).version).toBe(before.version);
    const back = await api.call<{ version: number }>('hr@acme.test', 'GET', `/v1/people/${tom}`);
    await api.call(
      'hr@acme.test',
      'PATCH',
      `/v1/people/${tom}`,
      { active: true },
      {
        'If-Match': `"${back.body.version}"`,
      },
    );
  });

  it('every person-level refusal is said in English and Chinese, beside the person it names', () => {
    const error = new ApiError({
      title: 'Unprocessable',
      status: 422,
      code: 'unknown_person',
      errors: [
        { path: 'personIds.0', message: 'x', code: 'unknown_person' },
        { path: 'personIds.1', message: 'x', code: 'person_inactive' },
        { path: 'personIds.2', message: 'x', code: 'already_participant' },
        { path: 'personIds.3', message: 'x', code: 'duplicate_person' },
        { path: 'personIds.4', message: 'x', code: 'own_participation' },
      ],
    });
    const sent = ['a', 'b', 'c', 'd', 'e'];
    expect([...personErrors(error, sent, translator('en'))]).toEqual([
      ['a', 'not found among the people of your organisation.'],
      ['b', 'no longer active: only active people join a cycle.'],
      ['c', 'already takes part in this cycle.'],
      ['d', 'listed twice.'],
      ['e', 'your own participation is changed by another HR administrator.'],
    ]);
    expect([...personErrors(error, sent, translator('zh-CN')).values()]).toEqual([
      '不是本组织的人员。',
      '已停用：只有在职人员可以加入周期。',
      '已参与本周期。',
      '重复列出。',
      '您自己的参与由另一位人力资源管理员变更。',
    ]);
    expect(
      personErrors(
        new ApiError({ title: 'Conflict', status: 409, code: 'wrong_phase' }),
        sent,
        translator('en'),
      ).size,
    ).toBe(0);
  });

  it('withdraws with a kind and a reason of at least 10 characters, after a confirmation; then reinstates', async () => {
    const user = userEvent.setup();
    const id = await openCycle('chloe', 'liam');
    const part = await section(id);
    await user.click(within(part).getByRole('button', { name: 'Withdraw someone' }));
    const form = within(part).getByTestId('cp-withdraw');
    await user.selectOptions(within(form).getByLabelText(/^Person/), 'Liam Walsh');
    await user.click(within(form).getByRole('radio', { name: 'Leave of absence' }));
    const reason = within(form).getByLabelText(/^Reason \(at least 10 characters\)/);
    await user.type(reason, ' Long leave');
    const start = within(form).getByRole('button', { name: 'Withdraw Liam Walsh…' });
    // "Long leave" trimmed is 10 characters: one fewer would not do.
    await user.type(reason, '{Backspace}');
    expect(within(form).getByText(/^9 characters, at least 10\./)).toBeTruthy();
    expect(start).toHaveProperty('disabled', true);
    await user.type(reason, 'e from March to September.');
    expect(start).toHaveProperty('disabled', false);
    await user.click(start);
    const confirm = within(form).getByTestId('cp-confirm');
    expect(confirm.textContent).toContain(`Withdraw Liam Walsh from Participants`);
    expect(confirm.textContent).toContain('records are kept');
    expect(confirm.textContent).toContain(
      'no longer appraised in this cycle: no score, no calibration, no result',
    );
    expect(await cycleOf(id)).toMatchObject({ withdrawn: [] });
    await user.click(within(form).getByRole('button', { name: 'Yes, withdraw Liam Walsh' }));
    await within(part).findByText('Liam Walsh was withdrawn from the cycle.');
    const list = await within(part).findByTestId('cp-withdrawn');
    expect(list.textContent).toMatch(
      /^Liam Walsh — Leave of absence, [A-Z][a-z]{2} \d{1,2}, \d{4}, by Hannah Reed\. Reason: Long leave from March to September\./,
    );
    const liam = await demoPersonId(api, 'liam');
    const after = await cycleOf(id);
    expect(after.participants).not.toContain(liam);
    expect(after.withdrawn).toMatchObject([
      { personId: liam, kind: 'leave_of_absence', reason: 'Long leave from March to September.' },
    ]);

    await user.click(within(part).getByRole('button', { name: 'Reinstate Liam Walsh' }));
    await within(part).findByText('Liam Walsh takes part again.');
    await waitFor(() => expect(within(part).queryByTestId('cp-withdrawn')).toBeNull());
    const reinstated = await cycleOf(id);
    expect(reinstated.participants).toContain(liam);
    expect(reinstated.withdrawn).toEqual([]);
  });

  it('a change made meanwhile is not overwritten: stale, reload shows the latest', async () => {
    const user = userEvent.setup();
    const id = await openCycle('mia', 'noah');
    const part = await section(id);
    await user.click(within(part).getByRole('button', { name: 'Add people' }));
    const picker = within(part).getByTestId('cp-add');
    await user.type(within(picker).getByLabelText('Find people'), 'Priya');
    await user.click(within(picker).getByLabelText('Priya Nair (Engineering)'));
    // Another HR administrator (Grace) withdraws Noah meanwhile.
    const noah = await demoPersonId(api, 'noah');
    const current = await cycleOf(id);
    const other = await api.call(
      'grace@acme.test',
      'POST',
      `/v1/cycles/${id}/withdrawals`,
      { personId: noah, kind: 'role_change', reason: 'Moved to the platform team.' },
      { 'If-Match': current.etag },
    );
    expect(other.status).toBe(200);
    await user.click(within(picker).getByRole('button', { name: 'Add 1 person' }));
    const stale = await within(part).findByTestId('stale');
    expect(stale.textContent).toContain('Nothing was changed: reload to see who takes part now.');
    const priya = await demoPersonId(api, 'priya');
    expect((await cycleOf(id)).participants).not.toContain(priya);
    await user.click(within(stale).getByRole('button', { name: 'Reload the cycle' }));
    const list = await within(part).findByTestId('cp-withdrawn');
    expect(list.textContent).toContain('Noah Schmidt — Role change (appraised elsewhere)');
    expect(list.textContent).toContain('by Grace Kim');
    expect(within(part).queryByTestId('stale')).toBeNull();
    expect(within(part).getByTestId('cp-count').textContent).toBe(
      '1 person takes part in this cycle. 1 was withdrawn.',
    );
  });

  it('a guard’s hint names the inactive people and leads to their withdrawal, preselected', async () => {
    const user = userEvent.setup();
    const id = await openCycle('ben', 'dan');
    const dan = await demoPersonId(api, 'dan');
    const person = await api.call<{ version: number }>('hr@acme.test', 'GET', `/v1/people/${dan}`);
    const off = await api.call(
      'hr@acme.test',
      'PATCH',
      `/v1/people/${dan}`,
      { active: false },
      {
        'If-Match': `"${person.body.version}"`,
      },
    );
    expect(off.status).toBe(200);
    try {
      const part = await section(id);
      // Still a participant, flagged in words (not colour alone) with its Withdraw.
      const toDecide = within(part).getByTestId('cp-to-decide');
      expect(toDecide.textContent).toContain('Dan Evans');
      expect(toDecide.textContent).toContain('No longer active');
      const panel = screen.getByTestId('dash-phase');
      const hints = await within(panel).findAllByTestId('hint-participant_inactive');
      expect(hints[0]?.textContent).toContain(
        '1 person is no longer active (Dan Evans): withdraw them from the cycle.',
      );
      await user.click(
        within(hints[0] as HTMLElement).getByRole('button', { name: 'Withdraw in Participants' }),
      );
      const form = await within(part).findByTestId('cp-withdraw');
      expect((within(form).getByLabelText(/^Person/) as HTMLSelectElement).value).toBe(dan);
      expect(within(form).getByRole('button', { name: 'Withdraw Dan Evans…' })).toBeTruthy();
      cleanup();

      // A manager reads the hint but has no button; nor the Participants section.
      renderTab(api, { as: 'sofia@acme.test', path: `/teams/dashboard?cycle=${id}&locale=zh-cn` });
      const theirs = await within(await screen.findByTestId('dash-phase')).findAllByTestId(
        'hint-participant_inactive',
      );
      expect(theirs[0]?.textContent).toBe('1 人已停用（Dan Evans）：请将其退出周期。');
      expect(within(theirs[0] as HTMLElement).queryByRole('button')).toBeNull();
      expect(screen.queryByTestId('cycle-participants')).toBeNull();
    } finally {
      const back = await api.call<{ version: number }>('hr@acme.test', 'GET', `/v1/people/${dan}`);
      await api.call(
        'hr@acme.test',
        'PATCH',
        `/v1/people/${dan}`,
        { active: true },
        {
          'If-Match': `"${back.body.version}"`,
        },
      );
    }
  });

  it('after appraise nobody new is offered, and why; withdrawn people can still be reinstated', async () => {
    const id = await openCycle('ava', 'priya');
    await moveCycle(api, id, 'coach');
    await moveCycle(api, id, 'appraise');
    await moveCycle(api, id, 'calibrate');
    const priya = await demoPersonId(api, 'priya');
    const res = await api.call(
      'hr@acme.test',
      'POST',
      `/v1/cycles/${id}/withdrawals`,
      { personId: priya, kind: 'other', reason: 'Joined a cross-team secondment.' },
      { 'If-Match': (await cycleOf(id)).etag },
    );
    expect(res.status).toBe(200);
    const part = await section(id);
    expect(within(part).getByRole('button', { name: 'Reinstate Priya Nair' })).toBeTruthy();
    expect(within(part).queryByRole('button', { name: 'Add people' })).toBeNull();
    expect(
      within(part).getByText(/^New people can no longer join: the cycle is in the Calibrate phase/),
    ).toBeTruthy();
    expect(within(part).getByRole('button', { name: 'Withdraw someone' })).toBeTruthy();
  });

  it('in a closed cycle the section only shows who took part', async () => {
    const { h1 } = await demoCycles(api);
    const part = await section(h1);
    expect(within(part).getByText('The cycle is closed: who took part no longer changes.')).toBeTruthy();
    expect(within(part).queryAllByRole('button')).toHaveLength(0);
  });

  it('a withdrawn person reads on Me when and why (the kind, never HR’s reason)', async () => {
    const id = await openCycle('mia');
    const mia = await demoPersonId(api, 'mia');
    const current = await cycleOf(id);
    const res = await api.call(
      'hr@acme.test',
      'POST',
      `/v1/cycles/${id}/withdrawals`,
      { personId: mia, kind: 'leave_of_absence', reason: 'Confidential: medical leave.' },
      { 'If-Match': current.etag },
    );
    expect(res.status).toBe(200);
    renderTab(api, { as: 'mia@acme.test', path: `/teams/me?cycle=${id}` });
    const note = await screen.findByTestId('me-withdrawn');
    expect(note.textContent).toMatch(
      /^You were withdrawn from Participants \d+ on [A-Z][a-z]{2} \d{1,2}, \d{4}: leave of absence\. Your goals and check-ins are kept; you are not appraised in this cycle\. While you are withdrawn, nothing about you is recorded or changed in this cycle: what was recorded is shown below to read\. HR can reinstate you\.$/,
    );
    expect(document.body.textContent).not.toContain('medical');
  });
});
