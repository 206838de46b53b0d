// The console's pages: one entry each, in menu order. A page is a
// directory under pages/ with its own locales/<lang>/<page>.json; it is
// loaded on first visit (React.lazy), so the first load carries only the
// frame and the login page. roles says who sees it in the menu and who may
// open it; everyone else gets the 403 page. To add a page: add its
// directory and locale files and one entry here.
import { lazy, type ComponentType, type LazyExoticComponent, type ReactNode } from 'react';
import {
  DashboardOutlined,
  ShoppingCartOutlined,
  InboxOutlined,
  TagsOutlined,
  ShopOutlined,
  AccountBookOutlined,
  SettingOutlined,
} from '@ant-design/icons';
import type { Role } from './api/types';
import { allRoles, can } from './auth/roles';

export interface PageDef {
  /** key names the menu label (common:menu.<key>) and the locale file. */
  key: string;
  /** label names the menu entry instead of key (common:menu.<label>). */
  label?: string;
  path: string;
  icon?: ReactNode;
  roles: Role[];
  component: LazyExoticComponent<ComponentType>;
  /** children appear as a sub-menu; their paths are full paths. */
  children?: PageDef[];
}

const Dashboard = lazy(() => import('./pages/dashboard/DashboardPage'));
const Orders = lazy(() => import('./pages/orders/OrdersPage'));
const Exceptions = lazy(() => import('./pages/exceptions/ExceptionsPage'));
const Stock = lazy(() => import('./pages/stock/StockPage'));
const Products = lazy(() => import('./pages/products/ProductsPage'));
const Shops = lazy(() => import('./pages/shops/ShopsPage'));
const Finance = lazy(() => import('./pages/finance/FinancePage'));
const Settlements = lazy(() => import('./pages/settlements/SettlementsPage'));
const Profit = lazy(() => import('./pages/profit/ProfitPage'));
const Arap = lazy(() => import('./pages/arap/ArapPage'));
const Periods = lazy(() => import('./pages/periods/PeriodsPage'));
const Erp = lazy(() => import('./pages/erp/ErpPage'));
const Invoices = lazy(() => import('./pages/invoices/InvoicesPage'));
const Settings = lazy(() => import('./pages/settings/SettingsPage'));

/** The wall display: full screen, outside the frame. */
export const Screen = lazy(() => import('./pages/dashboard/ScreenPage'));

export const pages: PageDef[] = [
  { key: 'dashboard', path: '/dashboard', icon: <DashboardOutlined />, roles: allRoles, component: Dashboard },
  {
    key: 'orders',
    path: '/orders',
    icon: <ShoppingCartOutlined />,
    roles: allRoles,
    component: Orders,
    children: [
      { key: 'orders', label: 'orderList', path: '/orders', roles: allRoles, component: Orders },
      { key: 'exceptions', path: '/orders/exceptions', roles: allRoles, component: Exceptions },
    ],
  },
  { key: 'stock', path: '/stock', icon: <InboxOutlined />, roles: allRoles, component: Stock },
  { key: 'products', path: '/products', icon: <TagsOutlined />, roles: allRoles, component: Products },
  { key: 'shops', path: '/shops', icon: <ShopOutlined />, roles: allRoles, component: Shops },
  {
    key: 'finance',
    path: '/finance',
    icon: <AccountBookOutlined />,
    roles: can.invoiceReaders,
    component: Finance,
    children: [
      { key: 'finance', label: 'ledger', path: '/finance', roles: can.readers, component: Finance },
      { key: 'settlements', path: '/finance/settlements', roles: can.readers, component: Settlements },
      { key: 'profit', path: '/profit', roles: can.readers, component: Profit },
      { key: 'arap', path: '/finance/arap', roles: can.readers, component: Arap },
      { key: 'periods', path: '/finance/periods', roles: can.readers, component: Periods },
      { key: 'erp', path: '/finance/erp', roles: can.bookkeepers, component: Erp },
      { key: 'invoices', path: '/finance/invoices', roles: can.invoiceReaders, component: Invoices },
    ],
  },
  { key: 'settings', path: '/settings', icon: <SettingOutlined />, roles: can.admins, component: Settings },
];

/** flatPages lists every routable page, sub-pages included. */
export function flatPages(): PageDef[] {
  return pages.flatMap((p) => (p.children ? p.children : [p]));
}

export const homePath = '/dashboard';
