// The opening, started before React loads: Teams host, config, sign-in, the session's and the first page's reads and code.
import { ApiClient, type Reader, type TokenSource } from './api/client.ts';
import type { Cycle, Department, Person } from './api/types.ts';
import { demoEmail, loadConfig, type TabConfig } from './boot.ts';
import { chooseCycle } from './cycles.ts';
import { connectToTeams, maybeFramed, type TeamsHost } from './host/teams.ts';
import { type PageName, pageFromPath } from './routes.ts';
import { loadView } from './views/loaders.ts';
import { readMeAhead } from './views/meReads.ts';

export interface SessionData {
  client: ApiClient;
  me: Person;
  people: Map<string, Person>;
  departments: Department[];
  cycles: Cycle[];
  /** Settles (never fails) once the page's first meaningful content has been read ahead, if it was. */
  firstContent: Promise<void>;
}

/**
 * The reads a page starts with, begun as soon as who I am and the cycles are known (before the page's code runs);
 * each settles, never failing, when the page's first meaningful content has been read.
 */
const READ_AHEAD: Partial<Record<PageName, (api: Reader, cycle: Cycle, me: Person) => Promise<void>>> = {
  me: readMeAhead,
};

export interface SessionOptions {
  fetcher?: typeof fetch;
  /** How long the page's reads started ahead stay claimable (the client's default: 10 s). */
  aheadMs?: number;
  /** The page being opened: its reads start ahead once I and the cycles are known. */
  page?: PageName;
  /** The cycle asked for (`?cycle=`); the default one when absent or not visible. */
  cycle?: string | null;
}

/** Signs in with `token`: who I am, the people and departments I may see and the cycles, all at once. */
export async function openSession(token: TokenSource, options: SessionOptions = {}): Promise<SessionData> {
  const client = new ApiClient({
    token,
    ...(options.fetcher ? { fetch: options.fetcher } : {}),
    ...(options.aheadMs !== undefined ? { aheadMs: options.aheadMs } : {}),
  });
  const mine = client.get<Person>('/v1/people/me');
  const visibleCycles = client.all<Cycle>('/v1/cycles');
  const ahead = options.page ? READ_AHEAD[options.page] : undefined;
  const firstContent = ahead
    ? Promise.all([mine, visibleCycles]).then(
        ([me, cycles]) => {
          const cycle = chooseCycle(cycles, options.cycle ?? null);
          return cycle ? ahead(client.readAhead(), cycle, me) : undefined;
        },
        () => undefined,
      )
    : Promise.resolve();
  const [me, people, departments, cycles] = await Promise.all([
    mine,
    client.all<Person>('/v1/people'),
    client.all<Department>('/v1/departments'),
    visibleCycles,
  ]);
  return {
    client,
    me,
    people: new Map([...people, me].map((p) => [p.id, p])),
    departments,
    cycles,
    firstContent,
  };
}

export interface SignedIn {
  /** Signed in with the demo e-mail kept for this tab session (to be used only when the config says demo mode). */
  demo: boolean;
  data: Promise<SessionData>;
}

export interface Opening {
  page: PageName;
  config: Promise<TabConfig>;
  host: Promise<TeamsHost | null>;
  /** Signed in without asking (Teams SSO when framed, else the kept demo e-mail); null: the sign-in page. */
  session: Promise<SignedIn | null>;
}

/**
 * Starts everything the first screen needs at once, so it runs while React and Fluent download and start: the page's
 * chunk, the public config, the Teams host (teams-js only when framed), the session's reads and the page's own reads.
 */
export function startOpening(options: Pick<SessionOptions, 'fetcher' | 'aheadMs'> = {}): Opening {
  const page = pageFromPath(window.location.pathname);
  const cycle = new URLSearchParams(window.location.search).get('cycle');
  // The page's code, unless the sign-in page comes first (a failed load surfaces when React renders the page).
  if (maybeFramed() || demoEmail.get()) loadView(page).catch(() => undefined);
  const config = loadConfig(options.fetcher);
  const host = connectToTeams();
  const session = host.then((teams): SignedIn | null => {
    const start = (token: TokenSource, demo: boolean): SignedIn => {
      // A deep link's sub-page may have named the cycle once the Teams context was read.
      const named = new URLSearchParams(window.location.search).get('cycle') ?? cycle;
      const data = openSession(token, { ...options, page, cycle: named });
      // Unused (demo mode off) or reported by whoever awaits it.
      data.catch(() => undefined);
      return { demo, data };
    };
    if (teams) return start((fresh) => teams.token(fresh), false);
    const email = demoEmail.get();
    return email ? start(async () => `dev:${email}`, true) : null;
  });
  return { page, config, host, session };
}

/** The opening, settled: what the tab's first render shows. */
export interface Opened {
  host: TeamsHost | null;
  config: TabConfig;
  outcome:
    | { step: 'signin' }
    /** Signed in, and the page's code has loaded (or failed to, which the page's render reports). */
    | { step: 'ready'; data: SessionData }
    | { step: 'failed'; demo: boolean; error: unknown };
}

/**
 * Waits for the opening: the host and config, then the session (Teams SSO, or the kept demo e-mail when the config
 * says demo mode) together with the page's code and its first meaningful content, so that the first render shows the
 * page with it. Rejects only when the host does.
 */
export async function settle(opening: Opening): Promise<Opened> {
  const [host, config, signedIn] = await Promise.all([opening.host, opening.config, opening.session]);
  if (!signedIn || (signedIn.demo && !config.demo)) return { host, config, outcome: { step: 'signin' } };
  try {
    const [data] = await Promise.all([signedIn.data, loadView(opening.page).catch(() => undefined)]);
    await data.firstContent;
    return { host, config, outcome: { step: 'ready', data } };
  } catch (error) {
    return { host, config, outcome: { step: 'failed', demo: signedIn.demo, error } };
  }
}
