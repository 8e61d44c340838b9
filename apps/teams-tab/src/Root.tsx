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
import { type Opened, type Opening, openSession, type SessionData, settle, startOpening } from './opening.ts';
import { pageFromPath } from './routes.ts';
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
        code: 'signin_failed',
        detail: error instanceof Error ? error.message : String(error),
      });
}

/** The state an opening (or a sign-in) ends in; a refused demo sign-in goes back to the sign-in page with its error. */
function stateOf(outcome: Opened['outcome']): State {
  if (outcome.step !== 'failed') return outcome.step === 'ready' ? outcome : { step: 'signin', error: null };
  const error = asApiError(outcome.error);
  if (!outcome.demo) return { step: 'failed', error };
  demoEmail.set(null);
  return { step: 'signin', error };
}

function prefsOf(host: TeamsHost | null): { locale: string; theme: TeamsTheme } {
  return host ? { locale: host.context.locale, theme: host.context.theme } : browserPreferences();
}

/**
 * The tab. main.ts renders it once the opening has settled (`opened`), so the first render is the page itself; tests
 * render it with an opening or none, and it settles one here.
 */
export function Root({
  fetcher,
  opening,
  opened,
}: {
  fetcher?: typeof fetch;
  opening?: Opening;
  opened?: Opened;
}) {
  const s = useStyles();
  const [state, setState] = useState<State>(() => (opened ? stateOf(opened.outcome) : { step: 'boot' }));
  const [host, setHost] = useState<TeamsHost | null>(opened?.host ?? null);
  const [config, setConfig] = useState<TabConfig>(
    opened?.config ?? { demo: false, entra: null, demoPeople: [] },
  );
  const [prefs, setPrefs] = useState<{ locale: string; theme: TeamsTheme }>(() =>
    prefsOf(opened?.host ?? null),
  );
  const [cycleId, setCycleId] = useState<string | null>(() => {
    const wanted = new URLSearchParams(window.location.search).get('cycle');
    return opened?.outcome.step === 'ready'
      ? (chooseCycle(opened.outcome.data.cycles, wanted)?.id ?? null)
      : wanted;
  });
  const selectCycle = useCallback((id: string) => {
    setCycleId(id);
    const url = new URL(window.location.href);
    url.searchParams.set('cycle', id);
    window.history.replaceState(null, '', url);
  }, []);

  const show = useCallback((outcome: Opened['outcome']) => {
    if (outcome.step === 'ready')
      setCycleId((wanted) => chooseCycle(outcome.data.cycles, wanted)?.id ?? null);
    setState(stateOf(outcome));
  }, []);

  useEffect(() => {
    if (opened) return;
    let live = true;
    settle(opening ?? startOpening(fetcher ? { fetcher } : {})).then(
      (done) => {
        if (!live) return;
        setConfig(done.config);
        setHost(done.host);
        setPrefs(prefsOf(done.host));
        show(done.outcome);
      },
      (error: unknown) => live && setState({ step: 'failed', error: asApiError(error) }),
    );
    return () => {
      live = false;
    };
  }, [fetcher, opening, opened, show]);

  useEffect(() => {
    host?.onThemeChange((theme) => setPrefs((p) => ({ ...p, theme })));
  }, [host]);

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
    Promise.all([data, loadView(page).catch(() => undefined)]).then(
      ([ready]) => show({ step: 'ready', data: ready }),
      (error: unknown) => show({ step: 'failed', demo: true, error }),
    );
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
