import { jsx as _jsx } from "react/jsx-runtime";
import { useMemo } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import Chart from '../../components/Chart';
import { addDays } from '../../lib/time';
import { formatMoney } from '../../lib/money';
import { ordersLink } from './data';
// ECharts needs numbers to draw; the decimal strings become numbers here
// for the axis alone, and every label and tooltip shows the string itself.
const plot = (amount) => Number(amount);
/** everyDay lists each day of the overview's range, days without sales as zero, oldest first. */
function everyDay(overview, currency) {
    if (!overview)
        return [];
    const byDay = new Map(overview.by_day.filter((d) => d.currency === currency).map((d) => [d.day, d]));
    const out = [];
    for (let day = overview.from; day <= overview.to && out.length < 400; day = addDays(day, 1)) {
        out.push(byDay.get(day) ?? { day, currency, gmv: '0', orders: 0, refunds: '0', revenue: '0', cogs: '0' });
    }
    return out;
}
/** DayChart: GMV (bars) and orders (line) by day; a click lists that day's orders. */
export function DayChart({ overview, scope, dark, height = 320 }) {
    const { t, i18n } = useTranslation('dashboard');
    const nav = useNavigate();
    const currency = overview?.totals[0]?.currency ?? overview?.by_day[0]?.currency ?? 'CNY';
    const rows = useMemo(() => everyDay(overview, currency), [overview, currency]);
    const option = useMemo(() => ({
        backgroundColor: 'transparent',
        tooltip: {
            trigger: 'axis',
            formatter: (ps) => {
                const list = ps;
                const r = rows[list[0]?.dataIndex ?? 0];
                if (!r)
                    return '';
                return `${r.day}<br/>${t('kpi.gmv')} ${formatMoney(r.gmv, r.currency, i18n.language)}<br/>${t('kpi.orders')} ${r.orders}`;
            },
        },
        legend: { top: 0, data: [t('kpi.gmv'), t('kpi.orders')] },
        grid: { left: 64, right: 50, top: 56, bottom: 28 },
        xAxis: { type: 'category', data: rows.map((r) => r.day.slice(5)) },
        yAxis: [
            { type: 'value', name: currency },
            { type: 'value', name: t('kpi.orders'), minInterval: 1 },
        ],
        series: [
            { name: t('kpi.gmv'), type: 'bar', data: rows.map((r) => plot(r.gmv)), itemStyle: { color: '#1677ff' } },
            { name: t('kpi.orders'), type: 'line', yAxisIndex: 1, data: rows.map((r) => r.orders), itemStyle: { color: '#fa8c16' } },
        ],
    }), [rows, currency, t, i18n.language]);
    return (_jsx(Chart, { option: option, height: height, dark: dark, testId: "chart-by-day", onClick: (p) => {
            const r = rows[p.dataIndex];
            if (r)
                nav(ordersLink({ from: r.day, to: r.day, shop: scope.shop }));
        } }));
}
/** ShopChart: GMV by shop and channel; a click lists that shop's orders in the period. */
export function ShopChart({ overview, dark, height = 320 }) {
    const { t, i18n } = useTranslation('dashboard');
    const nav = useNavigate();
    const shops = useMemo(() => [...(overview?.by_shop ?? [])].sort((a, b) => plot(b.gmv) - plot(a.gmv)), [overview]);
    const option = useMemo(() => ({
        backgroundColor: 'transparent',
        tooltip: {
            trigger: 'item',
            formatter: (p) => {
                const s = shops[p.dataIndex];
                return s ? `${s.shop} (${s.channel})<br/>${t('kpi.gmv')} ${formatMoney(s.gmv, s.currency, i18n.language)}<br/>${t('kpi.orders')} ${s.orders}` : '';
            },
        },
        series: [
            {
                name: t('kpi.gmv'),
                type: 'pie',
                radius: ['38%', '62%'],
                label: { formatter: '{b}\n{d}%' },
                data: shops.map((s) => ({ name: s.shop, value: plot(s.gmv) })),
            },
        ],
    }), [shops, t, i18n.language]);
    return (_jsx(Chart, { option: option, height: height, dark: dark, testId: "chart-by-shop", onClick: (p) => {
            const s = shops[p.dataIndex];
            if (s && overview)
                nav(ordersLink({ shop: s.shop, from: overview.from, to: overview.to }));
        } }));
}
