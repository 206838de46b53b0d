import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// Legal entities (whose books the money is in) and the shops that sell for
// each; finance adds entities.
import { useState } from 'react';
import { Button, Form, Input, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import FormModal from '../../components/FormModal';
import { formatTime } from '../../lib/time';
export default function EntitiesTab(p) {
    const { t, i18n } = useTranslation('shops');
    const [adding, setAdding] = useState(false);
    const required = { required: true, message: t('form.required') };
    return (_jsxs(Space, { direction: "vertical", style: { width: '100%' }, children: [p.canEdit && (_jsx(Button, { type: "primary", onClick: () => setAdding(true), children: t('entity.add') })), _jsx(Table, { size: "small", rowKey: "code", loading: p.entities.loading, dataSource: p.entities.data ?? [], "data-testid": "entity-list", pagination: false, columns: [
                    { title: t('entity.code'), dataIndex: 'code' },
                    { title: t('col.name'), dataIndex: 'name' },
                    { title: t('entity.currency'), dataIndex: 'base_currency' },
                    { title: t('col.timezone'), dataIndex: 'timezone' },
                    {
                        title: t('entity.shops'),
                        key: 'shops',
                        render: (_, e) => {
                            const mine = p.shops.filter((s) => s.entity === e.code);
                            return mine.length ? (_jsx(Space, { size: [4, 4], wrap: true, children: mine.map((s) => (_jsx(Tag, { children: s.name }, s.id))) })) : ('—');
                        },
                    },
                    { title: t('entity.created'), dataIndex: 'created_at', render: (v) => formatTime(v, i18n.language) },
                ] }), _jsxs(FormModal, { open: adding, title: t('entity.add'), onClose: () => setAdding(false), onDone: p.entities.reload, success: t('entity.done'), initialValues: { base_currency: 'CNY', timezone: 'Asia/Shanghai' }, run: (v) => api.post('/api/v1/entities', v, { quiet: true }), children: [_jsx(Form.Item, { name: "code", label: t('entity.code'), rules: [required, { pattern: /^[a-z0-9][a-z0-9_-]{0,31}$/, message: t('entity.codeInvalid') }], children: _jsx(Input, { placeholder: "sh-trading" }) }), _jsx(Form.Item, { name: "name", label: t('col.name'), rules: [required, { max: 200 }], children: _jsx(Input, {}) }), _jsx(Form.Item, { name: "base_currency", label: t('entity.currency'), rules: [required, { pattern: /^[A-Z]{3}$/, message: t('form.currencyInvalid') }], children: _jsx(Input, {}) }), _jsx(Form.Item, { name: "timezone", label: t('col.timezone'), rules: [required], children: _jsx(Input, {}) })] })] }));
}
