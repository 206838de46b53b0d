import { jsx as _jsx } from "react/jsx-runtime";
import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { homePath } from '../../routes';
export default function NotFoundPage() {
    const { t } = useTranslation();
    const nav = useNavigate();
    return (_jsx(Result, { status: "404", title: "404", subTitle: t('notFound'), extra: _jsx(Button, { type: "primary", onClick: () => nav(homePath), children: t('backHome') }) }));
}
