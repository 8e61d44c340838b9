// The tab's root: the opening (Teams host or not, config, sign-in, session) from boot, then the sign-in page or the shell.
import { FluentProvider, makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { App } from './App.tsx';
import { ApiError } from './api/client.ts';
import type { Cycle } from './api/types.ts';
import { browserPreferences, demoEmail, type TabConfig } from './boot.ts';
import { Problem } from './components/Problem.tsx';
import { chooseCycle, defaultCycle } from './cycles.ts';
import type { TeamsHost, TeamsTheme } from './host/teams.ts';
import { I18nProvider, localeOf, translator } from './i18n/index.tsx';
import { type Opening, openSession, type SessionData, startOpening } from './opening.ts';
import { type PageName, pageFromPath } from './routes.ts';
import { type Session, SessionProvider } from './session.tsx';
import { DemoSignIn } from './signin/DemoSignIn.tsx';
import { fluentTheme } from './theme.ts';
import { loadView } from './views/loaders.ts';

type State =
  | { step: 'boot' }
  | { step: 'signin'; error: ApiError | null }
  | { step: 'failed'; error: ApiError }
  | { step: 'ready'; data: SessionData };

const useStyles = makeStyles({
  center: { padding: tokens.spacingHorizontalXXL },
  root: { minHeight: '100vh' },
});

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError
    ? error
    : new ApiError({
        title: 'Sign-in failed',
        status: 0,
        detail: error instanceof Error ? error.message : String(error),
      });
}

/**
 * The tab: the opening that main.ts started before React loaded (tests render without one, and it starts here), then
 * the sign-in page or the signed-in shell.
 */
export function Root({ fetcher, opening }: { fetcher?: typeof fetch; opening?: Opening }) {
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

  /** Shows the shell once the session and the page's code are both there (so the page renders without a fallback). */
  const finish = useCallback(async (data: Promise<SessionData>, demo: boolean, page: PageName) => {
    try {
      const [ready] = await Promise.all([data, loadView(page).catch(() => undefined)]);
      setCycleId((wanted) => chooseCycle(ready.cycles, wanted)?.id ?? null);
      setState({ step: 'ready', data: ready });
    } catch (error) {
      const e = asApiError(error);
      if (demo) {
        demoEmail.set(null);
        setState({ step: 'signin', error: e });
      } else setState({ step: 'failed', error: e });
    }
  }, []);

  useEffect(() => {
    let live = true;
    const o = opening ?? startOpening(fetcher ? { fetcher } : {});
    void (async () => {
      try {
        const [teams, cfg, signedIn] = await Promise.all([o.host, o.config, o.session]);
        if (!live) return;
        setConfig(cfg);
        if (teams) {
          setHost(teams);
          setPrefs({ locale: teams.context.locale, theme: teams.context.theme });
          teams.onThemeChange((theme) => setPrefs((p) => ({ ...p, theme })));
        }
        if (signedIn && (!signedIn.demo || cfg.demo)) await finish(signedIn.data, signedIn.demo, o.page);
        else setState({ step: 'signin', error: null });
      } catch (error) {
        if (live) setState({ step: 'failed', error: asApiError(error) });
      }
    })();
    return () => {
      live = false;
    };
  }, [fetcher, opening, finish]);

  const locale = localeOf(prefs.locale);
  const t = useMemo(() => translator(locale), [locale]);
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  const signIn = (email: string) => {
    demoEmail.set(email);
    setState({ step: 'boot' });
    const page = pageFromPath(window.location.pathname);
    const data = openSession(async () => `dev:${email}`, {
      ...(fetcher ? { fetcher } : {}),
      page,
      cycle: cycleId,
    });
    void finish(data, true, page);
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
