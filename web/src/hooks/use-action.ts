import { useCallback, useState } from 'react';
import { errorMessage } from '../api/errors';

export interface Action<A extends unknown[]> {
  run(...args: A): Promise<boolean>;
  busy: boolean;
  /** The last failure in plain words, until the next run. */
  error: string;
  clearError(): void;
}

/** Runs an API change, tracking whether it is under way and what went wrong. */
export function useAction<A extends unknown[]>(perform: (...args: A) => Promise<unknown>): Action<A> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const run = useCallback(
    async (...args: A) => {
      setBusy(true);
      setError('');
      try {
        await perform(...args);
        return true;
      } catch (failure) {
        setError(errorMessage(failure));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [perform],
  );
  return { run, busy, error, clearError: useCallback(() => setError(''), []) };
}
