import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// Setting (or rotating) one credential of a shop: PUT
// /api/v1/shops/{id}/secrets/{name}. The value goes in a password field and
// is never read back; the shop shows only when each was set.
import { AutoComplete, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import FormModal from '../../components/FormModal';
import { formatTime } from '../../lib/time';
export default function SecretForm(p) {
    const { t, i18n } = useTranslation('shops');
    const required = { required: true, message: t('form.required') };
    const s = p.shop;
    return (_jsxs(FormModal, { open: s !== null, title: t('secret.title', { shop: s?.name ?? '' }), onClose: p.onClose, onDone: p.onDone, success: t('secret.done'), testId: "shop-secret", run: (v) => api.put(`/api/v1/shops/${encodeURIComponent(s.id)}/secrets/${encodeURIComponent(v.name)}`, { value: v.value }, { quiet: true }), children: [s && s.secrets.length > 0 && (_jsx(Typography.Paragraph, { type: "secondary", children: s.secrets.map((x) => t('secret.setAt', { name: x.name, at: formatTime(x.rotated_at ?? x.set_at, i18n.language) })).join('；') })), _jsx(Form.Item, { name: "name", label: t('secret.name'), rules: [required, { pattern: /^[a-z][a-z0-9_]{0,63}$/, message: t('form.pairName') }], children: _jsx(AutoComplete, { options: (s?.secrets ?? []).map((x) => ({ value: x.name })), placeholder: "access_token" }) }), _jsx(Form.Item, { name: "value", label: t('secret.value'), rules: [required, { max: 8192 }], extra: t('secret.writeOnly'), children: _jsx(Input.Password, { autoComplete: "new-password" }) })] }));
}
