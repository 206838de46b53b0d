import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { Badge, Button, Col, Row, Space, Typography } from 'antd';
import { CloseOutlined, FullscreenOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../lib/time';
import { useDashboard } from './data';
import KpiCards from './KpiCards';
import { DayChart, ShopChart } from './Charts';
/** How often the wall display reloads (issue 9: live, every 10–30 s). */
export const screenRefreshMs = 15_000;
const panel = { background: '#0f1629', border: '1px solid #243152', borderRadius: 8, padding: 16 };
const health = { ok: 'success', degraded: 'warning', down: 'error' };
/** ScreenPage is 大屏: today's figures large and dark for a wall, reloading by itself. */
export default function ScreenPage() {
    const { t, i18n } = useTranslation('dashboard');
    const nav = useNavigate();
    const d = useDashboard({}, screenRefreshMs);
    const [now, setNow] = useState(new Date());
    useEffect(() => {
        const id = setInterval(() => setNow(new Date()), 1000);
        return () => clearInterval(id);
    }, []);
    const waiting = (d.alerts?.exceptions ?? []).reduce((n, e) => n + e.count, 0);
    return (_jsxs("div", { style: { minHeight: '100vh', background: '#070b16', color: '#fff', padding: 24 }, "data-testid": "screen", children: [_jsxs(Space, { style: { width: '100%', justifyContent: 'space-between', marginBottom: 16 }, children: [_jsx(Typography.Title, { level: 2, style: { color: '#fff', margin: 0 }, children: t('screenTitle') }), _jsxs(Space, { size: "large", children: [_jsx(Typography.Text, { style: { color: '#8fa3c7', fontSize: 20 }, children: formatTime(now.toISOString(), i18n.language) }), _jsx(Button, { ghost: true, icon: _jsx(FullscreenOutlined, {}), onClick: () => void document.documentElement.requestFullscreen?.(), children: t('fullscreen') }), _jsx(Button, { ghost: true, icon: _jsx(CloseOutlined, {}), onClick: () => nav('/dashboard'), children: t('exitScreen') })] })] }), _jsx(KpiCards, { overview: d.overview, period: "today", scope: {}, dark: true }), _jsxs(Row, { gutter: 16, style: { marginTop: 16 }, children: [_jsx(Col, { span: 15, children: _jsxs("div", { style: panel, children: [_jsx(Typography.Title, { level: 4, style: { color: '#fff' }, children: t('byDay', { period: t('period.d30') }) }), _jsx(DayChart, { overview: d.overview.d30, scope: {}, dark: true, height: 380 })] }) }), _jsx(Col, { span: 9, children: _jsxs("div", { style: panel, children: [_jsx(Typography.Title, { level: 4, style: { color: '#fff' }, children: t('byShop', { period: t('period.today') }) }), _jsx(ShopChart, { overview: d.overview.today, scope: {}, dark: true, height: 380 })] }) })] }), _jsxs(Row, { gutter: 16, style: { marginTop: 16 }, children: [_jsx(Col, { span: 8, children: _jsxs("div", { style: panel, children: [_jsx(Typography.Text, { style: { color: '#8fa3c7', fontSize: 18 }, children: t('alerts.exceptions') }), _jsx("div", { style: { fontSize: 56, fontWeight: 700, color: waiting ? '#ff4d4f' : '#52c41a' }, "data-testid": "screen-exceptions", children: waiting })] }) }), _jsx(Col, { span: 8, children: _jsxs("div", { style: panel, children: [_jsx(Typography.Text, { style: { color: '#8fa3c7', fontSize: 18 }, children: t('alerts.stock') }), _jsx("div", { style: { fontSize: 56, fontWeight: 700, color: d.alerts?.stock.length ? '#faad14' : '#52c41a' }, children: d.alerts?.stock.length ?? 0 })] }) }), _jsx(Col, { span: 8, children: _jsxs("div", { style: panel, children: [_jsx(Typography.Text, { style: { color: '#8fa3c7', fontSize: 18 }, children: t('alerts.connectors') }), _jsx("div", { style: { marginTop: 12 }, children: (d.alerts?.connectors ?? []).map((c) => (_jsx("div", { style: { fontSize: 18 }, children: _jsx(Badge, { status: health[c.status] ?? 'default', text: _jsxs("span", { style: { color: '#fff' }, children: [c.shop, " \u00B7 ", t(`health.${c.status}`)] }) }) }, c.shop))) })] }) })] }), _jsxs(Typography.Text, { style: { color: '#56637f', display: 'block', marginTop: 12 }, "data-testid": "screen-updated", children: [t('screenRefresh', { seconds: screenRefreshMs / 1000 }), d.updatedAt ? ' · ' + t('updatedAt', { time: formatTime(d.updatedAt.toISOString(), i18n.language) }) : ''] })] }));
}
