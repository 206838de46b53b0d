import { jsx as _jsx } from "react/jsx-runtime";
// The signed-in user, shared by the whole console. The session itself is
// the HttpOnly cookie the hub sets (contracts.md §1); the console only
// keeps what GET /api/v1/session reports and the CSRF token.
import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { api, ApiError, setCsrfToken, setUnauthorizedHandler } from '../api/client';
const Ctx = createContext(null);
export function SessionProvider({ children }) {
    const [user, setUser] = useState(null);
    const [loading, setLoading] = useState(true);
    const adopt = useCallback((s) => {
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
            .get('/api/v1/session', undefined, true)
            .then(adopt)
            .catch(() => expire())
            .finally(() => setLoading(false));
    }, [adopt, expire]);
    const login = useCallback(async (name, password) => {
        adopt(await api.post('/api/v1/session', { name, password }, { quiet: true }));
    }, [adopt]);
    const setup = useCallback(async (code, name, password) => {
        adopt(await api.post('/api/v1/setup', { code, name, password }, { quiet: true }));
    }, [adopt]);
    const changePassword = useCallback(async (current, next) => {
        adopt(await api.post('/api/v1/session/password', { current_password: current, new_password: next }, { quiet: true }));
    }, [adopt]);
    const logout = useCallback(async () => {
        try {
            await api.del('/api/v1/session', { quiet: true });
        }
        catch (e) {
            if (!(e instanceof ApiError))
                throw e;
        }
        expire();
    }, [expire]);
    const value = useMemo(() => ({ user, loading, login, setup, changePassword, logout, expire }), [user, loading, login, setup, changePassword, logout, expire]);
    return _jsx(Ctx.Provider, { value: value, children: children });
}
export function useSession() {
    const s = useContext(Ctx);
    if (!s)
        throw new Error('useSession outside SessionProvider');
    return s;
}
