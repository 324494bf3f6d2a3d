import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { ApiError, api, onUnauthorized, setCsrfToken } from '../api/client';
import type { Session, User } from '../api/types';

interface SessionState {
  /** undefined while the first GET /api/session is under way; null when signed out. */
  user: User | null | undefined;
  /** Set when the server ended the session while the console was open. */
  expired: boolean;
  /**
   * Resolves to the second step when two-factor sign-in is on (`code`: call signInWithCode) or
   * required and not set up (`enrol`: startEnrolment, then finishEnrolment), else undefined.
   */
  signIn(input: { username: string; password: string; remember: boolean }): Promise<SecondStep | undefined>;
  /** A second step pending after single sign-on (its secret is in a cookie: pass secret ''). */
  pendingStep: SecondStep | undefined;
  signInWithCode(input: { secret: string; code: string; remember: boolean; trust: boolean }): Promise<void>;
  startEnrolment(input: { secret: string }): Promise<{ secret: string; uri: string }>;
  /** Turns the required 2FA on: the backup codes; the session opens when `accept()` is called (after they are kept). */
  finishEnrolment(input: { secret: string; code: string; remember: boolean; trust: boolean }): Promise<{ backupCodes: string[]; accept: () => void }>;
  signOut(): Promise<void>;
  /** After a change to one's own account (profile, password). */
  setUser(user: User): void;
}

export interface SecondStep {
  step: 'code' | 'enrol' | 'email';
  secret: string;
}

/** An empty secret: the server takes the one in its cookie (a step pending after single sign-on). */
const body = <T extends { secret: string }>(input: T) => (input.secret ? input : { ...input, secret: undefined });

const SessionContext = createContext<SessionState | undefined>(undefined);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUserState] = useState<User | null | undefined>(undefined);
  const [expired, setExpired] = useState(false);
  const [pendingStep, setPendingStep] = useState<SecondStep>();

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
      (state) => {
        if (state.signed_in) return accept(state);
        if (state.second_factor) setPendingStep({ step: state.second_factor, secret: '' });
        setUserState(null);
      },
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
      pendingStep,
      async signIn(input) {
        const answer = await api.post('/api/session', { body: input });
        if ('two_factor_required' in answer) return { step: answer.step, secret: answer.secret };
        accept(answer);
        return undefined;
      },
      async signInWithCode(input) {
        accept(await api.post('/api/session/2fa', { body: body(input) }));
        setPendingStep(undefined);
      },
      startEnrolment: (input) => api.post('/api/session/2fa/enrol/start', { body: body(input) }),
      async finishEnrolment(input) {
        const answer = await api.post('/api/session/2fa/enrol/confirm', { body: body(input) });
        // The session is open on the server; the console shows the backup codes before moving on.
        setCsrfToken(answer.csrf_token);
        return {
          backupCodes: answer.backup_codes,
          accept: () => {
            setPendingStep(undefined);
            accept(answer);
          },
        };
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
    [user, expired, pendingStep, accept],
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
