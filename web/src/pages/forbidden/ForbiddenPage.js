import { jsx as _jsx } from "react/jsx-runtime";
import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { homePath } from '../../routes';
/** ForbiddenPage answers a direct URL to a page the role may not open. */
export default function ForbiddenPage() {
    const { t } = useTranslation();
    const nav = useNavigate();
    return (_jsx(Result, { status: "403", title: "403", subTitle: t('forbidden'), extra: _jsx(Button, { type: "primary", onClick: () => nav(homePath), children: t('backHome') }) }));
}
