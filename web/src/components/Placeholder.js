import { jsx as _jsx } from "react/jsx-runtime";
import { Card, Result } from 'antd';
import { useTranslation } from 'react-i18next';
/** Placeholder stands for a page still to be built; title is the page's menu key. */
export default function Placeholder({ page }) {
    const { t } = useTranslation();
    return (_jsx(Card, { title: t(`menu.${page}`), children: _jsx(Result, { status: "info", title: t('comingSoon') }) }));
}
