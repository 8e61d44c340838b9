// @vitest-environment happy-dom
// Calibration with several sessions: a head starts on the one she runs (not on HR's she only reads) and switches
// between them; who is not calibrated for want of a score is listed with why, in English and Chinese.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoPersonId, type InProcessApi, inProcessApi, moveCycle } from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';
import type { CalibrationSession } from '../api/types.ts';
import { defaultSession } from './CalibrationView.tsx';

let api: InProcessApi;
let cycleId: string;
let hrSession: string;
let salesSession: string;

type Json = Record<string, unknown>;
const call = async <T = Json>(as: string, method: string, path: string, body?: unknown, headers = {}) => {
  const res = await api.call<T>(as, method, path, body, headers);
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

/** A KPI goal of `ownerId` (weight 100), created by HR in plan; `actual` set when given. */
async function goal(ownerId: string, actual: number | null): Promise<{ id: string; version: number }> {
  const created = await call<{ id: string; version: number }>('hr@acme.test', 'POST', '/v1/goals', {
    cycleId,
    kind: 'kpi',
    level: 'person',
    ownerId,
    title: 'Bookings',
    weight: 100,
    direction: 'higher_is_better',
    baseline: 0,
    target: 100,
  });
  if (actual === null) return created;
  return call(
    'hr@acme.test',
    'PATCH',
    `/v1/goals/${created.id}`,
    { actual },
    { 'If-Match': `"${created.version}"` },
  );
}

beforeAll(async () => {
  api = await inProcessApi();
  const [ava, ben, dan, liam] = await Promise.all(
    ['ava', 'ben', 'dan', 'liam'].map((w) => demoPersonId(api, w)),
  );
  const policies = await call<{ items: { id: string }[] }>('hr@acme.test', 'GET', '/v1/policies');
  cycleId = (
    await call<{ id: string }>('hr@acme.test', 'POST', '/v1/cycles', {
      name: 'Sessions 2029',
      policyId: policies.items[0]?.id,
      startsOn: '2029-01-01',
      endsOn: '2029-06-30',
      personIds: [ava, ben, dan, liam],
    })
  ).id;
  await goal(ava ?? '', 120);
  await goal(ben ?? '', 80);
  const dans = await goal(dan ?? '', null);
  // Liam has no goal at all; Dan's only goal is cancelled once coaching has started.
  await moveCycle(api, cycleId, 'coach');
  await call(
    'hr@acme.test',
    'PATCH',
    `/v1/goals/${dans.id}`,
    { status: 'cancelled', correctionReason: 'The account this goal measured moved to another team.' },
    { 'If-Match': `"${dans.version}"` },
  );
  await moveCycle(api, cycleId, 'calibrate');
  const departments = await call<{ items: { id: string; name: string; parentId: string | null }[] }>(
    'hr@acme.test',
    'GET',
    '/v1/departments',
  );
  const root = departments.items.find((d) => d.parentId === null)?.id ?? '';
  const sales = departments.items.find((d) => d.name === 'Sales')?.id ?? '';
  // HR's session over everyone, finalised; then Sofia's own over Sales, open (no overlap with a finalised one).
  const everyone = await call<{ id: string; version: number }>(
    'hr@acme.test',
    'POST',
    '/v1/calibration-sessions',
    {
      cycleId,
      departmentIds: [root],
      name: 'Everyone',
    },
  );
  hrSession = everyone.id;
  await call(
    'hr@acme.test',
    'POST',
    `/v1/calibration-sessions/${hrSession}/finalise`,
    {},
    {
      'If-Match': `"${everyone.version}"`,
    },
  );
  salesSession = (
    await call<{ id: string }>('sofia@acme.test', 'POST', '/v1/calibration-sessions', {
      cycleId,
      departmentIds: [sales],
      name: 'Sales',
    })
  ).id;
});
afterEach(cleanup);
afterAll(() => api.close());

describe('calibration sessions and who is not calibrated', () => {
  it('picks a session the caller runs (open first), else any she runs, else the first', () => {
    const s = (id: string, mayRun: boolean, state: 'open' | 'finalised') =>
      ({ id, mayRun, state }) as CalibrationSession;
    expect(defaultSession([s('a', false, 'open'), s('b', true, 'finalised'), s('c', true, 'open')])?.id).toBe(
      'c',
    );
    expect(defaultSession([s('a', false, 'open'), s('b', true, 'finalised')])?.id).toBe('b');
    expect(defaultSession([s('a', false, 'open'), s('b', false, 'finalised')])?.id).toBe('a');
    expect(defaultSession([])).toBeNull();
  });

  it('a head starts on the session she runs, not on HR’s wider one she only reads, and switches between them', async () => {
    const user = userEvent.setup();
    const listed = await call<{ items: { id: string; mayRun: boolean }[] }>(
      'sofia@acme.test',
      'GET',
      `/v1/calibration-sessions?cycleId=${cycleId}`,
    );
    // The API lists HR's (read-only for her) first: the tab does not start there.
    expect(listed.items.map((x) => [x.id, x.mayRun])).toEqual([
      [hrSession, false],
      [salesSession, true],
    ]);
    renderTab(api, { as: 'sofia@acme.test', path: `/teams/calibration?cycle=${cycleId}` });
    const sessions = await screen.findByTestId('cal-sessions');
    const select = (await within(sessions).findByRole('combobox')) as HTMLSelectElement;
    await waitFor(() => expect(select.value).toBe(salesSession));
    expect([...select.options].map((o) => o.textContent)).toEqual([
      'Everyone · Finalised · read only',
      'Sales · Open',
    ]);
    const people = await screen.findByTestId('cal-people');
    await within(people).findAllByRole('button', { name: /^Move Ava Chen from \d$/ });
    expect(screen.queryByTestId('cal-read-only')).toBeNull();
    await user.selectOptions(select, hrSession);
    await screen.findByTestId('cal-read-only');
    expect(within(screen.getByTestId('cal-people')).queryByRole('button', { name: /^Move/ })).toBeNull();
    await user.selectOptions(select, salesSession);
    await waitFor(() => expect(screen.queryByTestId('cal-read-only')).toBeNull());
  });

  it('lists who has no score, with why, in the session’s scope (English and Chinese)', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'hr@acme.test', path: `/teams/calibration?cycle=${cycleId}` });
    // HR runs both: the open one (Sales) comes first; Dan is its only person without a score.
    const sales = await screen.findByTestId('cal-unscored');
    expect(sales.textContent).toContain('Not calibrated: no score');
    const lines = (section: HTMLElement) =>
      within(within(section).getByTestId('cal-unscored-list'))
        .getAllByRole('listitem')
        .map((li) => li.textContent);
    expect(lines(sales)).toEqual(['Dan Evans: every goal of their plan is cancelled']);
    await user.selectOptions(within(screen.getByTestId('cal-sessions')).getByRole('combobox'), hrSession);
    await waitFor(() => expect(lines(screen.getByTestId('cal-unscored'))).toHaveLength(2));
    expect(lines(screen.getByTestId('cal-unscored'))).toEqual([
      'Dan Evans: every goal of their plan is cancelled',
      'Liam Walsh: nothing can be scored yet: no goal in the plan, or no KPI with an actual and no rated competency goal',
    ]);
    // Ava and Ben are scored: in the people list, not here.
    expect(screen.getByTestId('cal-unscored').textContent).not.toContain('Ava Chen');
    cleanup();
    renderTab(api, { as: 'sofia@acme.test', path: `/teams/calibration?cycle=${cycleId}&locale=zh-cn` });
    expect(lines(await screen.findByTestId('cal-unscored'))).toEqual(['Dan Evans：计划中的全部目标均已取消']);
  });
});
