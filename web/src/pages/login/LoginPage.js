import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Segmented, Typography } from 'antd';
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useSession } from '../../auth/session';
import { ApiError } from '../../api/client';
import { setLanguage } from '../../i18n';
/** LoginPage signs in with POST /api/v1/session (contracts.md §1). */
export default function LoginPage() {
    const { t, i18n } = useTranslation('login');
    const { login } = useSession();
    const [busy, setBusy] = useState(false);
    const [error, setError] = useState('');
    const submit = async (f) => {
        setBusy(true);
        setError('');
        try {
            await login(f.name, f.password);
        }
        catch (e) {
            setError(describe(e, t));
        }
        finally {
            setBusy(false);
        }
    };
    return (_jsx("div", { style: { minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f0f2f5' }, children: _jsxs(Card, { style: { width: 380 }, children: [_jsxs("div", { style: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 24 }, children: [_jsx(Typography.Title, { level: 3, style: { margin: 0 }, children: t('title') }), _jsx(Segmented, { size: "small", value: i18n.language === 'en' ? 'en' : 'zh-CN', options: [
                                { label: '中文', value: 'zh-CN' },
                                { label: 'EN', value: 'en' },
                            ], onChange: setLanguage })] }), error && _jsx(Alert, { type: "error", showIcon: true, message: error, style: { marginBottom: 16 }, "data-testid": "login-error" }), _jsxs(Form, { layout: "vertical", onFinish: submit, requiredMark: false, children: [_jsx(Form.Item, { name: "name", label: t('name'), rules: [{ required: true, message: t('nameRequired') }], children: _jsx(Input, { prefix: _jsx(UserOutlined, {}), autoComplete: "username", autoFocus: true }) }), _jsx(Form.Item, { name: "password", label: t('password'), rules: [{ required: true, message: t('passwordRequired') }], children: _jsx(Input.Password, { prefix: _jsx(LockOutlined, {}), autoComplete: "current-password" }) }), _jsx(Button, { type: "primary", htmlType: "submit", block: true, loading: busy, children: t('submit') })] })] }) }));
}
// describe turns the session API's refusals into the user's language; any
// other error keeps the server's own message.
function describe(e, t) {
    if (!(e instanceof ApiError))
        return String(e);
    if (e.code === 'login_failed')
        return t('failed');
    if (e.code === 'login_locked')
        return t('locked', { seconds: e.retryAfter ?? 60 });
    return e.message;
}
