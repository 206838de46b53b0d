import { jsx as _jsx } from "react/jsx-runtime";
// The console's pages: one entry each, in menu order. A page is a
// directory under pages/ with its own locales/<lang>/<page>.json; it is
// loaded on first visit (React.lazy), so the first load carries only the
// frame and the login page. roles says who sees it in the menu and who may
// open it; everyone else gets the 403 page. To add a page: add its
// directory and locale files and one entry here.
import { lazy } from 'react';
import { DashboardOutlined, ShoppingCartOutlined, InboxOutlined, TagsOutlined, ShopOutlined, AccountBookOutlined, SettingOutlined, } from '@ant-design/icons';
import { allRoles, can } from './auth/roles';
const Dashboard = lazy(() => import('./pages/dashboard/DashboardPage'));
const Orders = lazy(() => import('./pages/orders/OrdersPage'));
const Exceptions = lazy(() => import('./pages/exceptions/ExceptionsPage'));
const Stock = lazy(() => import('./pages/stock/StockPage'));
const Products = lazy(() => import('./pages/products/ProductsPage'));
const Shops = lazy(() => import('./pages/shops/ShopsPage'));
const Finance = lazy(() => import('./pages/finance/FinancePage'));
const Settings = lazy(() => import('./pages/settings/SettingsPage'));
/** The wall display: full screen, outside the frame. */
export const Screen = lazy(() => import('./pages/dashboard/ScreenPage'));
export const pages = [
    { key: 'dashboard', path: '/dashboard', icon: _jsx(DashboardOutlined, {}), roles: allRoles, component: Dashboard },
    {
        key: 'orders',
        path: '/orders',
        icon: _jsx(ShoppingCartOutlined, {}),
        roles: allRoles,
        component: Orders,
        children: [
            { key: 'orders', label: 'orderList', path: '/orders', roles: allRoles, component: Orders },
            { key: 'exceptions', path: '/orders/exceptions', roles: allRoles, component: Exceptions },
        ],
    },
    { key: 'stock', path: '/stock', icon: _jsx(InboxOutlined, {}), roles: allRoles, component: Stock },
    { key: 'products', path: '/products', icon: _jsx(TagsOutlined, {}), roles: allRoles, component: Products },
    { key: 'shops', path: '/shops', icon: _jsx(ShopOutlined, {}), roles: allRoles, component: Shops },
    { key: 'finance', path: '/finance', icon: _jsx(AccountBookOutlined, {}), roles: can.readers, component: Finance },
    { key: 'settings', path: '/settings', icon: _jsx(SettingOutlined, {}), roles: can.admins, component: Settings },
];
/** flatPages lists every routable page, sub-pages included. */
export function flatPages() {
    return pages.flatMap((p) => (p.children ? p.children : [p]));
}
export const homePath = '/dashboard';
