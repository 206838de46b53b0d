// The signed-in user, shared by the whole console. The session itself is
// the HttpOnly cookie the hub sets (contracts.md §1); the console only
// keeps what GET /api/v1/session reports and the CSRF token.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, setCsrfToken, setUnauthorizedHandler } from '../api/client';
import type { Session, SessionUser } from '../api/types';

interface SessionState {
  user: SessionUser | null;
  /** loading: the first GET /api/v1/session has not answered yet. */
  loading: boolean;
  login: (name: string, password: string) => Promise<void>;
  /** setup creates the first admin with the one-time code and signs them in (POST /api/v1/setup). */
  setup: (code: string, name: string, password: string) => Promise<void>;
  /** changePassword ends every session of the user and adopts the fresh one the answer opens. */
  changePassword: (current: string, next: string) => Promise<void>;
  logout: () => Promise<void>;
  /** expire drops the user after a 401: the next render shows the login page. */
  expire: () => void;
}

const Ctx = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [user, setUser] = useState<SessionUser | null>(null);
  const [loading, setLoading] = useState(true);

  const adopt = useCallback((s: Session) => {
    setCsrfToken(s.csrf_token);
    setUser(s.user);
  }, []);
  const expire = useCallback(() => {
    setCsrfToken('');
    setUser(null);
  }, []);

  useEffect(() => {
    setUnauthorizedHandler(expire);
    api
      .get<Session>('/api/v1/session', undefined, true)
      .then(adopt)
      .catch(() => expire())
      .finally(() => setLoading(false));
  }, [adopt, expire]);

  const login = useCallback(
    async (name: string, password: string) => {
      adopt(await api.post<Session>('/api/v1/session', { name, password }, { quiet: true }));
    },
    [adopt],
  );
  const setup = useCallback(
    async (code: string, name: string, password: string) => {
      adopt(await api.post<Session>('/api/v1/setup', { code, name, password }, { quiet: true }));
    },
    [adopt],
  );
  const changePassword = useCallback(
    async (current: string, next: string) => {
      adopt(await api.post<Session>('/api/v1/session/password', { current_password: current, new_password: next }, { quiet: true }));
    },
    [adopt],
  );
  const logout = useCallback(async () => {
    try {
      await api.del('/api/v1/session', { quiet: true });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    expire();
  }, [expire]);

  const value = useMemo(
    () => ({ user, loading, login, setup, changePassword, logout, expire }),
    [user, loading, login, setup, changePassword, logout, expire],
  );
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): SessionState {
  const s = useContext(Ctx);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
