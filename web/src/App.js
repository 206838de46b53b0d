import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { useTranslation } from 'react-i18next';
import { SessionProvider, useSession } from './auth/session';
import { allows } from './auth/roles';
import AppLayout from './layout/AppLayout';
import LoginPage from './pages/login/LoginPage';
import SetupPage from './pages/setup/SetupPage';
import ForbiddenPage from './pages/forbidden/ForbiddenPage';
import NotFoundPage from './pages/forbidden/NotFoundPage';
import { flatPages, homePath, Screen } from './routes';
export default function App() {
    const { i18n } = useTranslation();
    return (_jsx(ConfigProvider, { locale: i18n.language === 'en' ? enUS : zhCN, theme: { token: { colorPrimary: '#1677ff' } }, children: _jsx(AntApp, { children: _jsx(SessionProvider, { children: _jsx(BrowserRouter, { children: _jsx(Gate, {}) }) }) }) }));
}
const loading = _jsx(Spin, { size: "large", style: { display: 'block', margin: '20vh auto' } });
// Gate shows the login page at any URL until there is a session, then the
// page the URL names: so a 401 anywhere lands on the login page and
// signing in returns to where the user was.
function Gate() {
    const { user, loading: starting } = useSession();
    const { pathname } = useLocation();
    if (starting)
        return loading;
    // /setup is the first-run page serve points to: the first admin is made there.
    if (!user)
        return pathname === '/setup' ? _jsx(SetupPage, {}) : _jsx(LoginPage, {});
    return (_jsx(Suspense, { fallback: loading, children: _jsxs(Routes, { children: [_jsx(Route, { path: "/dashboard/screen", element: _jsx(Screen, {}) }), _jsxs(Route, { element: _jsx(AppLayout, {}), children: [_jsx(Route, { index: true, element: _jsx(Navigate, { to: homePath, replace: true }) }), _jsx(Route, { path: "/login", element: _jsx(Navigate, { to: homePath, replace: true }) }), _jsx(Route, { path: "/setup", element: _jsx(Navigate, { to: homePath, replace: true }) }), flatPages().map((p) => {
                            const Page = p.component;
                            return (_jsx(Route, { path: p.path, element: allows(p.roles, user.role) ? _jsx(Page, {}) : _jsx(ForbiddenPage, {}) }, p.path));
                        }), _jsx(Route, { path: "*", element: _jsx(NotFoundPage, {}) })] })] }) }));
}
