// @vitest-environment happy-dom
// The opening: the session's and the Me view's reads start before React renders; the first render shows the goals.
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoCycles, demoPersonId, type InProcessApi, inProcessApi } from '../test/support/inProcess.ts';
import { settle, startOpening } from './opening.ts';
import { Root } from './Root.tsx';

let api: InProcessApi;
let h2: string;
let ava: string;

beforeAll(async () => {
  api = await inProcessApi();
  ({ h2 } = await demoCycles(api));
  ava = await demoPersonId(api, 'ava');
});
afterEach(cleanup);
afterAll(() => api.close());

/** The API's fetch, noting every request as `METHOD path?query`. */
function recording(): { fetcher: typeof fetch; seen: string[] } {
  const seen: string[] = [];
  const fetcher = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    seen.push(`${init?.method ?? 'GET'} ${url}`);
    return api.fetch(input, init);
  }) as typeof fetch;
  return { fetcher, seen };
}

describe('opening', () => {
  it('reads the session and the Me view ahead of React; the view claims every read, none twice', async () => {
    window.history.replaceState(null, '', `/teams/me?cycle=${h2}`);
    sessionStorage.clear();
    sessionStorage.setItem('perfloop.demoEmail', 'ava@acme.test');
    const { fetcher, seen } = recording();
    // Claimable for as long as the test takes (the default window is 10 s; this machine is shared).
    const opening = startOpening({ fetcher, aheadMs: 600_000 });

    // Nothing rendered yet, and the plan is already being read.
    const plan = `GET /v1/cycles/${h2}/plans/${ava}`;
    await waitFor(() => expect(seen).toContain(plan));
    expect(seen).toEqual(
      expect.arrayContaining([
        'GET /teams/config.json',
        'GET /v1/people/me',
        'GET /v1/cycles?limit=200',
        `GET /v1/check-ins?cycleId=${h2}&subjectId=${ava}&limit=200`,
        `GET /v1/me/goals?cycleId=${h2}&limit=200`,
        `GET /v1/reviews?cycleId=${h2}&subjectId=${ava}&reviewerId=${ava}&component=self&limit=200`,
        'GET /v1/me/results?explain=true&limit=200',
        `GET /v1/feedback-meetings?cycleId=${h2}&subjectId=${ava}&limit=200`,
      ]),
    );

    // As main.ts does: render once the opening has settled; the very first render shows the goals, no spinner.
    const opened = await settle(opening);
    expect(opened.outcome.step).toBe('ready');
    render(<Root fetcher={fetcher} opening={opening} opened={opened} />);
    expect(within(screen.getByTestId('me-plan')).getByText('New-business bookings')).toBeTruthy();
    expect(screen.getByTestId('me-plan').querySelector('.fui-Spinner')).toBeNull();
    await within(screen.getByTestId('me-result')).findByText(
      'Your manager has not recorded the feedback meeting yet.',
    );
    await waitFor(() => expect(document.querySelectorAll('.fui-Spinner')).toHaveLength(0));

    const signedIn = await opening.session;
    expect(signedIn?.demo).toBe(true);
    expect((await signedIn?.data)?.client.unclaimed()).toEqual([]);
    // Each read went out once; only the goals twice, as two sections read them (one claimed, one afresh).
    const twice = seen.filter((s, i) => seen.indexOf(s) !== i);
    expect(twice).toEqual([`GET /v1/me/goals?cycleId=${h2}&limit=200`]);
  });

  it('a plain browser without a kept sign-in reads only the config, then offers the sign-in', async () => {
    window.history.replaceState(null, '', '/teams/');
    sessionStorage.clear();
    const { fetcher, seen } = recording();
    const opening = startOpening({ fetcher });
    expect(await opening.session).toBeNull();
    render(<Root fetcher={fetcher} opening={opening} />);
    await screen.findByRole('heading', { name: 'Sign in to Perfloop' });
    expect(seen).toEqual(['GET /teams/config.json']);
  });
});
