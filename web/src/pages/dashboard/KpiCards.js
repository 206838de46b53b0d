import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { Card, Col, Row, Statistic, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { formatMoney, formatRate } from '../../lib/money';
import { useSession } from '../../auth/session';
import { allows, can } from '../../auth/roles';
import { entriesLink, ordersLink, periodRange, periods } from './data';
const kpis = ['gmv', 'orders', 'aov', 'refund_rate', 'gross_margin'];
/** KpiCards: one card per figure, the chosen period large, the other periods below; a click opens what is behind it. */
export default function KpiCards({ overview, period, scope, dark }) {
    const { t, i18n } = useTranslation('dashboard');
    const { user } = useSession();
    const nav = useNavigate();
    const lang = i18n.language;
    const books = allows(can.readers, user?.role);
    const show = (k, tot) => {
        if (!tot)
            return k === 'orders' ? '0' : '—';
        switch (k) {
            case 'gmv':
                return formatMoney(tot.gmv, tot.currency, lang);
            case 'orders':
                return String(tot.orders);
            case 'aov':
                return formatMoney(tot.aov, tot.currency, lang);
            case 'refund_rate':
                return formatRate(tot.refund_rate);
            case 'gross_margin':
                return formatMoney(tot.gross_margin, tot.currency, lang);
        }
    };
    const link = (k, p) => {
        const range = periodRange(p);
        if (k === 'gross_margin')
            return books ? entriesLink({ ...range, shop: scope.shop, channel: scope.channel }) : null;
        return ordersLink({ ...range, shop: scope.shop, status: k === 'refund_rate' ? 'refunded' : undefined });
    };
    // The shop's currency first; a merchant selling in several gets a line each.
    const totals = overview[period]?.totals ?? [];
    const currencies = totals.length ? totals.map((x) => x.currency) : [''];
    return (_jsx(Row, { gutter: [16, 16], "data-testid": "kpis", children: kpis.map((k) => (_jsx(Col, { flex: "1 1 170px", children: _jsxs(Card, { hoverable: !!link(k, period), onClick: () => {
                    const to = link(k, period);
                    if (to)
                        nav(to);
                }, style: dark ? { background: '#141c2f', borderColor: '#243152', height: '100%' } : { height: '100%' }, "data-testid": `kpi-${k}`, children: [currencies.map((c) => {
                        const tot = totals.find((x) => x.currency === c);
                        return (_jsx(Statistic, { title: _jsx("span", { style: dark ? { color: '#8fa3c7' } : undefined, children: t(`kpi.${k}`) }), value: show(k, tot), valueStyle: dark ? { color: '#fff', fontSize: 36 } : undefined, suffix: k === 'gross_margin' && tot ? _jsx("small", { children: formatRate(tot.gross_margin_rate) }) : undefined }, c || 'none'));
                    }), !dark && (_jsx(Typography.Text, { type: "secondary", style: { fontSize: 12 }, children: periods
                            .filter((p) => p !== period)
                            .map((p) => {
                            const tot = overview[p]?.totals.find((x) => x.currency === currencies[0]);
                            return `${t(`period.${p}`)} ${show(k, tot)}`;
                        })
                            .join(' · ') }))] }) }, k))) }));
}
