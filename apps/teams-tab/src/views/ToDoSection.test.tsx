// @vitest-environment happy-dom
// To do on Me: a manager's overdue check-ins flagged in words, the count beside Me, a link that opens My team on the
// person, an item gone once done, Chinese, an employee with nothing waiting, and a feedback request declined from the
// inbox leaving the list at once.
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoCycles, demoPersonId, type InProcessApi, inProcessApi } from '../../test/support/inProcess.ts';
import { renderTab } from '../../test/support/render.tsx';

let api: InProcessApi;
let h2: string;
let chloe: string;

beforeAll(async () => {
  api = await inProcessApi();
  ({ h2 } = await demoCycles(api));
  chloe = await demoPersonId(api, 'chloe');
});
afterEach(cleanup);
afterAll(() => api.close());

const itemText = (li: HTMLElement) => li.textContent ?? '';

describe('To do on Me', () => {
  it('lists a manager’s check-ins most overdue first, flagged in words, with the count beside Me', async () => {
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/me?cycle=${h2}` });
    const section = await screen.findByTestId('me-todo');
    const list = await within(section).findByTestId('todo-items');
    const items = within(list).getAllByRole('listitem');
    // The seed leaves Ben and Chloe overdue (Ben the longest), Ava's check-in due within the grace days; each says the
    // day it is due, in the locale, and the overdue ones carry the badge too.
    expect(items.map(itemText)).toEqual([
      expect.stringMatching(/^Check-in with Ben CarterDue \w{3} \d{1,2}, \d{4}Overdue by \d+ days$/),
      expect.stringMatching(/^Check-in with Chloe DuboisDue \w{3} \d{1,2}, \d{4}Overdue by \d+ days$/),
      expect.stringMatching(/^Check-in with Ava ChenDue \w{3} \d{1,2}, \d{4}$/),
    ]);
    // Overdue is said, not only coloured.
    expect(
      within(list)
        .getAllByTestId('todo-overdue')
        .map((b) => b.textContent),
    ).toEqual([
      expect.stringMatching(/^Overdue by \d+ days$/),
      expect.stringMatching(/^Overdue by \d+ days$/),
    ]);
    // On a narrow Teams pane the badge and the due day stay whole on one line (the item wraps between its parts).
    for (const whole of [
      ...within(list).getAllByTestId('todo-overdue'),
      ...within(list).getAllByTestId('todo-due'),
    ]) {
      expect(getComputedStyle(whole).whiteSpace).toBe('nowrap');
    }
    const item = getComputedStyle(items[0] as HTMLElement);
    expect([item.display, item.flexWrap]).toEqual(['flex', 'wrap']);
    const count = await screen.findByTestId('nav-me-count');
    expect(count.textContent).toBe('3');
    expect(count.getAttribute('aria-label')).toBe('3 things to do, 2 overdue');
    const link = within(list).getByRole('link', { name: 'Check-in with Ben Carter' });
    expect(link.getAttribute('href')).toMatch(
      new RegExp(`^/teams/team\\?cycle=${h2}&person=per_\\w+#team-checkin$`),
    );
  });

  it('the link opens My team on the person; once the check-in is recorded the item is gone', async () => {
    const user = userEvent.setup();
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/me?cycle=${h2}` });
    const list = await screen.findByTestId('todo-items');
    await user.click(within(list).getByRole('link', { name: 'Check-in with Chloe Dubois' }));
    const panel = await screen.findByTestId('team-checkin');
    expect(within(panel).getByRole('heading', { name: 'Check-in for Chloe Dubois' })).toBeTruthy();
    expect(window.location.pathname).toBe('/teams/team');
    expect(new URLSearchParams(window.location.search).get('person')).toBe(chloe);

    const recorded = await api.call('marcus@acme.test', 'POST', '/v1/check-ins', {
      cycleId: h2,
      subjectId: chloe,
      kind: 'guidance_note',
      notes: 'Reviewed the outbound sequence together.',
    });
    expect(recorded.status).toBe(201);
    cleanup();
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/me?cycle=${h2}` });
    const again = await screen.findByTestId('todo-items');
    await waitFor(() => expect(within(again).getAllByRole('listitem')).toHaveLength(2));
    expect(again.textContent).not.toContain('Chloe Dubois');
    expect((await screen.findByTestId('nav-me-count')).getAttribute('aria-label')).toBe(
      '2 things to do, 1 overdue',
    );
  });

  it('in Chinese: the action and the overdue days in Chinese', async () => {
    renderTab(api, { as: 'marcus@acme.test', path: `/teams/me?cycle=${h2}&locale=zh-cn` });
    const section = await screen.findByTestId('me-todo');
    expect(within(section).getByRole('heading', { name: '待办' })).toBeTruthy();
    const list = await within(section).findByTestId('todo-items');
    expect(itemText(within(list).getAllByRole('listitem')[0] as HTMLElement)).toMatch(
      /^与 Ben Carter 进行辅导沟通截止 \d{4}年\d{1,2}月\d{1,2}日已逾期 \d+ 天$/,
    );
    expect((await screen.findByTestId('nav-me-count')).getAttribute('aria-label')).toMatch(
      /^\d+ 项待办，\d+ 项已逾期$/,
    );
  });

  it('an employee with nothing waiting: said so, and no count beside Me', async () => {
    renderTab(api, { as: 'ben@acme.test', path: `/teams/me?cycle=${h2}` });
    const section = await screen.findByTestId('me-todo');
    await within(section).findByText('Nothing is waiting for you.');
    expect(screen.queryByTestId('nav-me-count')).toBeNull();
  });

  it('a feedback request to me: listed, linked to the inbox on Me, gone as soon as I decline it', async () => {
    const ava = await demoPersonId(api, 'ava');
    const asked = await api.call('ava@acme.test', 'POST', '/v1/feedback-requests', {
      cycleId: h2,
      subjectId: ava,
      reviewerId: await demoPersonId(api, 'ben'),
      component: 'peer',
    });
    expect(asked.status).toBe(201);
    const user = userEvent.setup();
    renderTab(api, { as: 'ben@acme.test', path: `/teams/me?cycle=${h2}` });
    const list = await screen.findByTestId('todo-items');
    const link = within(list).getByRole('link', { name: 'Give feedback on Ava Chen' });
    expect(link.getAttribute('href')).toBe(`/teams/me?cycle=${h2}#me-inbox`);
    // Due by the demo cycle's schedule (peer feedback by 9 December 2026).
    const item = link.closest('li') as HTMLElement;
    expect(within(item).getByTestId('todo-due').textContent).toMatch(/^Due (Dec 9, 2026|today)$/);
    await user.click(link);
    expect(window.location.hash).toBe('#me-inbox');
    const inbox = await screen.findByTestId('me-inbox');
    await user.type(await within(inbox).findByLabelText('Why do you decline?'), 'We did not work together.');
    await user.click(within(inbox).getByRole('button', { name: 'Decline' }));
    await within(inbox).findByText('Request declined.');
    const section = screen.getByTestId('me-todo');
    await within(section).findByText('Nothing is waiting for you.');
    await waitFor(() => expect(screen.queryByTestId('nav-me-count')).toBeNull());
  });
});
