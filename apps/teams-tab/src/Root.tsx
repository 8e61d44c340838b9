// Boot: find the Teams host (or not), read the public config, sign in (Teams SSO or demo), load who I am, then the shell.
import { FluentProvider, makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { App } from './App.tsx';
import { ApiClient, ApiError, type TokenSource } from './api/client.ts';
import type { Cycle, Department, Person } from './api/types.ts';
import { browserPreferences, demoEmail, loadConfig, type TabConfig } from './boot.ts';
import { Problem } from './components/Problem.tsx';
import { connectToTeams, type TeamsHost, type TeamsTheme } from './host/teams.ts';
import { I18nProvider, localeOf, translator } from './i18n/index.tsx';
import { pageFromPath } from './routes.ts';
import { defaultCycle, type Session, SessionProvider } from './session.tsx';
import { DemoSignIn } from './signin/DemoSignIn.tsx';
import { fluentTheme } from './theme.ts';
import { preloadView } from './views/lazy.ts';

interface SessionData {
  client: ApiClient;
  me: Person;
  people: Map<string, Person>;
  departments: Department[];
  cycles: Cycle[];
}

type State =
  | { step: 'boot' }
  | { step: 'signin'; error: ApiError | null }
  | { step: 'failed'; error: ApiError }
  | { step: 'ready'; data: SessionData };

const useStyles = makeStyles({
  center: { padding: tokens.spacingHorizontalXXL },
  root: { minHeight: '100vh' },
});

export async function openSession(token: TokenSource, fetcher?: typeof fetch): Promise<SessionData> {
  const client = new ApiClient({ token, ...(fetcher ? { fetch: fetcher } : {}) });
  const [me, people, departments, cycles] = await Promise.all([
    client.get<Person>('/v1/people/me'),
    client.all<Person>('/v1/people'),
    client.all<Department>('/v1/departments'),
    client.all<Cycle>('/v1/cycles'),
  ]);
  return { client, me, people: new Map([...people, me].map((p) => [p.id, p])), departments, cycles };
}

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError
    ? error
    : new ApiError({
        title: 'Sign-in failed',
        status: 0,
        detail: error instanceof Error ? error.message : String(error),
      });
}

export function Root({ fetcher }: { fetcher?: typeof fetch }) {
  const s = useStyles();
  const [state, setState] = useState<State>({ step: 'boot' });
  const [host, setHost] = useState<TeamsHost | null>(null);
  const [config, setConfig] = useState<TabConfig>({ demo: false, entra: null, demoPeople: [] });
  const [prefs, setPrefs] = useState<{ locale: string; theme: TeamsTheme }>(() => browserPreferences());
  const [cycleId, setCycleId] = useState<string | null>(() =>
    new URLSearchParams(window.location.search).get('cycle'),
  );
  const selectCycle = useCallback((id: string) => {
    setCycleId(id);
    const url = new URL(window.location.href);
    url.searchParams.set('cycle', id);
    window.history.replaceState(null, '', url);
  }, []);

  const start = useCallback(
    async (token: TokenSource, demo: boolean) => {
      try {
        const data = await openSession(token, fetcher);
        setCycleId((wanted) =>
          wanted && data.cycles.some((c) => c.id === wanted)
            ? wanted
            : (defaultCycle(data.cycles)?.id ?? null),
        );
        setState({ step: 'ready', data });
      } catch (error) {
        const e = asApiError(error);
        if (demo) {
          demoEmail.set(null);
          setState({ step: 'signin', error: e });
        } else setState({ step: 'failed', error: e });
      }
    },
    [fetcher],
  );

  useEffect(() => {
    let live = true;
    // The page's code downloads while the host, the config and the session load.
    preloadView(pageFromPath(window.location.pathname));
    void (async () => {
      const [teams, cfg] = await Promise.all([connectToTeams(), loadConfig(fetcher)]);
      if (!live) return;
      setConfig(cfg);
      if (teams) {
        setHost(teams);
        setPrefs({ locale: teams.context.locale, theme: teams.context.theme });
        teams.onThemeChange((theme) => setPrefs((p) => ({ ...p, theme })));
        await start((fresh) => teams.token(fresh), false);
        return;
      }
      const email = demoEmail.get();
      if (cfg.demo && email) await start(async () => `dev:${email}`, true);
      else setState({ step: 'signin', error: null });
    })();
    return () => {
      live = false;
    };
  }, [fetcher, start]);

  const locale = localeOf(prefs.locale);
  const t = useMemo(() => translator(locale), [locale]);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const signIn = (email: string) => {
    demoEmail.set(email);
    setState({ step: 'boot' });
    void start(async () => `dev:${email}`, true);
  };

  const session = useMemo<Session | null>(() => {
    if (state.step !== 'ready') return null;
    const d = state.data;
    const cycle = d.cycles.find((c) => c.id === cycleId) ?? defaultCycle(d.cycles);
    return {
      client: d.client,
      me: d.me,
      people: d.people,
      departments: d.departments,
      cycles: [...d.cycles].sort((a, b) => (a.startsOn < b.startsOn ? 1 : -1)),
      cycle,
      selectCycle,
      refreshCycles: async () => {
        const cycles = await d.client.all<Cycle>('/v1/cycles');
        setState({ step: 'ready', data: { ...d, cycles } });
      },
      has: (role) => d.me.roles.includes(role),
      nameOf: (id) =>
        !id ? '—' : (d.people.get(id)?.name ?? (id === d.me.managerId ? t('yourManager') : t('someone'))),
      signOut: host
        ? null
        : () => {
            demoEmail.set(null);
            setState({ step: 'signin', error: null });
          },
    };
  }, [state, cycleId, host, selectCycle, t]);

  return (
    <FluentProvider
      theme={fluentTheme(prefs.theme)}
      className={s.root}
      data-theme={prefs.theme}
      lang={locale}
    >
      <I18nProvider locale={locale}>
        {state.step === 'boot' && (
          <div className={s.center}>
            <Spinner label={t('loading')} />
          </div>
        )}
        {state.step === 'signin' && <DemoSignIn config={config} onSignIn={signIn} error={state.error} />}
        {state.step === 'failed' && (
          <div className={s.center}>
            <Problem error={state.error} />
          </div>
        )}
        {session && (
          <SessionProvider value={session}>
            <App host={host} />
          </SessionProvider>
        )}
      </I18nProvider>
    </FluentProvider>
  );
}
