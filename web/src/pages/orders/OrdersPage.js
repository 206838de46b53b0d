import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { Button, Card, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useGet } from '../../api/hooks';
import { formatMoney } from '../../lib/money';
import { formatTime } from '../../lib/time';
import OrderFilters, { filterKeys } from './OrderFilters';
import OrderDrawer from './OrderDrawer';
import BulkActions from './BulkActions';
import { statusColor } from './status';
import { describeHold } from './holdText';
const pageSize = 50;
/**
 * OrdersPage lists orders filtered on the server. The URL holds the
 * filters, the page's cursor and the open order, so any view can be linked
 * to (the dashboard's drill-downs do) and the back button works.
 */
export default function OrdersPage() {
    const { t, i18n } = useTranslation('orders');
    const [params, setParams] = useSearchParams();
    const filters = useMemo(() => {
        const f = {};
        for (const k of filterKeys) {
            const v = params.get(k);
            if (v)
                f[k] = v;
        }
        return f;
    }, [params]);
    const cursor = params.get('cursor') ?? '';
    const openId = Number(params.get('order')) || null;
    // The cursors of the pages before this one, for 上一页.
    const [back, setBack] = useState([]);
    const [selected, setSelected] = useState([]);
    const { data, loading, reload } = useGet('/api/v1/orders', { ...filters, cursor, limit: pageSize });
    const update = (next) => {
        const p = new URLSearchParams(params);
        for (const [k, v] of Object.entries(next)) {
            if (v)
                p.set(k, v);
            else
                p.delete(k);
        }
        setParams(p);
    };
    const applyFilters = (f) => {
        const p = new URLSearchParams();
        for (const k of filterKeys)
            if (f[k])
                p.set(k, f[k]);
        setBack([]);
        setSelected([]);
        setParams(p);
    };
    const nextPage = () => {
        setBack([...back, cursor]);
        setSelected([]);
        update({ cursor: data?.next_cursor });
    };
    const prevPage = () => {
        const b = [...back];
        const c = b.pop() ?? '';
        setBack(b);
        setSelected([]);
        update({ cursor: c || undefined });
    };
    const lang = i18n.language;
    return (_jsxs(Card, { title: t('title'), children: [_jsx(OrderFilters, { value: filters, onChange: applyFilters }), _jsxs(Space, { style: { marginBottom: 12, width: '100%', justifyContent: 'space-between' }, children: [_jsx(BulkActions, { selected: selected, onDone: () => {
                            setSelected([]);
                            reload();
                        } }), _jsx(Typography.Text, { type: "secondary", children: t('selected', { count: selected.length }) })] }), _jsx(Table, { rowKey: "id", size: "middle", loading: loading, dataSource: data?.items ?? [], pagination: false, scroll: { x: 1100 }, "data-testid": "orders-table", rowSelection: {
                    selectedRowKeys: selected.map((o) => o.id),
                    onChange: (_, rows) => setSelected(rows),
                }, onRow: (o) => ({ onClick: () => update({ order: String(o.id) }), style: { cursor: 'pointer' } }), columns: [
                    { title: t('col.externalId'), dataIndex: 'external_id', width: 150, render: (v) => _jsx(Typography.Link, { children: v }) },
                    { title: t('col.shop'), dataIndex: 'shop' },
                    { title: t('col.channel'), dataIndex: 'channel' },
                    {
                        title: t('col.status'),
                        dataIndex: 'status',
                        width: 240,
                        render: (s, o) => (_jsxs(Space, { size: 4, wrap: true, children: [_jsx(Tag, { color: statusColor(s), children: t(`status.${s}`) }), o.hold && (_jsx(Tooltip, { title: describeHold(o.hold, t), children: _jsx(Tag, { color: "orange", children: t(`hold.${o.hold.reason}`) }) }))] })),
                    },
                    { title: t('col.total'), align: 'right', width: 130, render: (_, o) => formatMoney(o.total.amount, o.total.currency, lang) },
                    { title: t('col.lines'), align: 'right', render: (_, o) => o.lines.reduce((n, l) => n + l.quantity, 0) },
                    { title: t('col.buyer'), dataIndex: 'buyer_ref', ellipsis: true },
                    { title: t('col.province'), dataIndex: 'province' },
                    { title: t('col.createdAt'), dataIndex: 'created_at', width: 170, render: (v) => formatTime(v, lang) },
                ] }), _jsxs(Space, { style: { marginTop: 16, justifyContent: 'flex-end', width: '100%' }, children: [_jsx(Button, { disabled: !cursor, onClick: prevPage, children: back.length || !cursor ? t('prev') : t('first') }), _jsx(Button, { disabled: !data?.next_cursor, onClick: nextPage, "data-testid": "orders-next", children: t('next') })] }), _jsx(OrderDrawer, { id: openId, onClose: () => {
                    update({ order: undefined });
                    reload();
                } })] }));
}
