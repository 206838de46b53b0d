// Users: add one (role, password, the shops they may see), change a role,
// the data scope, or disable a user. An empty scope is every shop
// (contracts.md §2); an admin always sees every shop.
import { useState } from 'react';
import { Button, Form, Input, Select, Space, Switch, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import type { Items, Shop, User } from '../../api/hub';
import type { Role } from '../../api/types';
import { allRoles } from '../../auth/roles';
import { useSession } from '../../auth/session';
import FormModal from '../../components/FormModal';
import { formatTime } from '../../lib/time';
import { useLoad } from '../../lib/useLoad';

interface Values {
  name: string;
  role: Role;
  password?: string;
  shops?: string[];
  active?: boolean;
}

export default function UsersTab() {
  const { t, i18n } = useTranslation('settings');
  const { user: me } = useSession();
  const users = useLoad(() => api.get<Items<User>>('/api/v1/users').then((r) => r.items), []);
  const shops = useLoad(() => api.get<Items<Shop>>('/api/v1/shops').then((r) => r.items), []);
  const [editing, setEditing] = useState<User | 'new' | null>(null);
  const required = { required: true, message: t('form.required') };
  const roleOptions = allRoles.map((r) => ({ value: r, label: t(`common:role.${r}`) }));
  const shopOptions = (shops.data ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.id})` }));
  const shopName = (id: string) => shops.data?.find((s) => s.id === id)?.name ?? id;
  const isNew = editing === 'new';
  const current = editing !== 'new' ? editing : null;

  const run = (v: Values) => {
    const shopsOut = v.role === 'admin' ? [] : (v.shops ?? []);
    if (isNew) {
      return api.post('/api/v1/users', { name: v.name.trim(), role: v.role, password: v.password, ...(shopsOut.length ? { shops: shopsOut } : {}) }, { quiet: true });
    }
    const patch: Record<string, unknown> = {};
    if (v.role !== current!.role) patch.role = v.role;
    if (v.active !== current!.active) patch.active = v.active;
    // shops is sent only when it changed, so a hub without data scope still takes role changes.
    if (JSON.stringify([...shopsOut].sort()) !== JSON.stringify([...(current!.shops ?? [])].sort())) patch.shops = shopsOut;
    return api.patch(`/api/v1/users/${encodeURIComponent(current!.name)}`, patch, { quiet: true });
  };

  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button type="primary" onClick={() => setEditing('new')} data-testid="user-add">
        {t('user.add')}
      </Button>
      <Table<User>
        size="small"
        rowKey="id"
        loading={users.loading}
        dataSource={users.data ?? []}
        pagination={false}
        data-testid="user-list"
        columns={[
          { title: t('user.name'), dataIndex: 'name' },
          { title: t('user.role'), dataIndex: 'role', render: (r: Role) => t(`common:role.${r}`) },
          {
            title: t('user.scope'),
            dataIndex: 'shops',
            render: (s: string[] | undefined, u) =>
              u.role === 'admin' || !s?.length ? (
                <Tag>{t('user.allShops')}</Tag>
              ) : (
                <Space size={[4, 4]} wrap>
                  {s.map((id) => (
                    <Tag key={id} color="blue">
                      {shopName(id)}
                    </Tag>
                  ))}
                </Space>
              ),
          },
          { title: t('user.status'), dataIndex: 'active', render: (a: boolean) => (a ? <Tag color="green">{t('user.active')}</Tag> : <Tag color="red">{t('user.disabled')}</Tag>) },
          { title: t('user.created'), dataIndex: 'created_at', render: (v: string) => formatTime(v, i18n.language) },
          {
            title: t('common:actions'),
            key: 'edit',
            render: (_: unknown, u) => (
              <Button size="small" onClick={() => setEditing(u)}>
                {t('user.edit')}
              </Button>
            ),
          },
        ]}
      />
      <FormModal<Values>
        open={editing !== null}
        title={isNew ? t('user.add') : t('user.editTitle', { name: current?.name ?? '' })}
        onClose={() => setEditing(null)}
        onDone={users.reload}
        success={isNew ? t('user.added') : t('user.saved')}
        initialValues={current ? { name: current.name, role: current.role, shops: current.shops ?? [], active: current.active } : { role: 'viewer', shops: [] }}
        run={run}
        testId="user-form"
      >
        <Form.Item name="name" label={t('user.name')} rules={[required, { pattern: /^[A-Za-z0-9._@-]{1,64}$/, message: t('form.nameInvalid') }]}>
          <Input disabled={!isNew} autoComplete="off" />
        </Form.Item>
        <Form.Item name="role" label={t('user.role')} rules={[required]}>
          <Select options={roleOptions} />
        </Form.Item>
        {isNew && (
          <Form.Item name="password" label={t('user.password')} rules={[required, { min: 12, message: t('form.passwordShort') }, { max: 1024 }]} extra={t('user.passwordHelp')}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
        )}
        <Form.Item noStyle shouldUpdate={(a, b) => a.role !== b.role}>
          {({ getFieldValue }) => (
            <Form.Item name="shops" label={t('user.scope')} extra={getFieldValue('role') === 'admin' ? t('user.adminScope') : t('user.scopeHelp')}>
              <Select mode="multiple" allowClear disabled={getFieldValue('role') === 'admin'} options={shopOptions} placeholder={t('user.allShops')} />
            </Form.Item>
          )}
        </Form.Item>
        {!isNew && (
          <Form.Item name="active" label={t('user.status')} valuePropName="checked" extra={current?.name === me?.name ? t('user.selfHelp') : t('user.disableHelp')}>
            <Switch checkedChildren={t('user.active')} unCheckedChildren={t('user.disabled')} />
          </Form.Item>
        )}
      </FormModal>
    </Space>
  );
}
