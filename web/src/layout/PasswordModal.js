import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { useState } from 'react';
import { Alert, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSession } from '../auth/session';
import { ApiError } from '../api/client';
/** PasswordModal changes the signed-in user's password (POST /api/v1/session/password). */
export default function PasswordModal({ open, onClose }) {
    const { t } = useTranslation();
    const { changePassword } = useSession();
    const [form] = Form.useForm();
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState('');
    const submit = async (f) => {
        setBusy(true);
        setError('');
        try {
            await changePassword(f.current, f.next);
            form.resetFields();
            onClose();
        }
        catch (e) {
            setError(e instanceof ApiError ? e.message : String(e));
        }
        finally {
            setBusy(false);
        }
    };
    return (_jsxs(Modal, { open: open, title: t('password.title'), onCancel: onClose, onOk: () => form.submit(), confirmLoading: busy, destroyOnHidden: true, children: [error && _jsx(Alert, { type: "error", showIcon: true, message: error, style: { marginBottom: 16 } }), _jsxs(Form, { form: form, layout: "vertical", onFinish: submit, requiredMark: false, children: [_jsx(Form.Item, { name: "current", label: t('password.current'), rules: [{ required: true, message: t('password.required') }], children: _jsx(Input.Password, { autoComplete: "current-password" }) }), _jsx(Form.Item, { name: "next", label: t('password.next'), rules: [{ required: true, min: 12, message: t('password.rule') }], children: _jsx(Input.Password, { autoComplete: "new-password" }) }), _jsx(Form.Item, { name: "confirm", label: t('password.confirm'), dependencies: ['next'], rules: [
                            { required: true, message: t('password.required') },
                            ({ getFieldValue }) => ({
                                validator: (_, v) => (v === getFieldValue('next') ? Promise.resolve() : Promise.reject(new Error(t('password.mismatch')))),
                            }),
                        ], children: _jsx(Input.Password, { autoComplete: "new-password" }) }), _jsx(Alert, { type: "info", showIcon: true, message: t('password.note') })] })] }));
}
