// The signed-in person's to-do (`GET /v1/me/to-do`), read by the shell once per page opened and shared with its views.
import { createContext, type ReactNode, useContext } from 'react';
import type { ToDoList } from './api/types.ts';
import { type Loaded, useLoad, useSession } from './session.tsx';

const ToDoContext = createContext<Loaded<ToDoList | null> | null>(null);

/**
 * Reads the to-do for the shell (the count beside Me) and the Me view (the list): again whenever `page` changes, so
 * what was done elsewhere leaves it. Deferred: it never holds the page's own first render back. None on `config`.
 */
export function ToDoProvider({ page, children }: { page: string; children: ReactNode }) {
  const { client } = useSession();
  const loaded = useLoad(
    async () => (page === 'config' ? null : client.get<ToDoList>('/v1/me/to-do')),
    [page],
    { deferred: true },
  );
  return <ToDoContext.Provider value={loaded}>{children}</ToDoContext.Provider>;
}

export function useToDo(): Loaded<ToDoList | null> {
  const value = useContext(ToDoContext);
  if (!value) throw new Error('useToDo outside ToDoProvider');
  return value;
}
