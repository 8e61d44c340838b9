// useAction: runs one write at a time, keeps its ApiError (shown by <Problem>) and a success note.
import { useCallback, useState } from 'react';
import { ApiError } from '../api/client.ts';

export interface Action {
  busy: boolean;
  error: ApiError | null;
  done: string | null;
  /** Runs `fn`; on success shows `doneText` (or what it makes of fn's result). */
  run<T>(fn: () => Promise<T>, doneText?: string | ((result: T) => string)): Promise<boolean>;
  clear(): void;
}

export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const run = useCallback(async <T>(fn: () => Promise<T>, doneText?: string | ((result: T) => string)) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const result = await fn();
      setDone(typeof doneText === 'function' ? doneText(result) : (doneText ?? null));
      return true;
    } catch (e) {
      setError(
        e instanceof ApiError
          ? e
          : new ApiError({ title: 'Error', status: 0, detail: String(e), code: 'client_error' }),
      );
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => {
    setError(null);
    setDone(null);
  }, []);
  return { busy, error, done, run, clear };
}
