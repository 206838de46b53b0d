import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { useMemo } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, Col, Row, Segmented, Select, Space, Typography } from 'antd';
import { FullscreenOutlined, ReloadOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { useShops } from '../../api/hooks';
import { formatTime } from '../../lib/time';
import { periods, useDashboard } from './data';
import KpiCards from './KpiCards';
import { DayChart, ShopChart } from './Charts';
import AlertPanels from './AlertPanels';
/** DashboardPage is 概览: the figures for today, 7 and 30 days, by day and by shop, and what needs attention. */
export default function DashboardPage() {
    const { t, i18n } = useTranslation('dashboard');
    const nav = useNavigate();
    const [params, setParams] = useSearchParams();
    const period = periods.includes(params.get('period') ?? '') ? params.get('period') : 'd7';
    const scope = useMemo(() => ({ shop: params.get('shop') ?? undefined, channel: params.get('channel') ?? undefined }), [params]);
    const shops = useShops();
    const d = useDashboard(scope);
    const channels = [...new Set(shops.map((s) => s.channel))];
    const set = (k, v) => {
        const p = new URLSearchParams(params);
        if (v)
            p.set(k, v);
        else
            p.delete(k);
        setParams(p);
    };
    return (_jsxs(Space, { direction: "vertical", size: 16, style: { width: '100%' }, children: [_jsx(Card, { size: "small", children: _jsxs(Space, { wrap: true, style: { width: '100%', justifyContent: 'space-between' }, children: [_jsxs(Space, { wrap: true, children: [_jsx(Segmented, { value: period, options: periods.map((p) => ({ value: p, label: t(`period.${p}`) })), onChange: (p) => set('period', p), "data-testid": "period" }), _jsx(Select, { allowClear: true, placeholder: t('allShops'), style: { width: 200 }, value: scope.shop, onChange: (v) => set('shop', v), options: shops.map((s) => ({ value: s.id, label: s.name || s.id })) }), _jsx(Select, { allowClear: true, placeholder: t('allChannels'), style: { width: 140 }, value: scope.channel, onChange: (v) => set('channel', v), options: channels.map((c) => ({ value: c, label: c })) })] }), _jsxs(Space, { children: [d.updatedAt && (_jsx(Typography.Text, { type: "secondary", children: t('updatedAt', { time: formatTime(d.updatedAt.toISOString(), i18n.language) }) })), _jsx(Button, { icon: _jsx(ReloadOutlined, {}), onClick: d.reload, loading: d.loading, children: t('common:refresh') }), _jsx(Button, { type: "primary", icon: _jsx(FullscreenOutlined, {}), onClick: () => nav('/dashboard/screen'), "data-testid": "open-screen", children: t('screen') })] })] }) }), d.error !== undefined && _jsx(Alert, { type: "error", showIcon: true, message: t('unavailable'), description: String(d.error?.message ?? d.error) }), _jsx(KpiCards, { overview: d.overview, period: period, scope: scope }), _jsxs(Row, { gutter: [16, 16], children: [_jsx(Col, { xs: 24, xl: 15, children: _jsx(Card, { title: t('byDay', { period: t(`period.${period === 'today' ? 'd7' : period}`) }), size: "small", children: _jsx(DayChart, { overview: d.overview[period === 'today' ? 'd7' : period], scope: scope }) }) }), _jsx(Col, { xs: 24, xl: 9, children: _jsx(Card, { title: t('byShop', { period: t(`period.${period}`) }), size: "small", children: _jsx(ShopChart, { overview: d.overview[period], scope: scope }) }) })] }), _jsx(AlertPanels, { alerts: d.alerts })] }));
}
