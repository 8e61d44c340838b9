// @vitest-environment happy-dom
// Calibration: the closed cycle's distribution against the guideline, people, 9-box, rater bias and adjustments; then a
// live session: open it, move a rating before any potential is assessed (justification length said up front), a move
// from a rating someone changed meanwhile (said plainly, with a reload), assess a missing potential, move in the 9-box, finalise;
// every 9-box box named, a head reading the wider H1 session, ratings resting on missing appraisals, one form per cycle, the move form's start.
import { cleanup, screen, within } from '@testing-library/react';
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
let h1: string;
let h2: string;
let ava: string;
let ben: string;

/** The id of the first calibration session of a cycle. */
async function sessionOf(as: string, cycleId: string): Promise<string> {
  const list = await api.call<{ items: { id: string }[] }>(
    as,
    'GET',
    `/v1/calibration-sessions?cycleId=${cycleId}`,
  );
  return list.body.items[0]?.id ?? '';
}

beforeAll(async () => {
  api = await inProcessApi();
  ({ h1, h2 } = await demoCycles(api));
  ava = await demoPersonId(api, 'ava');
  ben = await demoPersonId(api, 'ben');
});
afterEach(cleanup);
afterAll(() => api.close());

describe('Calibration view', () => {
  it('finalised session: distribution against the guideline, 9-box, rater bias and the adjustment with its justification', async () => {
    renderTab(api, { as: 'hr@acme.test', path: `/teams/calibration?cycle=${h1}` });
    const distribution = await screen.findByTestId('cal-distribution');
    expect(within(distribution).getByRole('img').getAttribute('aria-label')).toMatch(
      /3 · Meets expectations 8 people \(53\.3%\) · Guideline 50%/,
    );
    // One person is one person, not "1 people".
    expect(within(distribution).getByRole('img').getAttribute('aria-label')).toMatch(
      /5 · Outstanding 1 person \(6\.7%\) · Guideline 10%/,
    );
    expect(within(distribution).getByText('Within the guideline.')).toBeTruthy();
    const grid = await screen.findByTestId('cal-ninebox');
    expect(within(grid).getByTestId('box-high-3').textContent).toContain('Ava Chen (5)');
    // The English names are the API's labels.
    const sessions = await api.call<{ items: { id: string }[] }>(
      'hr@acme.test',
      'GET',
      `/v1/calibration-sessions?cycleId=${h1}`,
    );
    const nineBox = await api.call<{ items: { box: number | null; label: string | null }[] }>(
      'hr@acme.test',
      'GET',
      `/v1/calibration-sessions/${sessions.body.items[0]?.id}/nine-box`,
    );
    expect(nineBox.body.items.find((i) => i.box === 9)?.label).toBe('Future star');
    expect(within(grid).getByTestId('box-high-3').textContent).toMatch(/^Future star/);
    const bias = screen.getByTestId('cal-bias');
    expect(within(bias).getByText('Marcus Lee')).toBeTruthy();
    // Leniency is signed: + above the population's mean, - below (the number itself as the API gives it).
    const raters = await api.call<{ raters: { raterId: string; leniency: number }[] }>(
      'hr@acme.test',
      'GET',
      `/v1/calibration-sessions/${sessions.body.items[0]?.id}/rater-bias`,
    );
    const shown = within(bias)
      .getAllByTestId('bias-leniency')
      .map((c) => c.textContent ?? '');
    expect(shown).toHaveLength(raters.body.raters.length);
    raters.body.raters.forEach((r, i) => {
      const text = shown[i] ?? '';
      // Two decimals at most; a + before a positive value, a - before a negative one, none before a 0.
      expect(Math.abs(Number(text) - r.leniency)).toBeLessThanOrEqual(0.005 + 1e-9);
      expect(text.startsWith('+')).toBe(Number(text) > 0);
      expect(text.startsWith('-')).toBe(Number(text) < 0);
    });
    expect(raters.body.raters.some((r) => r.leniency >= 0.005)).toBe(true);
    const adjustments = screen.getByTestId('cal-adjustments');
    expect(adjustments.textContent).toMatch(/Ben Carter: 3 → 4 — Ben carried two of Chloe’s key accounts/);
    // Finalised: no moving, no finalising.
    expect(within(grid).queryByRole('button')).toBeNull();
    expect(within(adjustments).queryByRole('button', { name: 'Finalise session' })).toBeNull();
    // The people list: Ben's rating as scored and as calibrated, nothing to move in a finalised session.
    const people = screen.getByTestId('cal-people');
    const benRow = within(people).getByRole('row', { name: /Ben Carter/ });
    expect(
      within(benRow)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['Ben Carter', '3 · Meets expectations', '4 · Exceeds expectations']);
    expect(within(people).queryByRole('button')).toBeNull();
  });

  it('the 9-box is a stable frame: every box keeps its name, an empty one says nobody is there', async () => {
    renderTab(api, { as: 'hr@acme.test', path: `/teams/calibration?cycle=${h1}` });
    const grid = await screen.findByTestId('cal-ninebox');
    await within(grid).findByText('Ava Chen (5)');
    const names: Record<string, string> = {
      'low-1': 'Risk',
      'moderate-1': 'Effective contributor',
      'high-1': 'Trusted professional',
      'low-2': 'Inconsistent player',
      'moderate-2': 'Core player',
      'high-2': 'High performer',
      'low-3': 'Rough diamond',
      'moderate-3': 'Growth talent',
      'high-3': 'Future star',
    };
    let empty = 0;
    for (const [cell, name] of Object.entries(names)) {
      const box = within(grid).getByTestId(`box-${cell}`);
      expect(box.textContent?.startsWith(name)).toBe(true);
      if (!/\(\d\)/.test(box.textContent ?? '')) {
        empty++;
        expect(box.textContent).toBe(`${name}Nobody here`);
      }
    }
    // The closed H1 has empty boxes (Rough diamond, Trusted professional): they are named all the same.
    expect(empty).toBeGreaterThan(0);
    expect(within(grid).getByTestId('box-low-3').textContent).toBe('Rough diamondNobody here');
  });

  it('a department head reads the organisation-wide H1 session for her own people: Ben’s move, read-only', async () => {
    renderTab(api, { as: 'sofia@acme.test', path: `/teams/calibration?cycle=${h1}` });
    const sessions = await screen.findByTestId('cal-sessions');
    expect(within(sessions).queryByText('No calibration session for this cycle.')).toBeNull();
    expect(await screen.findByTestId('cal-read-only')).toBeTruthy();
    expect(screen.getByTestId('cal-read-only').textContent).toBe(
      'This session also covers departments you do not head: HR runs it. You see the people of your departments, and move or finalise nothing here.',
    );
    const people = await screen.findByTestId('cal-people');
    expect(within(people).getByRole('row', { name: /Ben Carter/ })).toBeTruthy();
    // Engineering's and People's people stay out of her view.
    expect(within(people).queryByText('Elena Petrova')).toBeNull();
    expect(within(people).queryByText('Hannah Reed')).toBeNull();
    expect(within(people).queryByRole('button')).toBeNull();
    const adjustments = screen.getByTestId('cal-adjustments');
    expect(adjustments.textContent).toMatch(/Ben Carter: 3 → 4 — Ben carried two of Chloe’s key accounts/);
    expect(within(adjustments).queryByRole('button')).toBeNull();
  });

  it('says each heading once, and no "opened in the Calibrate phase" beside a session already held', async () => {
    renderTab(api, { as: 'hr@acme.test', path: `/teams/calibration?cycle=${h1}` });
    const sessions = await screen.findByTestId('cal-sessions');
    // The session list is named by its heading; the word is not repeated as a label under it.
    expect(await within(sessions).findByRole('combobox', { name: 'Session' })).toBeTruthy();
    expect(within(sessions).getAllByText('Session')).toHaveLength(1);
    expect(within(sessions).queryByText('Sessions are opened in the Calibrate phase.')).toBeNull();
    const grid = await screen.findByTestId('cal-ninebox');
    expect(within(grid).getAllByText('9-box: performance × potential')).toHaveLength(1);
    expect(within(grid).getByRole('table', { name: '9-box: performance × potential' })).toBeTruthy();
  });

  it('in Chinese: the 9-box names its boxes in Chinese, not the API’s English labels', async () => {
    renderTab(api, { as: 'hr@acme.test', path: `/teams/calibration?cycle=${h1}&locale=zh-cn` });
    const grid = await screen.findByTestId('cal-ninebox');
    await within(grid).findByText('Ava Chen (5)');
    expect(within(grid).getByTestId('box-high-3').textContent).toMatch(/^未来之星/);
    const named = [
      '风险人员',
      '有效贡献者',
      '可靠的专业人才',
      '表现不稳定者',
      '核心骨干',
      '高绩效者',
      '璞玉',
      '成长型人才',
      '未来之星',
    ];
    const shown = within(grid)
      .getAllByRole('cell')
      .map((c) => c.querySelector('span')?.textContent ?? '')
      .filter(Boolean);
    expect(shown.length).toBeGreaterThan(1);
    for (const label of shown) expect(named).toContain(label);
    // The ratings by the policy's Chinese labels: the distribution, the people list.
    expect(
      within(screen.getByTestId('cal-distribution')).getByRole('img').getAttribute('aria-label'),
    ).toMatch(/3 · 达到预期 .*5 · 卓越/);
    const people = screen.getByTestId('cal-people');
    expect(people.textContent).toContain('4 · 超出预期');
    expect(people.textContent).not.toMatch(/Meets expectations|Exceeds expectations|Outstanding/);
    // Rater bias in Chinese: leniency signed too (+ before a positive value).
    const leniency = within(screen.getByTestId('cal-bias'))
      .getAllByTestId('bias-leniency')
      .map((c) => c.textContent ?? '');
    expect(leniency.some((text) => /^\+\d/.test(text))).toBe(true);
    for (const text of leniency) expect(text).toMatch(/^(\+|-)?\d+(\.\d{1,2})?$/);
    expect(leniency.filter((text) => Number(text) > 0).every((text) => text.startsWith('+'))).toBe(true);
  });

  it('live session: no manager ratings yet; a rating moves from the people list before any potential, 20 characters said up front', async () => {
    await moveCycle(api, h2, 'appraise');
    await moveCycle(api, h2, 'calibrate');
    const user = userEvent.setup();
    renderTab(api, { as: 'sofia@acme.test', path: `/teams/calibration?cycle=${h2}` });
    const sessions = await screen.findByTestId('cal-sessions');
    await within(sessions).findByText('No calibration session for this cycle.');
    await user.click(within(sessions).getByLabelText('Sales'));
    await user.click(within(sessions).getByRole('button', { name: 'Open a calibration session' }));

    const bias = await screen.findByTestId('cal-bias');
    await within(bias).findByText(
      'No manager ratings yet: rater bias shows once managers have submitted their appraisals.',
    );
    expect(within(bias).queryByRole('table')).toBeNull();
    const grid = screen.getByTestId('cal-ninebox');
    expect(
      within(grid).getByText('Nobody is placed yet: the 9-box needs each person’s potential.'),
    ).toBeTruthy();
    const session = await sessionOf('sofia@acme.test', h2);
    const [raters, nineBox] = await Promise.all([
      api.call<{ raters: unknown[] }>(
        'sofia@acme.test',
        'GET',
        `/v1/calibration-sessions/${session}/rater-bias`,
      ),
      api.call<{ items: unknown[] }>(
        'sofia@acme.test',
        'GET',
        `/v1/calibration-sessions/${session}/nine-box`,
      ),
    ]);
    expect([raters.body.raters, nineBox.body.items]).toEqual([[], []]);

    const people = screen.getByTestId('cal-people');
    const benButton = within(people).getByRole('button', { name: /^Move Ben Carter from \d$/ });
    const from = Number(/from (\d)$/.exec(benButton.getAttribute('aria-label') ?? '')?.[1]);
    // Sofia's own rating is listed but not hers to move: no Move, said plainly in its place and above the list.
    const sofiaRow = within(people).getByRole('row', { name: /Sofia Martinez/ });
    expect(within(sofiaRow).queryByRole('button')).toBeNull();
    expect(within(sofiaRow).getByText('Yours: moved by another member')).toBeTruthy();
    expect(within(people).queryByRole('button', { name: /^Move Sofia Martinez/ })).toBeNull();
    expect(
      within(people).getByText(
        'Your own rating is in this session. Nobody calibrates their own rating, so it cannot be moved by you: another member of the session (HR, or a head of your department) moves it.',
      ),
    ).toBeTruthy();
    // The API marks the caller's own entry, and only it; moving it anyway is refused and nothing is written.
    const ratings = await api.call<{ ratings: { personId: string; isCaller: boolean }[] }>(
      'sofia@acme.test',
      'GET',
      `/v1/calibration-sessions/${session}/distribution`,
    );
    const sofia = await demoPersonId(api, 'sofia');
    expect(ratings.body.ratings.filter((r) => r.isCaller).map((r) => r.personId)).toEqual([sofia]);
    const own = ratings.body.ratings.find((r) => r.personId === sofia) as { current?: number } | undefined;
    const refused = await api.call<{ code: string }>(
      'sofia@acme.test',
      'POST',
      `/v1/calibration-sessions/${session}/adjustments`,
      {
        personId: sofia,
        fromRating: own?.current ?? 3,
        toRating: own?.current === 5 ? 4 : 5,
        justification: 'My own quarter deserves more than this.',
      },
    );
    expect([refused.status, refused.body.code]).toEqual([403, 'own_rating']);
    await user.click(benButton);
    const to = from === 4 ? '3' : from === 5 ? '4' : String(from + 1);
    await user.selectOptions(within(people).getByLabelText('New rating'), to);
    const field = within(people).getByLabelText(/^Justification/);
    // Required is marked once (the asterisk), and the length is said before anything is sent.
    expect(people.textContent).not.toContain('(required)');
    expect(within(people).getByText('At least 20 characters (0 so far).')).toBeTruthy();
    const send = within(people).getByRole('button', { name: 'Move rating' });
    expect(send.hasAttribute('disabled')).toBe(true);
    await user.type(field, 'Kept two renewals.');
    expect(within(people).getByText('At least 20 characters (18 so far).')).toBeTruthy();
    expect(send.hasAttribute('disabled')).toBe(true);
    await user.type(field, ' The sheet misses both.');
    expect(send.hasAttribute('disabled')).toBe(false);
    await user.click(send);
    await screen.findByText(
      new RegExp(`^Ben Carter: ${from} → ${to} — Kept two renewals\\. The sheet misses both\\.$`),
    );
    const stored = await api.call<{ items: { subjectId: string; from: number; to: number }[] }>(
      'sofia@acme.test',
      'GET',
      `/v1/calibration-sessions/${session}/adjustments`,
    );
    expect(stored.body.items).toMatchObject([{ subjectId: ben, from, to: Number(to) }]);
  });

  it('says whose rating rests on a missing appraisal (a count on top, a line per person), in English and Chinese', async () => {
    const session = await sessionOf('sofia@acme.test', h2);
    const dist = await api.call<{
      ratings: { personId: string; warnings: { code: string; details?: { ratedBy?: string[] } }[] }[];
    }>('sofia@acme.test', 'GET', `/v1/calibration-sessions/${session}/distribution`);
    const missing = dist.body.ratings.filter((r) =>
      r.warnings.some((w) => w.code === 'manager_review_missing' || w.code === 'unrated_goal'),
    );
    // Nobody has a manager appraisal in H2 yet: the demo's ratings rest on self-appraisals or on nothing.
    expect(missing.length).toBeGreaterThan(1);
    renderTab(api, { as: 'sofia@acme.test', path: `/teams/calibration?cycle=${h2}` });
    const summary = await screen.findByTestId('cal-basis-summary');
    expect(summary.textContent).toBe(
      `${missing.length} people’s scores rest on missing appraisals: their ratings are counted here as scored. Each is named below.`,
    );
    const people = screen.getByTestId('cal-people');
    const lines = within(people)
      .getAllByTestId('cal-basis')
      .map((l) => l.textContent);
    expect(lines.filter((l) => l?.startsWith('No manager appraisal'))).toHaveLength(
      dist.body.ratings.filter((r) => r.warnings.some((w) => w.code === 'manager_review_missing')).length,
    );
    const avaRating = dist.body.ratings.find((r) => r.personId === ava);
    const selfOnly = avaRating?.warnings.find((w) => w.code === 'manager_review_missing')?.details?.ratedBy;
    const avaRow = within(people).getByRole('row', { name: /Ava Chen/ });
    if (selfOnly?.length === 1) {
      expect(avaRow.textContent).toContain(
        'No manager appraisal: the competency goals rest on the self-appraisal alone',
      );
    } else {
      expect(avaRow.textContent).toContain('No manager appraisal');
    }
    cleanup();
    renderTab(api, { as: 'sofia@acme.test', path: `/teams/calibration?cycle=${h2}&locale=zh-cn` });
    const zh = await screen.findByTestId('cal-basis-summary');
    expect(zh.textContent).toContain(`${missing.length} 人的得分建立在缺失的评估之上`);
    expect(screen.getByTestId('cal-people').textContent).toContain('缺少经理评估');
  });

  it('once the cycle has a session: no second form for covered departments; HR is told why before opening another', async () => {
    renderTab(api, { as: 'sofia@acme.test', path: `/teams/calibration?cycle=${h2}` });
    const sessions = await screen.findByTestId('cal-sessions');
    await within(sessions).findByRole('combobox', { name: 'Session' });
    // Sofia heads Sales only, which the open session covers: nothing to open.
    expect(within(sessions).queryByRole('button', { name: 'Open a calibration session' })).toBeNull();
    expect(
      within(sessions).queryByRole('button', { name: 'Open a session for other departments' }),
    ).toBeNull();
    expect(within(sessions).queryByLabelText('Session name')).toBeNull();
    cleanup();
    const user = userEvent.setup();
    renderTab(api, { as: 'hr@acme.test', path: `/teams/calibration?cycle=${h2}` });
    const hr = await screen.findByTestId('cal-sessions');
    await within(hr).findByText(
      'This cycle already has a calibration session. Another one is only for departments no open session covers (a department is in one open session at a time).',
    );
    expect(within(hr).queryByLabelText('Session name')).toBeNull();
    await user.click(within(hr).getByRole('button', { name: 'Open a session for other departments' }));
    const sales = within(hr).getByRole('checkbox', { name: /^Sales \(in / });
    expect(sales.hasAttribute('disabled')).toBe(true);
    // Engineering is not covered: offered.
    expect(within(hr).getByRole('checkbox', { name: 'Engineering' }).hasAttribute('disabled')).toBe(false);
  });

  it('the move form starts on no choice: the current rating is marked, not offered; the evidence rule only for an extreme', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'sofia@acme.test', path: `/teams/calibration?cycle=${h2}` });
    const people = await screen.findByTestId('cal-people');
    const button = await within(people).findByRole('button', { name: /^Move Dan Evans from \d$/ });
    const from = Number(/from (\d)$/.exec(button.getAttribute('aria-label') ?? '')?.[1]);
    await user.click(button);
    const select = within(people).getByLabelText('New rating') as HTMLSelectElement;
    expect(select.value).toBe('');
    const current = [...select.options].find((o) => o.value === String(from));
    expect(current?.disabled).toBe(true);
    expect(current?.textContent).toMatch(/\(current\)$/);
    expect(within(people).getByText('At least 20 characters (0 so far).')).toBeTruthy();
    expect(people.textContent).not.toContain('Moving to the lowest or highest rating');
    expect(within(people).getByRole('button', { name: 'Move rating' }).hasAttribute('disabled')).toBe(true);
    const extreme = from === 5 ? '1' : '5';
    await user.selectOptions(select, extreme);
    expect(
      within(people).getByText(
        'Moving to the lowest or highest rating needs at least 40 characters of evidence (0 so far).',
      ),
    ).toBeTruthy();
    const middle = from === 3 ? '2' : '3';
    await user.selectOptions(select, middle);
    expect(people.textContent).not.toContain('Moving to the lowest or highest rating');
    await user.click(within(people).getByRole('button', { name: 'Cancel' }));
  });

  it('a move from a rating someone changed meanwhile: said plainly, nothing written, a reload shows the rating it is now', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'sofia@acme.test', path: `/teams/calibration?cycle=${h2}` });
    const people = await screen.findByTestId('cal-people');
    const button = await within(people).findByRole('button', { name: /^Move Ava Chen from \d$/ });
    const from = Number(/from (\d)$/.exec(button.getAttribute('aria-label') ?? '')?.[1]);
    await user.click(button);
    // Meanwhile HR moves Ava.
    const session = await sessionOf('sofia@acme.test', h2);
    const theirs = from === 2 ? 3 : 2;
    const hr = await api.call('hr@acme.test', 'POST', `/v1/calibration-sessions/${session}/adjustments`, {
      personId: ava,
      fromRating: from,
      toRating: theirs,
      justification: 'HR: the customer escalations were resolved by Ava.',
    });
    expect(hr.status).toBe(201);
    const mine = from === 4 ? '3' : String(from === 5 ? 4 : from + 1);
    await user.selectOptions(within(people).getByLabelText('New rating'), mine);
    await user.type(
      within(people).getByLabelText(/^Justification/),
      'Sofia: Ava carried the Globex renewal alone.',
    );
    await user.click(within(people).getByRole('button', { name: 'Move rating' }));
    const warning = await within(people).findByTestId('rating-changed');
    expect(warning.textContent).toContain(
      `Someone moved Ava Chen from ${from} to ${theirs} while you were deciding. Your move was not saved`,
    );
    // Never resent as it is: the move button stays off until the reload.
    expect(within(people).getByRole('button', { name: 'Move rating' }).hasAttribute('disabled')).toBe(true);
    const stored = await api.call<{ items: { subjectId: string; to: number; justification: string }[] }>(
      'sofia@acme.test',
      'GET',
      `/v1/calibration-sessions/${session}/adjustments`,
    );
    expect(stored.body.items.filter((a) => a.subjectId === ava)).toMatchObject([
      { to: theirs, justification: 'HR: the customer escalations were resolved by Ava.' },
    ]);
    await user.click(within(warning).getByRole('button', { name: 'Reload' }));
    const reloaded = await screen.findByTestId('cal-people');
    await within(reloaded).findByRole('button', { name: `Move Ava Chen from ${theirs}` });
    expect(within(reloaded).queryByTestId('rating-changed')).toBeNull();
  });

  it('live session: assess potential, move a rating in the 9-box, finalise', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'sofia@acme.test', path: `/teams/calibration?cycle=${h2}` });
    const grid = await screen.findByTestId('cal-ninebox');
    await within(grid).findByLabelText('Potential of Ava Chen');
    // Sofia is in her own Sales session, but neither her potential nor her rating is hers to set.
    const opened = await api.call<{ items: { id: string }[] }>(
      'sofia@acme.test',
      'GET',
      `/v1/calibration-sessions?cycleId=${h2}`,
    );
    const items = await api.call<{ items: { personId: string }[]; missingPotential: string[] }>(
      'sofia@acme.test',
      'GET',
      `/v1/calibration-sessions/${opened.body.items[0]?.id}/nine-box`,
    );
    const sofia = await demoPersonId(api, 'sofia');
    expect(
      items.body.items.some((i) => i.personId === sofia) || items.body.missingPotential.includes(sofia),
    ).toBe(true);
    expect(within(grid).queryByLabelText('Potential of Sofia Martinez')).toBeNull();
    expect(within(grid).queryByRole('button', { name: /^Sofia Martinez/ })).toBeNull();
    // Once HR has assessed her potential she is placed in the 9-box: shown, said to be hers, never offered.
    const assessed = await api.call('hr@acme.test', 'PUT', `/v1/cycles/${h2}/potential/${sofia}`, {
      potential: 2,
    });
    expect(assessed.status).toBe(201);
    await user.selectOptions(await within(grid).findByLabelText('Potential of Ava Chen'), '3');
    const row = within(grid).getByLabelText('Potential of Ava Chen').closest('div[class]')
      ?.parentElement as HTMLElement;
    await user.click(within(row).getByRole('button', { name: 'Save' }));
    const avaButton = await within(screen.getByTestId('cal-ninebox')).findByRole('button', {
      name: /^Ava Chen \(\d\)$/,
    });
    const from = Number(/\((\d)\)/.exec(avaButton.textContent ?? '')?.[1]);
    const placed = screen.getByTestId('cal-ninebox');
    // Her rating rests on no manager appraisal: marked beside her name (the button's name stays hers, for moving).
    expect(avaButton.parentElement?.textContent).toMatch(/^Ava Chen \(\d\)No manager appraisal$/);
    expect(within(placed).getByText(/^Sofia Martinez \(\d\) · Yours: moved by another member$/)).toBeTruthy();
    expect(within(placed).queryByRole('button', { name: /^Sofia Martinez/ })).toBeNull();
    expect(within(placed).getByText(/^Your own rating is in this session\./)).toBeTruthy();
    await user.click(avaButton);

    const to = from === 5 ? '4' : String(from + 1);
    await user.selectOptions(await screen.findByLabelText('New rating'), to);
    await user.type(
      screen.getByLabelText(/^Justification/),
      'Carried the Globex renewal alone for two months; not in her own numbers.',
    );
    await user.click(screen.getByRole('button', { name: 'Move rating' }));
    // Searched in the whole screen: the panel reloads after the move, so an adjustments element found
    // before the reload may be replaced by a new one.
    const moved = await screen.findByText(
      new RegExp(`^Ava Chen: ${from} → ${to} — Carried the Globex renewal`),
    );
    expect(moved.closest('[data-testid="cal-adjustments"]')).not.toBeNull();
    const adjustments = screen.getByTestId('cal-adjustments');

    const list = await api.call<{ items: { id: string }[] }>(
      'sofia@acme.test',
      'GET',
      `/v1/calibration-sessions?cycleId=${h2}`,
    );
    const session = list.body.items[0]?.id ?? '';
    const stored = await api.call<{ items: { subjectId: string; to: number; justification: string }[] }>(
      'sofia@acme.test',
      'GET',
      `/v1/calibration-sessions/${session}/adjustments`,
    );
    expect(stored.body.items.filter((a) => a.subjectId === ava).at(-1)).toMatchObject({ to: Number(to) });

    // Finalising cannot be undone: it is asked once more, and Cancel sends nothing.
    await user.click(within(adjustments).getByRole('button', { name: 'Finalise session' }));
    within(adjustments).getByText('Finalise this session? Its ratings can no longer be moved afterwards.');
    await user.click(within(adjustments).getByRole('button', { name: 'Cancel' }));
    const stillOpen = await api.call<{ state: string }>(
      'sofia@acme.test',
      'GET',
      `/v1/calibration-sessions/${session}`,
    );
    expect(stillOpen.body.state).toBe('open');
    await user.click(within(adjustments).getByRole('button', { name: 'Finalise session' }));
    await user.click(within(adjustments).getByRole('button', { name: 'Finalise, no more moves' }));
    await within(await screen.findByTestId('cal-sessions')).findByText(/· Finalised$/);
    const after = await api.call<{ state: string }>(
      'sofia@acme.test',
      'GET',
      `/v1/calibration-sessions/${session}`,
    );
    expect(after.body.state).toBe('finalised');
  });
});
