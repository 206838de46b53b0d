import { jsx as _jsx, jsxs as _jsxs, Fragment as _Fragment } from "react/jsx-runtime";
// Connecting a shop: who it is, which entity it sells for, its platform's
// settings and credentials. Credentials are write-only: typed into password
// fields, sent once, sealed by the hub and never shown again.
import { Button, Col, Form, Input, Row, Select, Space } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import FormModal from '../../components/FormModal';
export const channels = ['tmall', 'taobao', 'jd', 'douyin', 'kuaishou', 'pdd', 'shopify', 'woocommerce', 'amazon', 'youzan', 'miniprogram', 'pos', 'web', 'other'];
/** The credentials and settings each platform's connector reads, offered as a start. */
const needs = {
    shopify: { secrets: ['access_token', 'webhook_secret'], settings: ['shop_domain', 'api_version'] },
    tmall: { secrets: ['app_secret', 'session'], settings: ['app_key'] },
    taobao: { secrets: ['app_secret', 'session'], settings: ['app_key'] },
    web: { secrets: ['webhook_secret'], settings: [] },
};
const pairName = /^[a-z][a-z0-9_]{0,63}$/;
export function toObject(pairs) {
    const out = {};
    for (const p of pairs ?? [])
        if (p?.name && p.value)
            out[p.name] = p.value;
    return Object.keys(out).length ? out : undefined;
}
export default function ConnectShop(p) {
    const { t } = useTranslation('shops');
    const required = { required: true, message: t('form.required') };
    const pairs = (list, secret) => (_jsx(Form.List, { name: list, children: (fields, { add, remove }) => (_jsxs(_Fragment, { children: [fields.map((f) => (_jsxs(Row, { gutter: 8, align: "top", children: [_jsx(Col, { span: 9, children: _jsx(Form.Item, { name: [f.name, 'name'], rules: [required, { pattern: pairName, message: t('form.pairName') }], children: _jsx(Input, { placeholder: t('form.pairKey') }) }) }), _jsx(Col, { span: 13, children: _jsx(Form.Item, { name: [f.name, 'value'], rules: [required], children: secret ? _jsx(Input.Password, { autoComplete: "new-password", placeholder: t('form.secretValue') }) : _jsx(Input, { placeholder: t('form.settingValue') }) }) }), _jsx(Col, { span: 2, children: _jsx(MinusCircleOutlined, { onClick: () => remove(f.name), style: { marginTop: 8 } }) })] }, f.key))), _jsx(Button, { type: "dashed", block: true, icon: _jsx(PlusOutlined, {}), onClick: () => add({ name: '', value: '' }), children: t(secret ? 'form.addSecret' : 'form.addSetting') })] })) }));
    return (_jsxs(FormModal, { open: p.open, title: t('connect.title'), onClose: p.onClose, onDone: p.onDone, success: t('connect.done'), testId: "connect-shop", initialValues: { entity: 'default', timezone: 'Asia/Shanghai' }, aliases: { base_currency: 'currency' }, run: (v) => api.post('/api/v1/shops', {
            id: v.id.trim(),
            channel: v.channel,
            name: v.name.trim(),
            entity: v.entity || undefined,
            currency: v.currency || undefined,
            timezone: v.timezone || undefined,
            api_base_url: v.api_base_url || undefined,
            settings: toObject(v.settings),
            secrets: toObject(v.secrets),
        }, { quiet: true }), children: [_jsxs(Row, { gutter: 12, children: [_jsx(Col, { span: 12, children: _jsx(Form.Item, { name: "id", label: t('col.id'), extra: t('form.idHelp'), rules: [required, { pattern: /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, message: t('form.idInvalid') }], children: _jsx(Input, { placeholder: "tmall-flagship" }) }) }), _jsx(Col, { span: 12, children: _jsx(Form.Item, { name: "channel", label: t('col.channel'), rules: [required], children: _jsx(Select, { showSearch: true, optionFilterProp: "label", options: channels.map((c) => ({ value: c, label: t(`channel.${c}`, { defaultValue: c }) })) }) }) })] }), _jsx(Form.Item, { name: "name", label: t('col.name'), rules: [required, { max: 200 }], children: _jsx(Input, {}) }), _jsxs(Row, { gutter: 12, children: [_jsx(Col, { span: 8, children: _jsx(Form.Item, { name: "entity", label: t('col.entity'), children: _jsx(Select, { options: p.entities.map((e) => ({ value: e.code, label: e.name })) }) }) }), _jsx(Col, { span: 8, children: _jsx(Form.Item, { name: "currency", label: t('col.currency'), extra: t('form.currencyHelp'), rules: [{ pattern: /^[A-Z]{3}$/, message: t('form.currencyInvalid') }], children: _jsx(Input, { placeholder: "CNY" }) }) }), _jsx(Col, { span: 8, children: _jsx(Form.Item, { name: "timezone", label: t('col.timezone'), children: _jsx(Input, {}) }) })] }), _jsx(Form.Item, { noStyle: true, shouldUpdate: (a, b) => a.channel !== b.channel, children: ({ getFieldValue, setFieldsValue, getFieldsValue }) => {
                    const n = needs[getFieldValue('channel')];
                    const cur = getFieldsValue(['settings', 'secrets']);
                    return n && !(cur.secrets?.length || cur.settings?.length) ? (_jsx(Space, { style: { marginBottom: 12 }, children: _jsx(Button, { size: "small", onClick: () => setFieldsValue({
                                settings: n.settings.map((name) => ({ name, value: '' })),
                                secrets: n.secrets.map((name) => ({ name, value: '' })),
                            }), children: t('form.suggest') }) })) : null;
                } }), _jsx(Form.Item, { label: t('form.settings'), children: pairs('settings', false) }), _jsx(Form.Item, { label: t('form.secrets'), extra: t('form.secretsHelp'), children: pairs('secrets', true) }), _jsx(Form.Item, { name: "api_base_url", label: t('form.apiBase'), extra: t('form.apiBaseHelp'), children: _jsx(Input, { placeholder: "https://\u2026" }) })] }));
}
