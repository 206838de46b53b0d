import { jsx as _jsx, jsxs as _jsxs, Fragment as _Fragment } from "react/jsx-runtime";
import { Alert, Descriptions, Drawer, Empty, Space, Spin, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useGet } from '../../api/hooks';
import { formatMoney } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { useSession } from '../../auth/session';
import { allows, can } from '../../auth/roles';
import { statusColor } from './status';
import RawPayload from './RawPayload';
import { describeHold } from './holdText';
/** OrderDrawer shows one order: lines, reservations, shipment, journal and the event trail. */
export default function OrderDrawer({ id, onClose }) {
    const { t } = useTranslation('orders');
    const { data: o, loading } = useGet(id ? `/api/v1/orders/${id}` : null);
    return (_jsx(Drawer, { open: id !== null, onClose: onClose, width: 960, title: o && o.id === id ? `${t('detail.title')} ${o.external_id}` : t('detail.title'), destroyOnHidden: true, "data-testid": "order-drawer", children: loading || !o || o.id !== id ? _jsx(Spin, {}) : _jsx(Detail, { o: o }) }));
}
function Detail({ o }) {
    const { t, i18n } = useTranslation('orders');
    const lang = i18n.language;
    const m = (a) => formatMoney(a?.amount, a?.currency ?? o.currency, lang);
    return (_jsxs(_Fragment, { children: [o.hold && (_jsx(Alert, { type: "warning", showIcon: true, style: { marginBottom: 16 }, message: t(`hold.${o.hold.reason}`), description: describeHold(o.hold, t), "data-testid": "order-hold" })), _jsxs(Descriptions, { size: "small", bordered: true, column: 3, style: { marginBottom: 16 }, children: [_jsx(Descriptions.Item, { label: t('col.externalId'), children: o.external_id }), _jsx(Descriptions.Item, { label: t('col.shop'), children: o.shop }), _jsx(Descriptions.Item, { label: t('col.channel'), children: o.channel }), _jsx(Descriptions.Item, { label: t('col.status'), children: _jsx(Tag, { color: statusColor(o.status), children: t(`status.${o.status}`) }) }), _jsx(Descriptions.Item, { label: t('col.total'), children: m(o.total) }), _jsx(Descriptions.Item, { label: t('detail.shippingFee'), children: m(o.shipping_fee) }), _jsx(Descriptions.Item, { label: t('detail.discount'), children: m(o.discount) }), _jsx(Descriptions.Item, { label: t('col.buyer'), children: o.buyer_ref || '—' }), _jsx(Descriptions.Item, { label: t('col.createdAt'), children: formatTime(o.created_at, lang) }), _jsx(Descriptions.Item, { label: t('detail.paidAt'), children: formatTime(o.paid_at, lang) }), _jsx(Descriptions.Item, { label: t('detail.receiver'), span: 2, children: o.contact ? (_jsxs("span", { "data-testid": "order-contact", children: [[o.contact.name, o.contact.phone].filter(Boolean).join(' '), ' ', [o.contact.province, o.contact.city, o.contact.district, o.contact.detail].filter(Boolean).join(' ')] })) : (o.contact_error ?? o.province ?? '—') })] }), _jsx(Tabs, { items: [
                    { key: 'lines', label: t('detail.lines'), children: _jsx(Lines, { o: o }) },
                    { key: 'reservations', label: t('detail.reservations'), children: _jsx(Reservations, { rows: o.reservations ?? [] }) },
                    { key: 'shipment', label: t('detail.shipment'), children: _jsx(Shipment, { o: o }) },
                    { key: 'journal', label: t('detail.journal'), children: _jsx(Journal, { entries: o.journal ?? [] }) },
                    { key: 'events', label: t('detail.events'), children: _jsx(Trail, { o: o }) },
                ] })] }));
}
function Lines({ o }) {
    const { t, i18n } = useTranslation('orders');
    const m = (a) => formatMoney(a.amount, a.currency, i18n.language);
    return (_jsx(Table, { size: "small", pagination: false, rowKey: (_, i) => String(i), dataSource: o.lines, columns: [
            { title: t('line.sku'), dataIndex: 'sku', render: (s) => s || _jsx(Tag, { color: "red", children: t('line.unmapped') }) },
            { title: t('line.title'), dataIndex: 'title' },
            { title: t('line.external'), render: (_, l) => [l.external_item_id, l.external_sku_id].filter(Boolean).join(' / ') },
            { title: t('line.quantity'), dataIndex: 'quantity', align: 'right' },
            { title: t('line.unitPrice'), render: (_, l) => m(l.unit_price), align: 'right' },
            { title: t('line.total'), render: (_, l) => m(l.total), align: 'right' },
            { title: t('line.tax'), render: (_, l) => m(l.tax), align: 'right' },
            { title: t('line.warehouse'), dataIndex: 'warehouse' },
        ] }));
}
function Reservations({ rows }) {
    const { t, i18n } = useTranslation('orders');
    if (!rows.length)
        return _jsx(Empty, { description: t('detail.noReservations') });
    return (_jsx(Table, { size: "small", pagination: false, rowKey: "id", dataSource: rows, columns: [
            { title: t('line.sku'), dataIndex: 'sku' },
            { title: t('line.warehouse'), dataIndex: 'warehouse' },
            { title: t('line.quantity'), dataIndex: 'quantity', align: 'right' },
            { title: t('col.status'), dataIndex: 'status', render: (s) => t(`reservation.${s}`) },
            { title: t('col.createdAt'), dataIndex: 'created_at', render: (v) => formatTime(v, i18n.language) },
            { title: t('detail.resolvedAt'), dataIndex: 'resolved_at', render: (v) => formatTime(v, i18n.language) },
        ] }));
}
function Shipment({ o }) {
    const { t, i18n } = useTranslation('orders');
    const shipped = (o.events ?? []).filter((e) => e.topic.includes('ship'));
    if (!o.tracking_no && !shipped.length)
        return _jsx(Empty, { description: t('detail.notShipped') });
    return (_jsxs(Space, { direction: "vertical", style: { width: '100%' }, children: [_jsxs(Descriptions, { size: "small", bordered: true, column: 3, children: [_jsx(Descriptions.Item, { label: t('ship.carrier'), children: o.carrier || '—' }), _jsx(Descriptions.Item, { label: t('ship.trackingNo'), children: o.tracking_no || '—' }), _jsx(Descriptions.Item, { label: t('line.warehouse'), children: o.warehouse || '—' })] }), shipped.map((e) => (_jsxs(Typography.Text, { type: "secondary", children: [formatTime(e.created_at, i18n.language), " ", e.topic] }, e.id)))] }));
}
function Journal({ entries }) {
    const { t, i18n } = useTranslation('orders');
    if (!entries.length)
        return _jsx(Empty, { description: t('detail.noEntries') });
    return (_jsx(Space, { direction: "vertical", style: { width: '100%' }, children: entries.map((e) => (_jsxs("div", { children: [_jsxs(Typography.Text, { strong: true, children: ["#", e.id, " ", e.description] }), ' ', _jsx(Typography.Text, { type: "secondary", children: formatTime(e.posted_at, i18n.language) }), _jsx(Table, { size: "small", pagination: false, rowKey: (_, i) => String(i), dataSource: e.postings, columns: [
                        { title: t('journal.account'), dataIndex: 'account' },
                        {
                            title: t('journal.debit'),
                            align: 'right',
                            render: (_, p) => (p.side === 'debit' ? formatMoney(p.amount.amount, p.amount.currency, i18n.language) : ''),
                        },
                        {
                            title: t('journal.credit'),
                            align: 'right',
                            render: (_, p) => (p.side === 'credit' ? formatMoney(p.amount.amount, p.amount.currency, i18n.language) : ''),
                        },
                        { title: t('line.sku'), dataIndex: 'sku' },
                    ] })] }, e.id))) }));
}
function Trail({ o }) {
    const { t, i18n } = useTranslation('orders');
    const { user } = useSession();
    const raw = allows(can.rawPayloads, user?.role);
    return (_jsxs(_Fragment, { children: [_jsx(Typography.Title, { level: 5, children: t('detail.versions') }), _jsx(Table, { size: "small", pagination: false, rowKey: "version", dataSource: o.versions ?? [], columns: [
                    { title: t('version.version'), dataIndex: 'version' },
                    { title: t('col.status'), dataIndex: 'status', render: (s) => t(`status.${s}`, { defaultValue: s }) },
                    { title: t('version.effect'), dataIndex: 'effect', render: (s) => t(`effect.${s}`, { defaultValue: s }) },
                    { title: t('version.receivedAt'), dataIndex: 'received_at', render: (v) => formatTime(v, i18n.language) },
                    {
                        title: t('version.raw'),
                        render: (_, v) => raw ? _jsx(RawPayload, { id: v.raw_event_id }) : _jsx(Typography.Text, { type: "secondary", children: t('version.rawForbidden') }),
                    },
                ] }), _jsx(Typography.Title, { level: 5, style: { marginTop: 16 }, children: t('detail.events') }), (o.events ?? []).length === 0 ? (_jsx(Empty, { description: t('detail.noEvents') })) : (_jsx(Timeline, { items: (o.events ?? []).map((e) => ({
                    children: (_jsxs(_Fragment, { children: [_jsx(Typography.Text, { strong: true, children: e.topic }), ' ', _jsx(Typography.Text, { type: "secondary", children: formatTime(e.created_at, i18n.language) }), _jsxs("details", { children: [_jsx("summary", { children: t('detail.payload') }), _jsx("pre", { style: { fontSize: 12, maxHeight: 240, overflow: 'auto' }, children: JSON.stringify(e.payload, null, 2) })] })] })),
                })) }))] }));
}
