import { Suspense, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { Avatar, Dropdown, Layout, Menu, Segmented, Space, Spin, Typography, type MenuProps } from 'antd';
import { KeyOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { allows } from '../auth/roles';
import { setLanguage, type Language } from '../i18n';
import { pages, type PageDef } from '../routes';
import PasswordModal from './PasswordModal';

const { Header, Sider, Content } = Layout;

export default function AppLayout() {
  const { t, i18n } = useTranslation();
  const { user, logout } = useSession();
  const nav = useNavigate();
  const loc = useLocation();
  const [pwOpen, setPwOpen] = useState(false);

  // Only the pages the role may open are in the menu.
  const items = useMemo<MenuProps['items']>(() => {
    const visible = (p: PageDef) => allows(p.roles, user?.role);
    return pages.filter(visible).map((p) => ({
      key: p.children ? 'group:' + p.key : p.path,
      icon: p.icon,
      label: t(`menu.${p.key}`),
      children: p.children?.filter(visible).map((c) => ({ key: c.path, label: t(`menu.${c.label ?? c.key}`) })),
    }));
  }, [t, user?.role]);

  const selected = longestMatch(loc.pathname);
  const openGroup = pages.find((p) => p.children?.some((c) => c.path === selected));

  const userMenu: MenuProps['items'] = [
    { key: 'role', label: t(`role.${user?.role}`), disabled: true },
    { type: 'divider' },
    { key: 'password', icon: <KeyOutlined />, label: t('password.title') },
    { key: 'logout', icon: <LogoutOutlined />, label: t('logout') },
  ];

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider width={200} breakpoint="lg" collapsedWidth={56} theme="dark">
        <div style={{ color: '#fff', fontSize: 18, fontWeight: 600, padding: '16px 20px', whiteSpace: 'nowrap' }}>
          fnshub
        </div>
        <Menu
          theme="dark"
          mode="inline"
          items={items}
          selectedKeys={selected ? [selected] : []}
          defaultOpenKeys={openGroup ? ['group:' + openGroup.key] : ['group:orders']}
          onClick={(e) => nav(e.key)}
        />
      </Sider>
      <Layout>
        <Header style={{ background: '#fff', padding: '0 24px', display: 'flex', justifyContent: 'flex-end', alignItems: 'center' }}>
          <Space size="large">
            <Segmented<Language>
              aria-label={t('language')}
              value={i18n.language === 'en' ? 'en' : 'zh-CN'}
              options={[
                { label: '中文', value: 'zh-CN' },
                { label: 'EN', value: 'en' },
              ]}
              onChange={setLanguage}
            />
            <Dropdown
              menu={{ items: userMenu, onClick: (e) => (e.key === 'logout' ? void logout() : e.key === 'password' && setPwOpen(true)) }}
              placement="bottomRight"
            >
              <Space style={{ cursor: 'pointer' }} data-testid="user-menu">
                <Avatar size="small" icon={<UserOutlined />} />
                <Typography.Text>{user?.name}</Typography.Text>
              </Space>
            </Dropdown>
          </Space>
        </Header>
        <Content style={{ margin: 16 }}>
          <Suspense fallback={<Spin style={{ display: 'block', margin: '10vh auto' }} />}>
            <Outlet />
          </Suspense>
        </Content>
        <PasswordModal open={pwOpen} onClose={() => setPwOpen(false)} />
      </Layout>
    </Layout>
  );
}

// longestMatch picks the menu entry whose path is the longest prefix of
// the URL, so /orders/exceptions selects 异常订单, not 订单.
function longestMatch(path: string): string | undefined {
  const all = pages.flatMap((p) => (p.children ? p.children : [p])).map((p) => p.path);
  return all.filter((p) => path === p || path.startsWith(p + '/')).sort((a, b) => b.length - a.length)[0];
}
