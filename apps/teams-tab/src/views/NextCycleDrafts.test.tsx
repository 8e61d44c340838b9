// @vitest-environment happy-dom
// Next-cycle improvement: the closed cycle's accepted drafts on Me and My team; in the improve phase the manager drafts
// the next cycle and accepts a draft — a draft redrafted meanwhile is a stale edit (412) never overwritten, and a
// draft whose next cycle has left the plan phase is refused in plain words.
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

type DraftJson = { id: string; personId: string | null; status: string; version: number; drafts: unknown[] };
type Reason = {
  code: string;
  sourceGoalId: string;
  message: string;
  achievement?: number;
  score?: number | null;
  meets?: number | null;
};
type Note = { code: string; message: string; parentGoalId?: string; parentTitle?: string; share?: number };
type FullDraft = DraftJson & {
  drafts: { goal: { title: string }; carriedFrom: string | null; reason: Reason; notes: Note[] }[];
  developmentItems: {
    title: string;
    sourceItemId: string | null;
    sourceType?: string;
    goalTitle?: string;
    reason: Reason;
  }[];
  managerActions: { kind: string; title: string; reason: Reason }[];
  skipped: { goalId: string; title?: string; reason: string }[];
};

let api: InProcessApi;
let h1: string;
let h2: string;
const id: Record<string, string> = {};

beforeAll(async () => {
  api = await inProcessApi();
  ({ h1, h2 } = await demoCycles(api));
  for (const who of ['ava', 'ben', 'marcus', 'sofia']) {
    id[who] = await demoPersonId(api, who);
  }
});
afterEach(cleanup);
afterAll(() => api.close());

const draftOf = async (cycleId: string, personId: string) =>
  (
    await api.call<{ items: DraftJson[] }>(
      'hr@acme.test',
      'GET',
      `/v1/cycles/${cycleId}/next-cycle-drafts?personId=${personId}`,
    )
  ).body.items[0];

describe('next-cycle improvement', () => {
  it('in Chinese: reasons, notes, skipped goals, manager actions, Build-skill goals and development items are said from their fields, never the English', async () => {
    const drafts = (
      await api.call<{ items: FullDraft[] }>('marcus@acme.test', 'GET', `/v1/cycles/${h1}/next-cycle-drafts`)
    ).body.items.filter((d) => d.personId !== null && d.personId !== id.marcus);
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/team?cycle=${h1}&locale=zh-cn` });
    const team = await screen.findByTestId('team-next');
    const pct = (ratio: number) => `${Math.round(ratio * 1000) / 10}%`;
    const seen = new Set<string>();
    for (const draft of drafts) {
      const text = (await within(team).findByTestId(`draft-${draft.personId}`)).textContent ?? '';
      for (const { goal, carriedFrom, reason, notes } of draft.drafts) {
        expect(text).not.toContain(reason.message);
        if (reason.code === 'skills_gap' && carriedFrom === null) {
          // The "Build skill" goal drafted for a skills gap, named from its source goal.
          const goals = draft.drafts as { carriedFrom: string | null; goal: { title: string } }[];
          const source = goals.find((d) => d.carriedFrom === reason.sourceGoalId)?.goal.title;
          expect(text).toContain(`培养技能：${source}`);
          seen.add('build_skill');
        }
        if (reason.code === 'unfinished_goal') {
          expect(text).toContain(
            `${goal.title}——在 2026 H1 达成目标值的 ${pct(reason.achievement ?? NaN)}：结转到下一周期。`,
          );
          seen.add(reason.code);
        }
        if (reason.code === 'ongoing_competency' && reason.score != null && reason.meets != null) {
          expect(text).toContain(
            reason.score < reason.meets
              ? `${goal.title}——在 2026 H1 得分 ${reason.score}，低于“达到期望”（${reason.meets}）：结转并加以发展。`
              : `${goal.title}——在 2026 H1 得分 ${reason.score}（“达到期望”为 ${reason.meets}）：原样结转。`,
          );
          seen.add(reason.score < reason.meets ? 'competency_below' : reason.code);
        }
        for (const note of notes) {
          expect(text).not.toContain(note.message);
          if (note.code === 'realign') {
            // The parent is a department goal outside the person's draft: named by its title, not its id.
            expect(note.parentTitle).toBeTruthy();
            expect(text).toContain(
              `其上级目标“${note.parentTitle}”没有结转：请将它对齐到 2026 H2 的某个目标。`,
            );
            seen.add(note.code);
          }
          if (note.code === 'diagnose_gap') {
            expect(text).toContain('尚未记录此差距的原因');
            seen.add(note.code);
          }
        }
      }
      for (const s of draft.skipped) {
        expect(text).toContain(`${s.title}：${s.reason === 'achieved' ? '已达成目标' : s.reason}`);
        seen.add('skipped');
      }
      for (const a of draft.managerActions) {
        const goal = a.title.match(/"(.+)"/)?.[1];
        expect(text).toContain(
          a.kind === 'resource_fix' ? `为“${goal}”解决资源与条件问题` : `审视“${goal}”的激励与认可`,
        );
        seen.add('action');
      }
      for (const item of draft.developmentItems) {
        if (item.sourceItemId !== null && item.sourceType === 'training') {
          expect(text).toContain(`培训：${item.goalTitle}`);
          seen.add('continued_item');
        }
        if (item.sourceItemId !== null && item.sourceType === 'mentoring') {
          expect(text).toContain(`导师带教：${item.goalTitle}`);
          seen.add('continued_item');
        }
      }
      expect(text).not.toMatch(
        /carried forward|Build skill|Training|Mentoring|Stretch assignment|Fix resources|Review incentives/,
      );
    }
    // Marcus's team has each kind of reason and note the demo drafted.
    for (const kind of [
      'unfinished_goal',
      'ongoing_competency',
      'competency_below',
      'realign',
      'diagnose_gap',
      'skipped',
      'action',
      'build_skill',
      'continued_item',
    ])
      expect(seen, kind).toContain(kind);
    expect(within(team).getAllByText('未结转的目标').length).toBeGreaterThan(0);
  });

  it('in English: the same facts in English words, manager actions titled from their goal', async () => {
    const drafts = (
      await api.call<{ items: FullDraft[] }>('sofia@acme.test', 'GET', `/v1/cycles/${h1}/next-cycle-drafts`)
    ).body.items.filter((d) => d.personId !== null && d.personId !== id.sofia && d.managerActions.length > 0);
    expect(drafts.length).toBeGreaterThan(0);
    renderTab(api, { as: 'sofia@acme.test', path: `/teams/team?cycle=${h1}` });
    const team = await screen.findByTestId('team-next');
    for (const draft of drafts) {
      const text = (await within(team).findByTestId(`draft-${draft.personId}`)).textContent ?? '';
      for (const { goal, reason } of draft.drafts) {
        // The title, then the reason without naming the goal a second time.
        expect(text).not.toContain(`${goal.title} — “${goal.title}”`);
        if (reason.code === 'unfinished_goal')
          expect(text).toContain(
            `${goal.title} — reached ${Math.round((reason.achievement ?? NaN) * 100)}% of target in 2026 H1: carried forward.`,
          );
      }
      for (const a of draft.managerActions) {
        const goal = a.title.match(/"(.+)"/)?.[1];
        expect(text).toContain(
          a.kind === 'resource_fix'
            ? `Fix resources and constraints for “${goal}”`
            : `Review incentives and recognition for “${goal}”`,
        );
      }
    }
  });

  it('closed cycle: Ava sees what carries into 2026 H2; Marcus sees his team’s accepted drafts', async () => {
    renderTab(api, { as: 'ava@acme.test', path: `/teams/me?cycle=${h1}` });
    const mine = await screen.findByTestId('me-next');
    const card = await within(mine).findByTestId(`draft-${id.ava}`);
    expect(card.textContent).toContain('Ava Chen → 2026 H2');
    expect(card.textContent).toMatch(/Accepted on /);
    expect(within(card).getByText('Goals')).toBeTruthy();
    // Only her own draft, and no accepting on Me.
    expect(within(mine).queryByTestId(`draft-${id.ben}`)).toBeNull();
    expect(within(mine).queryByRole('button')).toBeNull();
    cleanup();

    renderTab(api, { as: 'marcus@acme.test', path: `/teams/team?cycle=${h1}` });
    const team = await screen.findByTestId('team-next');
    await within(team).findByTestId(`draft-${id.ben}`);
    expect(within(team).getByTestId(`draft-${id.ava}`).textContent).toMatch(/Accepted on /);
    expect(within(team).queryByRole('button', { name: /^Accept the draft/ })).toBeNull();
  });

  it('improve: Marcus drafts 2027 H1, a redrafted draft is a 412 with reload, then accepted; a left-plan cycle refuses', async () => {
    const policies = await api.call<{ items: { id: string }[] }>('hr@acme.test', 'GET', '/v1/policies');
    const next = await api.call<{ id: string }>('hr@acme.test', 'POST', '/v1/cycles', {
      name: '2027 H1',
      policyId: policies.body.items[0]?.id,
      startsOn: '2027-01-01',
      endsOn: '2027-06-30',
    });
    expect(next.status).toBe(201);
    for (const phase of ['appraise', 'calibrate', 'feedback', 'apply', 'improve'])
      await moveCycle(api, h2, phase);

    const user = userEvent.setup();
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/team?cycle=${h2}` });
    const team = await screen.findByTestId('team-next');
    await within(team).findByText('No next-cycle drafts for this cycle yet.');
    expect((within(team).getByLabelText('Next cycle') as HTMLSelectElement).value).toBe(next.body.id);
    // The weight kept for development goals is checked by the API (0–50): refused in plain words, nothing drafted.
    const weight = within(team).getByLabelText('Weight for development goals');
    await user.clear(weight);
    await user.type(weight, '60');
    await user.click(within(team).getByRole('button', { name: 'Draft the next cycle' }));
    expect((await within(team).findByTestId('problem')).textContent).toMatch(/50/);
    expect(await draftOf(h2, id.ava as string)).toBeUndefined();
    await user.clear(weight);
    await user.type(weight, '10');
    await user.click(within(team).getByRole('button', { name: 'Draft the next cycle' }));
    await within(team).findByText(/^\d+ drafts made\.$/);
    const avaCard = await within(team).findByTestId(`draft-${id.ava}`);
    expect(avaCard.textContent).toContain('Ava Chen → 2027 H1');
    expect(avaCard.textContent).toContain('Waiting to be accepted');
    const before = await draftOf(h2, id.ava as string);
    expect(before?.status).toBe('open');

    // HR drafts Ava again in another window: her draft gets a new version.
    const redraft = await api.call('hr@acme.test', 'POST', `/v1/cycles/${h2}/next-cycle-drafts`, {
      toCycleId: next.body.id,
      personIds: [id.ava],
      developmentWeight: 10,
    });
    expect(redraft.status).toBe(201);

    // The button names whose draft it accepts: several drafts are listed one after the other.
    await user.click(
      within(avaCard).getByRole('button', { name: 'Accept the draft for Ava Chen into 2027 H1' }),
    );
    const stale = await within(team).findByTestId('stale');
    expect(stale.textContent).toContain('Nothing was overwritten.');
    const untouched = await draftOf(h2, id.ava as string);
    expect(untouched?.status).toBe('open');
    expect(untouched?.version).toBeGreaterThan(before?.version ?? 0);

    await user.click(within(stale).getByRole('button', { name: 'Reload the latest version' }));
    await waitFor(() => expect(within(team).queryByTestId('stale')).toBeNull());
    // Accepting waits for the latest version: the button is off while the drafts are read again.
    const reloaded = await within(team).findByTestId(`draft-${id.ava}`);
    const acceptAgain = within(reloaded).getByRole('button', {
      name: 'Accept the draft for Ava Chen into 2027 H1',
    });
    await waitFor(() => expect((acceptAgain as HTMLButtonElement).disabled).toBe(false));
    await user.click(acceptAgain);
    await within(team).findByText(/^Draft accepted: \d+ goals created in the next cycle\.$/);
    await waitFor(() =>
      expect(within(team).getByTestId(`draft-${id.ava}`).textContent).toMatch(/Accepted on /),
    );
    const accepted = await draftOf(h2, id.ava as string);
    expect(accepted?.status).toBe('accepted');
    expect(accepted?.drafts.length).toBeGreaterThan(0);
    const goals = await api.call<{ items: { ownerId: string | null }[] }>(
      'ava@acme.test',
      'GET',
      `/v1/me/goals?cycleId=${next.body.id}`,
    );
    expect(goals.body.items.length).toBe(accepted?.drafts.length);

    // HR moves 2027 H1 on while this page still shows it in plan: accepting Ben's draft is refused, nothing created.
    await moveCycle(api, next.body.id, 'coach');
    await user.click(
      within(within(team).getByTestId(`draft-${id.ben}`)).getByRole('button', {
        name: 'Accept the draft for Ben Carter into 2027 H1',
      }),
    );
    const refused = await within(team).findByTestId('problem');
    expect(refused.textContent).toContain(
      'The cycle is in the Coach phase: this can be done only in the Plan phase.',
    );
    expect((await draftOf(h2, id.ben as string))?.status).toBe('open');
  });
});
