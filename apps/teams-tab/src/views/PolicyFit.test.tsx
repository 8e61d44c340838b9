// @vitest-environment happy-dom
// The new-cycle form lists each policy with its management theme (incentive / control) and shows the chosen policy's
// culture-fit warnings as the API returns them (forced ranking vs team stability, a results cycle too short, a
// recording grace as long as the coaching cadence), said from their codes in English and Chinese; a policy without
// warnings says so.

import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoCycles, type InProcessApi, inProcessApi } from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';

let api: InProcessApi;
let h1: string;
let risky: string;
type Warning = { code: string; message: string };

beforeAll(async () => {
  api = await inProcessApi();
  ({ h1 } = await demoCycles(api));
  const control = await api.call('hr@acme.test', 'POST', '/v1/policies', {
    preset: 'control',
    overrides: { name: 'Acme operations policy' },
  });
  expect(control.status).toBe(201);
  const presets = await api.call<{
    items: { preset: string; policy: { distribution: Record<string, unknown> } }[];
  }>('hr@acme.test', 'GET', '/v1/policies/presets');
  const incentive = presets.body.items.find((p) => p.preset === 'incentive');
  const created = await api.call<{ id: string; warnings: Warning[] }>(
    'hr@acme.test',
    'POST',
    '/v1/policies',
    {
      preset: 'incentive',
      overrides: {
        name: 'Acme quarterly sprint',
        cycleLength: 'quarter',
        distribution: { ...incentive?.policy.distribution, forced: true },
        // Weekly check-ins, yet one recorded up to 7 days after its date still counts at its date.
        coaching: { cadence: 'weekly', graceDays: 2, recordingGraceDays: 7 },
      },
    },
  );
  expect(created.status).toBe(201);
  expect(created.body.warnings.map((w) => w.code)).toEqual([
    'team_stability',
    'results_cycle_too_short',
    'recording_grace_covers_cadence',
  ]);
  risky = created.body.id;
});
afterEach(cleanup);
afterAll(() => api.close());

/** The new-cycle section (unfolded: under the closed 2026 H1 it is folded away) and its policy select. */
async function form(): Promise<{ section: HTMLElement; select: HTMLSelectElement }> {
  const folded = await screen.findByTestId('results-new-cycle-folded');
  await userEvent
    .setup()
    .click(within(folded).getByRole('button', { name: /^(Open a new cycle…|开启新的考核周期…)$/ }));
  const section = await screen.findByTestId('results-new-cycle');
  // The policy is the form's one <select>; the date fields are comboboxes too (Fluent's DatePicker, loaded lazily).
  const select = await waitFor(() => {
    const found = within(section)
      .getAllByRole('combobox')
      .find((e): e is HTMLSelectElement => e instanceof HTMLSelectElement);
    if (!found) throw new Error('no policy select yet');
    return found;
  });
  return { section, select };
}

describe('Policy fit in the new-cycle form', () => {
  it('lists each policy with its theme and shows the chosen one’s culture-fit warnings', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h1}` });
    const { section, select } = await form();
    expect([...select.options].map((o) => o.textContent).sort()).toEqual([
      'Acme growth policy 2026 (incentive)',
      'Acme operations policy (control)',
      'Acme quarterly sprint (incentive)',
    ]);
    // The demo's own policy: the incentive preset, which suits a results-oriented organisation as it is.
    const demo = [...select.options].find((o) => o.textContent === 'Acme growth policy 2026 (incentive)');
    await user.selectOptions(select, demo?.value ?? '');
    await waitFor(() =>
      expect(within(section).getByTestId('policy-theme').textContent).toBe(
        'Management theme: incentive. It stimulates enthusiasm and fits growth-stage companies.',
      ),
    );
    expect(within(section).getByText('No culture-fit warning for this policy.')).toBeTruthy();
    await user.selectOptions(select, risky);
    const warnings = await within(section).findByTestId('policy-warnings');
    expect(warnings.textContent).toContain('Culture fit');
    const items = within(warnings)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toHaveLength(3);
    expect(items[0]).toMatch(
      /^Forced distribution is on\. Teams that value stability .+ “eliminate the last place”/,
    );
    expect(items[1]).toBe(
      'Results-oriented organisations should lengthen the appraisal cycle (half-year or year).',
    );
    expect(items[2]).toBe(
      'Check-ins are due every 7 days, yet one recorded up to 7 days after the date it carries still counts at that date: a missed period can be filled in afterwards and late coaching never shows. Keep the recording grace shorter than 7 days.',
    );

    const control = [...select.options].find((o) => o.textContent === 'Acme operations policy (control)');
    await user.selectOptions(select, control?.value ?? '');
    await waitFor(() =>
      expect(within(section).getByTestId('policy-theme').textContent).toBe(
        'Management theme: control. It standardises work behaviour and fits mature companies.',
      ),
    );
    const stored = await api.call<{ warnings: Warning[] }>(
      'hr@acme.test',
      'GET',
      `/v1/policies/${control?.value}`,
    );
    expect(stored.body.warnings).toEqual([]);
    expect(within(section).getByText('No culture-fit warning for this policy.')).toBeTruthy();
    expect(within(section).queryByTestId('policy-warnings')).toBeNull();
  });

  it('in Chinese: the theme in the list and the warnings from their codes, not the API’s English', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'hr@acme.test', path: `/teams/results?cycle=${h1}&locale=zh-cn` });
    const { section, select } = await form();
    expect([...select.options].map((o) => o.textContent)).toContain('Acme quarterly sprint（激励型）');
    await user.selectOptions(select, risky);
    const warnings = await within(section).findByTestId('policy-warnings');
    expect(warnings.textContent).toContain('文化适配');
    expect(warnings.textContent).toContain('已启用强制分布。');
    expect(warnings.textContent).toContain('结果导向的组织应延长考核周期（半年或一年）。');
    expect(warnings.textContent).toContain(
      '每 7 天应辅导一次，但晚于所填日期 7 天内补记的辅导记录仍按所填日期计入',
    );
    const english = await api.call<{ warnings: Warning[] }>('hr@acme.test', 'GET', `/v1/policies/${risky}`);
    for (const w of english.body.warnings) expect(warnings.textContent).not.toContain(w.message);
    expect(within(section).getByTestId('policy-theme').textContent).toBe(
      '管理导向：激励型。激发员工积极性，适合成长期企业。',
    );
  });
});
