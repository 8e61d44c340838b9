// Before sign-in: the tab's public configuration from the API, the locale and theme outside Teams, the demo e-mail kept for the tab session.
import type { TeamsTheme } from './host/teams.ts';

export interface DemoPerson {
  email: string;
  name: string;
  jobTitle: string | null;
  group: string;
}

/** `/teams/config.json` as the API serves it. */
export interface TabConfig {
  demo: boolean;
  entra: { clientId: string; appIdUri: string } | null;
  demoPeople: DemoPerson[];
}

export async function loadConfig(fetcher: typeof fetch = fetch): Promise<TabConfig> {
  try {
    const res = await fetcher('/teams/config.json', { headers: { Accept: 'application/json' } });
    if (!res.ok) return { demo: false, entra: null, demoPeople: [] };
    const body = (await res.json()) as Partial<TabConfig>;
    return { demo: body.demo === true, entra: body.entra ?? null, demoPeople: body.demoPeople ?? [] };
  } catch {
    return { demo: false, entra: null, demoPeople: [] };
  }
}

const DEMO_KEY = 'perfloop.demoEmail';

export const demoEmail = {
  get(): string | null {
    try {
      return sessionStorage.getItem(DEMO_KEY);
    } catch {
      return null;
    }
  },
  set(email: string | null) {
    try {
      if (email) sessionStorage.setItem(DEMO_KEY, email);
      else sessionStorage.removeItem(DEMO_KEY);
    } catch {
      // storage blocked (e.g. third-party iframe): the choice lasts for this page only
    }
  },
};

/** Outside Teams: `?locale=` / `?theme=` for testing, else the browser's language and colour scheme. */
export function browserPreferences(win: Window = window): { locale: string; theme: TeamsTheme } {
  const q = new URLSearchParams(win.location.search);
  const theme = q.get('theme');
  const dark = win.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;
  return {
    locale: q.get('locale') ?? win.navigator.language ?? 'en',
    theme:
      theme === 'dark' || theme === 'contrast' || theme === 'default' ? theme : dark ? 'dark' : 'default',
  };
}
