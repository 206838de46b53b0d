import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { Badge, Card, Col, Empty, List, Row, Table, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
const health = { ok: 'success', degraded: 'warning', down: 'error' };
/** AlertPanels: stock below safety, connector health and the exceptions waiting, each linking to its page. */
export default function AlertPanels({ alerts }) {
    const { t } = useTranslation('dashboard');
    return (_jsxs(Row, { gutter: [16, 16], children: [_jsx(Col, { xs: 24, lg: 10, children: _jsx(Card, { title: t('alerts.stock'), size: "small", "data-testid": "stock-alerts", children: _jsx(Table, { size: "small", rowKey: (r) => r.sku + '@' + r.warehouse, dataSource: alerts?.stock ?? [], pagination: { pageSize: 6, hideOnSinglePage: true }, locale: { emptyText: t('alerts.stockNone') }, columns: [
                            { title: 'SKU', dataIndex: 'sku', render: (s) => _jsx(Link, { to: `/stock?sku=${encodeURIComponent(s)}`, children: s }) },
                            { title: t('alerts.warehouse'), dataIndex: 'warehouse' },
                            { title: t('alerts.available'), dataIndex: 'available', align: 'right', render: (v) => _jsx(Typography.Text, { type: "danger", children: v }) },
                            { title: t('alerts.safety'), dataIndex: 'safety', align: 'right' },
                        ] }) }) }), _jsx(Col, { xs: 24, lg: 7, children: _jsx(Card, { title: t('alerts.connectors'), size: "small", "data-testid": "connector-health", children: alerts?.connectors.length ? (_jsx(List, { size: "small", dataSource: alerts.connectors, renderItem: (c) => (_jsxs(List.Item, { children: [_jsx(Badge, { status: health[c.status] ?? 'default', text: _jsx(Link, { to: `/shops?shop=${encodeURIComponent(c.shop)}`, children: c.shop }) }), _jsxs(Typography.Text, { type: "secondary", ellipsis: true, style: { maxWidth: 180 }, title: c.detail, children: [t(`health.${c.status}`), c.detail ? ` · ${c.detail}` : ''] })] })) })) : (_jsx(Empty, { description: t('alerts.connectorsNone') })) }) }), _jsx(Col, { xs: 24, lg: 7, children: _jsx(Card, { title: t('alerts.exceptions'), size: "small", "data-testid": "exceptions-waiting", children: alerts?.exceptions.length ? (_jsx(List, { size: "small", dataSource: alerts.exceptions, renderItem: (e) => (_jsxs(List.Item, { children: [_jsx(Link, { to: `/orders/exceptions?reason=${encodeURIComponent(e.reason)}`, children: t(`orders:hold.${e.reason}`, { defaultValue: e.reason }) }), _jsx(Tag, { color: "red", children: e.count })] })) })) : (_jsx(Empty, { description: t('alerts.exceptionsNone') })) }) })] }));
}
