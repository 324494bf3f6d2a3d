import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, api, onUnauthorized, setCsrfToken } from '../api/client';
import type { Session, User } from '../api/types';

interface SessionState {
  /** undefined while the first GET /api/session is under way; null when signed out. */
  user: User | null | undefined;
  /** Set when the server ended the session while the console was open. */
  expired: boolean;
  /** Resolves to the second step's secret when two-factor sign-in is on (then call signInWithCode), else undefined. */
  signIn(input: { username: string; password: string; remember: boolean }): Promise<string | undefined>;
  signInWithCode(input: { secret: string; code: string; remember: boolean }): Promise<void>;
  signOut(): Promise<void>;
  /** After a change to one's own account (profile, password). */
  setUser(user: User): void;
}

const SessionContext = createContext<SessionState | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUserState] = useState<User | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);

  const accept = useCallback((session: Session) => {
    setCsrfToken(session.csrf_token);
    setUserState(session.user);
    setExpired(false);
  }, []);

  useEffect(() => {
    onUnauthorized(() => {
      setCsrfToken('');
      setUserState((current) => {
        if (current) setExpired(true);
        return null;
      });
    });
    // Signed out is a normal answer here (200, signed_in: false): the sign-in page logs no failed request.
    api.get('/api/session/state').then(
      (state) => (state.signed_in ? accept(state) : setUserState(null)),
      (error: unknown) => {
        if (!(error instanceof ApiError) || error.status !== 401) console.error(error);
        setUserState(null);
      },
    );
  }, [accept]);

  const value = useMemo<SessionState>(
    () => ({
      user,
      expired,
      async signIn(input) {
        const answer = await api.post('/api/session', { body: input });
        if ('two_factor_required' in answer) return answer.secret;
        accept(answer);
        return undefined;
      },
      async signInWithCode(input) {
        accept(await api.post('/api/session/2fa', { body: input }));
      },
      async signOut() {
        // A session from a provider that signs out too answers where to send the browser (RP-initiated logout).
        const answer = (await api.delete('/api/session').catch(() => undefined)) as { logout_url?: string } | null | undefined;
        setCsrfToken('');
        setUserState(null);
        if (answer?.logout_url) window.location.assign(answer.logout_url);
      },
      setUser: setUserState,
    }),
    [user, expired, accept],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionState {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession outside SessionProvider');
  return value;
}

/** The signed-in person; for pages that render only when signed in. */
export function useUser(): User {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}
