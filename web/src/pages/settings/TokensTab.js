import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// API tokens: a user's tokens, a new one (its secret shown once, to copy),
// revoking one for good.
import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import FormModal from '../../components/FormModal';
import { formatTime } from '../../lib/time';
import { useLoad } from '../../lib/useLoad';
export default function TokensTab() {
    const { t, i18n } = useTranslation('settings');
    const { message } = App.useApp();
    const users = useLoad(() => api.get('/api/v1/users').then((r) => r.items), []);
    const [who, setWho] = useState(undefined);
    const tokens = useLoad(() => api.get('/api/v1/tokens', { user: who }).then((r) => r.items), [who]);
    const [creating, setCreating] = useState(false);
    const [secret, setSecret] = useState('');
    const required = { required: true, message: t('form.required') };
    const revoke = async (tok) => {
        try {
            await api.del(`/api/v1/tokens/${encodeURIComponent(tok.id)}`, { quiet: true });
            message.success(t('token.revoked'));
            tokens.reload();
        }
        catch (e) {
            message.error(e instanceof Error ? e.message : String(e));
        }
    };
    return (_jsxs(Space, { direction: "vertical", style: { width: '100%' }, children: [_jsxs(Space, { children: [_jsx(Select, { allowClear: true, placeholder: t('token.allUsers'), style: { width: 220 }, value: who, onChange: setWho, options: (users.data ?? []).map((u) => ({ value: u.name, label: u.name })) }), _jsx(Button, { type: "primary", onClick: () => setCreating(true), "data-testid": "token-create", children: t('token.create') })] }), _jsx(Table, { size: "small", rowKey: "id", loading: tokens.loading, dataSource: tokens.data ?? [], pagination: { defaultPageSize: 50, hideOnSinglePage: true }, "data-testid": "token-list", columns: [
                    { title: t('token.id'), dataIndex: 'id', render: (id) => _jsx(Typography.Text, { code: true, children: id }) },
                    { title: t('token.user'), dataIndex: 'user' },
                    { title: t('token.label'), dataIndex: 'label' },
                    { title: t('token.created'), dataIndex: 'created_at', render: (v) => formatTime(v, i18n.language) },
                    { title: t('token.lastUsed'), dataIndex: 'last_used_at', render: (v) => formatTime(v, i18n.language) },
                    { title: t('user.status'), dataIndex: 'revoked', render: (r) => (r ? _jsx(Tag, { color: "red", children: t('token.revokedTag') }) : _jsx(Tag, { color: "green", children: t('user.active') })) },
                    {
                        title: t('common:actions'),
                        key: 'revoke',
                        render: (_, tok) => !tok.revoked && (_jsx(Popconfirm, { title: t('token.confirm'), onConfirm: () => revoke(tok), okText: t('common:confirm'), cancelText: t('common:cancel'), children: _jsx(Button, { size: "small", danger: true, children: t('token.revoke') }) })),
                    },
                ] }), _jsxs(FormModal, { open: creating, title: t('token.create'), onClose: () => setCreating(false), onDone: (r) => {
                    setSecret(r.secret);
                    tokens.reload();
                }, success: t('token.created'), initialValues: { user: who }, run: (v) => api.post('/api/v1/tokens', { user: v.user, label: v.label || undefined }, { quiet: true }), testId: "token-form", children: [_jsx(Form.Item, { name: "user", label: t('token.user'), rules: [required], children: _jsx(Select, { options: (users.data ?? []).map((u) => ({ value: u.name, label: u.name })) }) }), _jsx(Form.Item, { name: "label", label: t('token.label'), rules: [{ max: 100 }], children: _jsx(Input, { placeholder: t('token.labelHint') }) })] }), _jsxs(Modal, { open: !!secret, title: t('token.secretTitle'), onOk: () => setSecret(''), onCancel: () => setSecret(''), cancelButtonProps: { style: { display: 'none' } }, children: [_jsx(Alert, { type: "warning", showIcon: true, message: t('token.secretOnce'), style: { marginBottom: 12 } }), _jsx(Typography.Paragraph, { copyable: { text: secret }, code: true, "data-testid": "token-secret", children: secret })] })] }));
}
