import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// The unmapped-listings queue: listings the held orders name that no
// mapping covers. Mapping one then retries the orders waiting on it, one
// request per order with a progress bar and a row-level result.
import { useState } from 'react';
import { Alert, Button, Space, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, send } from '../../api/client';
import { BulkProgress, useBulk } from '../../components/BulkRunner';
import { useLoad } from '../../lib/useLoad';
import MapListing from './MapListing';
import { unmappedListings } from './unmapped';
/** The most held orders read to build the queue (10 pages). */
const maxHeld = 1000;
async function heldOrders() {
    const orders = [];
    let cursor = '';
    do {
        const page = await api.get('/api/v1/orders', { hold: 'sku_unmapped', status: 'on_hold', limit: 100, cursor });
        orders.push(...page.items);
        cursor = page.next_cursor;
    } while (cursor && orders.length < maxHeld);
    return { orders, more: !!cursor };
}
export default function UnmappedQueue({ canMap }) {
    const { t } = useTranslation('products');
    const shops = useLoad(() => api.get('/api/v1/shops').then((r) => r.items), []);
    const queue = useLoad(async () => {
        const { orders, more } = await heldOrders();
        return { listings: unmappedListings(orders), more };
    }, []);
    const [mapping, setMapping] = useState(null);
    const bulk = useBulk();
    const retry = async (u) => {
        await bulk.start(t('map.retrying', { count: u.orders.length }), u.orders.map((id) => ({ key: String(id), label: t('map.order', { id }) })), async (row, key) => {
            const r = await send('POST', `/api/v1/orders/${row.key}/retry`, { quiet: true, idempotencyKey: key });
            return r.replayed ? 'duplicate' : 'applied';
        });
        queue.reload();
    };
    return (_jsxs(Space, { direction: "vertical", style: { width: '100%' }, children: [_jsxs(Space, { style: { justifyContent: 'space-between', width: '100%' }, children: [_jsx(Typography.Text, { type: "secondary", children: t('unmapped.help') }), _jsx(Button, { onClick: queue.reload, children: t('common:refresh') })] }), queue.data?.more && _jsx(Alert, { type: "info", showIcon: true, message: t('unmapped.more', { count: maxHeld }) }), _jsx(Table, { size: "small", rowKey: "key", loading: queue.loading, dataSource: queue.data?.listings ?? [], "data-testid": "unmapped-queue", locale: { emptyText: t('unmapped.empty') }, pagination: { defaultPageSize: 20 }, columns: [
                    { title: t('col.shop'), dataIndex: 'shop' },
                    { title: t('col.itemId'), dataIndex: 'external_item_id' },
                    { title: t('col.skuId'), dataIndex: 'external_sku_id' },
                    { title: t('col.title'), dataIndex: 'title' },
                    {
                        title: t('col.heldOrders'),
                        key: 'orders',
                        align: 'right',
                        render: (_, u) => _jsx(Link, { to: `/orders?hold=sku_unmapped&shop=${encodeURIComponent(u.shop)}`, children: u.orders.length }),
                    },
                    { title: t('col.units'), dataIndex: 'units', align: 'right' },
                    ...(canMap
                        ? [
                            {
                                title: t('common:actions'),
                                key: 'map',
                                render: (_, u) => (_jsx(Button, { size: "small", type: "primary", onClick: () => setMapping(u), "data-testid": "map-unmapped", children: t('map.action') })),
                            },
                        ]
                        : []),
                ] }), _jsx(MapListing, { open: mapping !== null, shops: shops.data ?? [], listing: mapping ?? undefined, onClose: () => setMapping(null), onDone: () => {
                    const u = mapping;
                    setMapping(null);
                    if (u)
                        void retry(u);
                } }), _jsx(BulkProgress, { bulk: bulk })] }));
}
