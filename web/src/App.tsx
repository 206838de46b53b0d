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
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1677ff' } }}>
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <Gate />
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}

const loading = <Spin size="large" style={{ display: 'block', margin: '20vh auto' }} />;

// Gate shows the login page at any URL until there is a session, then the
// page the URL names: so a 401 anywhere lands on the login page and
// signing in returns to where the user was.
function Gate() {
  const { user, loading: starting } = useSession();
  const { pathname } = useLocation();
  if (starting) return loading;
  // /setup is the first-run page serve points to: the first admin is made there.
  if (!user) return pathname === '/setup' ? <SetupPage /> : <LoginPage />;
  return (
    <Suspense fallback={loading}>
      <Routes>
        <Route path="/dashboard/screen" element={<Screen />} />
        <Route element={<AppLayout />}>
          <Route index element={<Navigate to={homePath} replace />} />
          <Route path="/login" element={<Navigate to={homePath} replace />} />
          <Route path="/setup" element={<Navigate to={homePath} replace />} />
          {flatPages().map((p) => {
            const Page = p.component;
            return (
              <Route
                key={p.path}
                path={p.path}
                element={allows(p.roles, user.role) ? <Page /> : <ForbiddenPage />}
              />
            );
          })}
          <Route path="*" element={<NotFoundPage />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
