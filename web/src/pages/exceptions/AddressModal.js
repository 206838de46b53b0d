import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { correctReceiver } from './fixes';
/** AddressModal corrects who an address_invalid order ships to (PUT /api/v1/orders/{id}/receiver, ADR 41). */
export default function AddressModal({ order, onClose, onCorrected }) {
    const { t } = useTranslation('exceptions');
    const [form] = Form.useForm();
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState('');
    const c = order.contact ?? {};
    const submit = async (f) => {
        setBusy(true);
        setError('');
        const r = {
            name: f.name,
            phone: f.phone,
            address: { province: f.province, city: f.city || undefined, district: f.district || undefined, detail: f.detail },
        };
        try {
            await correctReceiver(order.id, r);
            await onCorrected();
        }
        catch (e) {
            setError(e instanceof ApiError ? e.message : String(e));
        }
        finally {
            setBusy(false);
        }
    };
    const req = (msg) => [{ required: true, whitespace: true, message: msg }];
    return (_jsxs(Modal, { open: true, title: t('address.title'), onCancel: onClose, onOk: () => form.submit(), okText: t('address.ok'), confirmLoading: busy, destroyOnHidden: true, children: [error && _jsx(Alert, { type: "error", showIcon: true, message: error, style: { marginBottom: 16 } }), _jsxs(Form, { form: form, layout: "vertical", onFinish: submit, initialValues: { name: c.name, phone: c.phone, province: c.province, city: c.city, district: c.district, detail: c.detail }, children: [_jsx(Form.Item, { name: "name", label: t('address.name'), rules: [...req(t('address.required')), { max: 64 }], children: _jsx(Input, {}) }), _jsx(Form.Item, { name: "phone", label: t('address.phone'), rules: [...req(t('address.required')), { max: 32 }], children: _jsx(Input, {}) }), _jsx(Form.Item, { name: "province", label: t('address.province'), rules: [...req(t('address.required')), { max: 32 }], children: _jsx(Input, {}) }), _jsx(Form.Item, { name: "city", label: t('address.city'), rules: [{ max: 32 }], children: _jsx(Input, {}) }), _jsx(Form.Item, { name: "district", label: t('address.district'), rules: [{ max: 32 }], children: _jsx(Input, {}) }), _jsx(Form.Item, { name: "detail", label: t('address.detail'), rules: [...req(t('address.required')), { max: 256 }], children: _jsx(Input.TextArea, { rows: 2 }) })] })] }));
}
