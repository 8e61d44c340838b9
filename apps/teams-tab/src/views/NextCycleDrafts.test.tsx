// @vitest-environment happy-dom
// Next-cycle improvement: the closed cycle's accepted drafts on Me and My team; in the improve phase the manager drafts
// the next cycle and accepts a draft — a draft redrafted meanwhile is a stale edit (412) never overwritten, and a
// draft whose next cycle has left the plan phase is refused in plain words.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type InProcessApi, inProcessApi, moveCycle } from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';

type DraftJson = { id: string; personId: string | null; status: string; version: number; drafts: unknown[] };

let api: InProcessApi;
let h1: string;
let h2: string;
const id: Record<string, string> = {};

beforeAll(async () => {
  api = await inProcessApi();
  const cycles = await api.call<{ items: { id: string; phase: string }[] }>(
    'hr@acme.test',
    'GET',
    '/v1/cycles',
  );
  h1 = cycles.body.items.find((c) => c.phase === 'closed')?.id ?? '';
  h2 = cycles.body.items.find((c) => c.phase === 'coach')?.id ?? '';
  for (const who of ['ava', 'ben']) {
    id[who] = (await api.call<{ id: string }>(`${who}@acme.test`, 'GET', '/v1/people/me')).body.id;
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
    expect(within(team).queryByRole('button', { name: /^Accept into/ })).toBeNull();
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

    await user.click(within(avaCard).getByRole('button', { name: 'Accept into 2027 H1' }));
    const stale = await within(team).findByTestId('stale');
    expect(stale.textContent).toContain('Nothing was overwritten.');
    const untouched = await draftOf(h2, id.ava as string);
    expect(untouched?.status).toBe('open');
    expect(untouched?.version).toBeGreaterThan(before?.version ?? 0);

    await user.click(within(stale).getByRole('button', { name: 'Reload the latest version' }));
    await waitFor(() => expect(within(team).queryByTestId('stale')).toBeNull());
    const reloaded = await within(team).findByTestId(`draft-${id.ava}`);
    await user.click(within(reloaded).getByRole('button', { name: 'Accept into 2027 H1' }));
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
        name: 'Accept into 2027 H1',
      }),
    );
    const refused = await within(team).findByTestId('problem');
    expect(refused.textContent).toMatch(/plan/);
    expect((await draftOf(h2, id.ben as string))?.status).toBe('open');
  });
});
