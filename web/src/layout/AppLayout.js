import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { Suspense, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { Avatar, Dropdown, Layout, Menu, Segmented, Space, Spin, Typography } from 'antd';
import { KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { allows } from '../auth/roles';
import { setLanguage } from '../i18n';
import { pages } from '../routes';
import PasswordModal from './PasswordModal';
const { Header, Sider, Content } = Layout;
export default function AppLayout() {
    const { t, i18n } = useTranslation();
    const { user, logout } = useSession();
    const nav = useNavigate();
    const loc = useLocation();
    const [pwOpen, setPwOpen] = useState(false);
    // Only the pages the role may open are in the menu.
    const items = useMemo(() => {
        const visible = (p) => allows(p.roles, user?.role);
        return pages.filter(visible).map((p) => ({
            key: p.children ? 'group:' + p.key : p.path,
            icon: p.icon,
            label: t(`menu.${p.key}`),
            children: p.children?.filter(visible).map((c) => ({ key: c.path, label: t(`menu.${c.label ?? c.key}`) })),
        }));
    }, [t, user?.role]);
    const selected = longestMatch(loc.pathname);
    const openGroup = pages.find((p) => p.children?.some((c) => c.path === selected));
    const userMenu = [
        { key: 'role', label: t(`role.${user?.role}`), disabled: true },
        { type: 'divider' },
        { key: 'password', icon: _jsx(KeyOutlined, {}), label: t('password.title') },
        { key: 'logout', icon: _jsx(LogoutOutlined, {}), label: t('logout') },
    ];
    return (_jsxs(Layout, { style: { minHeight: '100vh' }, children: [_jsxs(Sider, { width: 200, breakpoint: "lg", collapsedWidth: 56, theme: "dark", children: [_jsx("div", { style: { color: '#fff', fontSize: 18, fontWeight: 600, padding: '16px 20px', whiteSpace: 'nowrap' }, children: "fnshub" }), _jsx(Menu, { theme: "dark", mode: "inline", items: items, selectedKeys: selected ? [selected] : [], defaultOpenKeys: openGroup ? ['group:' + openGroup.key] : ['group:orders'], onClick: (e) => nav(e.key) })] }), _jsxs(Layout, { children: [_jsx(Header, { style: { background: '#fff', padding: '0 24px', display: 'flex', justifyContent: 'flex-end', alignItems: 'center' }, children: _jsxs(Space, { size: "large", children: [_jsx(Segmented, { "aria-label": t('language'), value: i18n.language === 'en' ? 'en' : 'zh-CN', options: [
                                        { label: '中文', value: 'zh-CN' },
                                        { label: 'EN', value: 'en' },
                                    ], onChange: setLanguage }), _jsx(Dropdown, { menu: { items: userMenu, onClick: (e) => (e.key === 'logout' ? void logout() : e.key === 'password' && setPwOpen(true)) }, placement: "bottomRight", children: _jsxs(Space, { style: { cursor: 'pointer' }, "data-testid": "user-menu", children: [_jsx(Avatar, { size: "small", icon: _jsx(UserOutlined, {}) }), _jsx(Typography.Text, { children: user?.name })] }) })] }) }), _jsx(Content, { style: { margin: 16 }, children: _jsx(Suspense, { fallback: _jsx(Spin, { style: { display: 'block', margin: '10vh auto' } }), children: _jsx(Outlet, {}) }) }), _jsx(PasswordModal, { open: pwOpen, onClose: () => setPwOpen(false) })] })] }));
}
// longestMatch picks the menu entry whose path is the longest prefix of
// the URL, so /orders/exceptions selects 异常订单, not 订单.
function longestMatch(path) {
    const all = pages.flatMap((p) => (p.children ? p.children : [p])).map((p) => p.path);
    return all.filter((p) => path === p || path.startsWith(p + '/')).sort((a, b) => b.length - a.length)[0];
}
