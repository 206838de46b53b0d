import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/session';
import { ApiError } from '../../api/client';
/**
 * SetupPage creates the first admin on a hub with no users, with the
 * one-time code `fnshub serve` wrote to DATA/setup-code (ADR 38).
 */
export default function SetupPage() {
    const { t } = useTranslation('setup');
    const { setup } = useSession();
    const nav = useNavigate();
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState('');
    const submit = async (f) => {
        setBusy(true);
        setError('');
        try {
            await setup(f.code.trim(), f.name.trim(), f.password);
            nav('/dashboard', { replace: true });
        }
        catch (e) {
            if (e instanceof ApiError && e.code === 'setup_code_invalid')
                setError(t('codeInvalid'));
            else if (e instanceof ApiError && e.code === 'setup_done')
                setError(t('done'));
            else
                setError(e instanceof Error ? e.message : String(e));
        }
        finally {
            setBusy(false);
        }
    };
    return (_jsx("div", { style: { minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }, children: _jsxs(Card, { style: { width: 420 }, children: [_jsx(Typography.Title, { level: 3, children: t('title') }), _jsx(Typography.Paragraph, { type: "secondary", children: t('intro') }), error && _jsx(Alert, { type: "error", showIcon: true, message: error, style: { marginBottom: 16 } }), _jsxs(Form, { layout: "vertical", onFinish: submit, requiredMark: false, children: [_jsx(Form.Item, { name: "code", label: t('code'), rules: [{ required: true, message: t('codeRequired') }], children: _jsx(Input, { autoFocus: true, autoComplete: "one-time-code" }) }), _jsx(Form.Item, { name: "name", label: t('name'), initialValue: "admin", rules: [{ required: true, message: t('nameRequired') }], children: _jsx(Input, { autoComplete: "username" }) }), _jsx(Form.Item, { name: "password", label: t('password'), rules: [{ required: true, min: 12, message: t('passwordRule') }], children: _jsx(Input.Password, { autoComplete: "new-password" }) }), _jsx(Form.Item, { name: "confirm", label: t('confirm'), dependencies: ['password'], rules: [
                                { required: true, message: t('confirmRequired') },
                                ({ getFieldValue }) => ({
                                    validator: (_, v) => (v === getFieldValue('password') ? Promise.resolve() : Promise.reject(new Error(t('mismatch')))),
                                }),
                            ], children: _jsx(Input.Password, { autoComplete: "new-password" }) }), _jsx(Button, { type: "primary", htmlType: "submit", block: true, loading: busy, children: t('submit') })] })] }) }));
}
