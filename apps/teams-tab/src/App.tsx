// The signed-in shell: header (who, cycle, phase), the views this person's roles allow, one lazily loaded view at a time.
import {
  Badge,
  Button,
  CounterBadge,
  Field,
  makeStyles,
  Select,
  Tab,
  TabList,
  Text,
  tokens,
} from '@fluentui/react-components';
import { Suspense, useEffect, useState } from 'react';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { Loading } from './components/layout.tsx';
import type { TeamsHost } from './host/teams.ts';
import { counted, useI18n } from './i18n/index.tsx';
import {
  locationChanged,
  type Navigation,
  NavigationContext,
  revealSection,
  targetUrl,
} from './navigation.tsx';
import { type PageName, pageFromPath, type ViewName, viewsFor } from './routes.ts';
import { useSession } from './session.tsx';
import { ToDoProvider, useToDo } from './toDo.tsx';
import { PageView } from './views/PageView.tsx';

const useStyles = makeStyles({
  shell: {
    minHeight: '100vh',
    backgroundColor: tokens.colorNeutralBackground2,
    color: tokens.colorNeutralForeground1,
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'end',
    gap: tokens.spacingHorizontalL,
    padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  title: {
    margin: 0,
    fontSize: tokens.fontSizeBase600,
    fontWeight: tokens.fontWeightSemibold,
    marginRight: 'auto',
  },
  // A horizontal Field gives its label a third of the row: "考核周期" broke over two lines beside the select.
  cycleLabel: { whiteSpace: 'nowrap' },
  nav: { padding: `0 ${tokens.spacingHorizontalL}`, backgroundColor: tokens.colorNeutralBackground1 },
  main: { padding: tokens.spacingHorizontalXL, maxWidth: '1200px' },
  count: { marginLeft: tokens.spacingHorizontalXS },
});

export function App({ host }: { host: TeamsHost | null }) {
  const session = useSession();
  const { me, cycles, cycle, selectCycle, signOut } = session;
  const { t } = useI18n();
  const s = useStyles();
  const allowed = viewsFor(me.roles);
  const [page, setPage] = useState<PageName>(() => {
    const p = pageFromPath(window.location.pathname);
    return p === 'config' || allowed.includes(p as ViewName) ? p : 'me';
  });
  const go = (next: ViewName) => {
    setPage(next);
    const url = new URL(window.location.href);
    url.searchParams.delete('person');
    window.history.pushState(null, '', `/teams/${next}${url.search}`);
    locationChanged();
  };
  // Back and forward: the page (and the cycle) the URL names, as a deep link would open them; the person open on My
  // team follows the URL itself (usePersonInUrl).
  const allowedKey = allowed.join();
  // biome-ignore lint/correctness/useExhaustiveDependencies: the views allowed change only with the roles (allowedKey).
  useEffect(() => {
    const onPop = () => {
      const p = pageFromPath(window.location.pathname);
      setPage(p === 'config' || allowed.includes(p as ViewName) ? p : 'me');
      const wanted = new URLSearchParams(window.location.search).get('cycle');
      if (wanted && cycles.some((c) => c.id === wanted)) selectCycle(wanted);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [allowedKey, cycles, selectCycle]);
  const navigation: Navigation = {
    allowed,
    open(target) {
      window.history.pushState(null, '', targetUrl(target, window.location.href));
      if (cycle?.id !== target.cycleId) selectCycle(target.cycleId);
      setPage(target.view);
      locationChanged();
      revealSection(target.section);
    },
  };
  return (
    <ToDoProvider page={page}>
      <NavigationContext.Provider value={navigation}>
        <div className={s.shell}>
          <header className={s.header}>
            <h1 className={s.title}>{t('appName')}</h1>
            <Text data-testid="signed-in">{t('signedInAs', { name: me.name })}</Text>
            {cycles.length > 0 && (
              <Field label={{ children: t('cycle'), className: s.cycleLabel }} orientation="horizontal">
                <Select
                  value={cycle?.id ?? ''}
                  onChange={(_, d) => selectCycle(d.value)}
                  data-testid="cycle-select"
                >
                  {cycles.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </Select>
              </Field>
            )}
            {cycle && (
              <Badge appearance="tint" color="brand" data-testid="phase">
                {t('phase')}
                {t('labelSep')}
                {t(`phase.${cycle.phase}`)}
              </Badge>
            )}
            {signOut && <Button onClick={signOut}>{t('signOut')}</Button>}
          </header>
          {page !== 'config' && (
            <nav className={s.nav} aria-label={t('nav.label')}>
              <TabList selectedValue={page} onTabSelect={(_, d) => go(d.value as ViewName)}>
                {allowed.map((v) => (
                  <Tab key={v} value={v} data-testid={`nav-${v}`}>
                    {t(`nav.${v}`)}
                    {v === 'me' && <ToDoCount />}
                  </Tab>
                ))}
              </TabList>
            </nav>
          )}
          <main className={s.main}>
            <ErrorBoundary key={`${page}:${cycle?.id ?? ''}`} title={t('error.title')} retry={t('retry')}>
              <Suspense fallback={<Loading />}>
                <PageView key={page} page={page} host={host} />
              </Suspense>
            </ErrorBoundary>
          </main>
        </div>
      </NavigationContext.Provider>
    </ToDoProvider>
  );
}

/** Beside Me: how many things wait for the person (danger colour when some are overdue, said in words too). */
function ToDoCount() {
  const { t } = useI18n();
  const s = useStyles();
  const list = useToDo().data;
  if (!list || list.total === 0) return null;
  const label =
    list.overdue > 0
      ? t(counted('nav.toDoOverdue', list.total), { count: list.total, overdue: list.overdue })
      : t(counted('nav.toDoCount', list.total), { count: list.total });
  return (
    <CounterBadge
      className={s.count}
      count={list.total}
      size="small"
      color={list.overdue > 0 ? 'danger' : 'informative'}
      // A named image: aria-label alone is not allowed on the badge's plain span.
      role="img"
      aria-label={label}
      title={label}
      data-testid="nav-me-count"
    />
  );
}
