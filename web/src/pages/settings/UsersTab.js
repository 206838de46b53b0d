import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// Users: add one (role, password, the shops they may see), change a role,
// the data scope, or disable a user. An empty scope is every shop
// (contracts.md §2); an admin always sees every shop.
import { useState } from 'react';
import { Button, Form, Input, Select, Space, Switch, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { allRoles } from '../../auth/roles';
import { useSession } from '../../auth/session';
import FormModal from '../../components/FormModal';
import { formatTime } from '../../lib/time';
import { useLoad } from '../../lib/useLoad';
export default function UsersTab() {
    const { t, i18n } = useTranslation('settings');
    const { user: me } = useSession();
    const users = useLoad(() => api.get('/api/v1/users').then((r) => r.items), []);
    const shops = useLoad(() => api.get('/api/v1/shops').then((r) => r.items), []);
    const [editing, setEditing] = useState(null);
    const required = { required: true, message: t('form.required') };
    const roleOptions = allRoles.map((r) => ({ value: r, label: t(`common:role.${r}`) }));
    const shopOptions = (shops.data ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.id})` }));
    const shopName = (id) => shops.data?.find((s) => s.id === id)?.name ?? id;
    const isNew = editing === 'new';
    const current = editing !== 'new' ? editing : null;
    const run = (v) => {
        const shopsOut = v.role === 'admin' ? [] : (v.shops ?? []);
        if (isNew) {
            return api.post('/api/v1/users', { name: v.name.trim(), role: v.role, password: v.password, ...(shopsOut.length ? { shops: shopsOut } : {}) }, { quiet: true });
        }
        const patch = {};
        if (v.role !== current.role)
            patch.role = v.role;
        if (v.active !== current.active)
            patch.active = v.active;
        // shops is sent only when it changed, so a hub without data scope still takes role changes.
        if (JSON.stringify([...shopsOut].sort()) !== JSON.stringify([...(current.shops ?? [])].sort()))
            patch.shops = shopsOut;
        return api.patch(`/api/v1/users/${encodeURIComponent(current.name)}`, patch, { quiet: true });
    };
    return (_jsxs(Space, { direction: "vertical", style: { width: '100%' }, children: [_jsx(Button, { type: "primary", onClick: () => setEditing('new'), "data-testid": "user-add", children: t('user.add') }), _jsx(Table, { size: "small", rowKey: "id", loading: users.loading, dataSource: users.data ?? [], pagination: false, "data-testid": "user-list", columns: [
                    { title: t('user.name'), dataIndex: 'name' },
                    { title: t('user.role'), dataIndex: 'role', render: (r) => t(`common:role.${r}`) },
                    {
                        title: t('user.scope'),
                        dataIndex: 'shops',
                        render: (s, u) => u.role === 'admin' || !s?.length ? (_jsx(Tag, { children: t('user.allShops') })) : (_jsx(Space, { size: [4, 4], wrap: true, children: s.map((id) => (_jsx(Tag, { color: "blue", children: shopName(id) }, id))) })),
                    },
                    { title: t('user.status'), dataIndex: 'active', render: (a) => (a ? _jsx(Tag, { color: "green", children: t('user.active') }) : _jsx(Tag, { color: "red", children: t('user.disabled') })) },
                    { title: t('user.created'), dataIndex: 'created_at', render: (v) => formatTime(v, i18n.language) },
                    {
                        title: t('common:actions'),
                        key: 'edit',
                        render: (_, u) => (_jsx(Button, { size: "small", onClick: () => setEditing(u), children: t('user.edit') })),
                    },
                ] }), _jsxs(FormModal, { open: editing !== null, title: isNew ? t('user.add') : t('user.editTitle', { name: current?.name ?? '' }), onClose: () => setEditing(null), onDone: users.reload, success: isNew ? t('user.added') : t('user.saved'), initialValues: current ? { name: current.name, role: current.role, shops: current.shops ?? [], active: current.active } : { role: 'viewer', shops: [] }, run: run, testId: "user-form", children: [_jsx(Form.Item, { name: "name", label: t('user.name'), rules: [required, { pattern: /^[A-Za-z0-9._@-]{1,64}$/, message: t('form.nameInvalid') }], children: _jsx(Input, { disabled: !isNew, autoComplete: "off" }) }), _jsx(Form.Item, { name: "role", label: t('user.role'), rules: [required], children: _jsx(Select, { options: roleOptions }) }), isNew && (_jsx(Form.Item, { name: "password", label: t('user.password'), rules: [required, { min: 12, message: t('form.passwordShort') }, { max: 1024 }], extra: t('user.passwordHelp'), children: _jsx(Input.Password, { autoComplete: "new-password" }) })), _jsx(Form.Item, { noStyle: true, shouldUpdate: (a, b) => a.role !== b.role, children: ({ getFieldValue }) => (_jsx(Form.Item, { name: "shops", label: t('user.scope'), extra: getFieldValue('role') === 'admin' ? t('user.adminScope') : t('user.scopeHelp'), children: _jsx(Select, { mode: "multiple", allowClear: true, disabled: getFieldValue('role') === 'admin', options: shopOptions, placeholder: t('user.allShops') }) })) }), !isNew && (_jsx(Form.Item, { name: "active", label: t('user.status'), valuePropName: "checked", extra: current?.name === me?.name ? t('user.selfHelp') : t('user.disableHelp'), children: _jsx(Switch, { checkedChildren: t('user.active'), unCheckedChildren: t('user.disabled') }) }))] })] }));
}
