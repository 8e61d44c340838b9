// The signed-in session the views share: API client, me, the people and departments I may see, the chosen cycle.
import {
  createContext,
  type ReactNode,
  startTransition,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
} from 'react';
import { type ApiClient, ApiError } from './api/client.ts';
import type { Cycle, Department, Person, Role } from './api/types.ts';

export interface Session {
  client: ApiClient;
  me: Person;
  people: ReadonlyMap<string, Person>;
  departments: readonly Department[];
  cycles: readonly Cycle[];
  cycle: Cycle | null;
  selectCycle(id: string): void;
  /** Re-reads the cycles (e.g. after a phase change). */
  refreshCycles(): Promise<void>;
  has(role: Role): boolean;
  nameOf(personId: string | null | undefined): string;
  signOut: (() => void) | null;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ value, children }: { value: Session; children: ReactNode }) {
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session when there is one (a view outside the signed-in tab, such as the sign-in page, has none). */
export function useOptionalSession(): Session | null {
  return useContext(SessionContext);
}

export function useSession(): Session {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
}

export interface LoadOptions<T> {
  /** Renders the result as a transition, after urgent updates: a page's secondary parts must not hold back its first. */
  deferred?: boolean;
  /** Data already there for the first render (e.g. read ahead while the page's code loaded): the first load is skipped. */
  initial?: () => { value: T } | undefined;
}

/** Loads data for a view; reloads when `deps` change or on `reload()`; errors become ApiErrors. */
export function useLoad<T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  options: LoadOptions<T> = {},
): Loaded<T> {
  const deferred = options.deferred ?? false;
  const skipFirst = useRef(false);
  const [state, setState] = useState<{ data: T | undefined; error: ApiError | null; loading: boolean }>(
    () => {
      const ready = options.initial?.();
      skipFirst.current = ready !== undefined;
      return ready
        ? { data: ready.value, error: null, loading: false }
        : { data: undefined, error: null, loading: true };
    },
  );
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to reload
  useEffect(() => {
    if (skipFirst.current) {
      skipFirst.current = false;
      return;
    }
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    const settle = (next: { data: T | undefined; error: ApiError | null; loading: boolean }) => {
      if (!live) return;
      if (deferred) startTransition(() => setState(next));
      else setState(next);
    };
    loadRef.current().then(
      (data) => settle({ data, error: null, loading: false }),
      (error: unknown) =>
        settle({
          data: undefined,
          error:
            error instanceof ApiError
              ? error
              : new ApiError({ title: 'Error', status: 0, detail: String(error), code: 'client_error' }),
          loading: false,
        }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}
