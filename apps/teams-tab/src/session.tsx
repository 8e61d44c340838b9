// The signed-in session the views share: API client, me, the people and departments I may see, the chosen cycle.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
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

/** Loads data for a view; reloads when `deps` change or on `reload()`; errors become ApiErrors. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: ApiError | null; loading: boolean }>({
    data: undefined,
    error: null,
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to reload
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    loadRef.current().then(
      (data) => live && setState({ data, error: null, loading: false }),
      (error: unknown) =>
        live &&
        setState({
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
