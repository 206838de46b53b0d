import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// A shop's listing mappings: which platform item (and SKU id) is which of
// the merchant's SKUs; merchandisers add and remove them.
import { useState } from 'react';
import { App, Button, Popconfirm, Select, Space, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { formatTime } from '../../lib/time';
import { useLoad } from '../../lib/useLoad';
import MapListing from './MapListing';
export default function Listings({ canMap }) {
    const { t, i18n } = useTranslation('products');
    const { message } = App.useApp();
    const [params, setParams] = useSearchParams();
    const shops = useLoad(() => api.get('/api/v1/shops').then((r) => r.items), []);
    const shopId = params.get('shop') ?? shops.data?.[0]?.id ?? '';
    const shop = shops.data?.find((s) => s.id === shopId);
    const [adding, setAdding] = useState(false);
    const listings = useLoad(() => (shop ? api.get('/api/v1/listings', { channel: shop.channel, shop: shop.id }).then((r) => r.items) : Promise.resolve([])), [shop?.id]);
    const unmap = async (l) => {
        try {
            await api.del('/api/v1/listings', { query: { channel: l.channel, shop: l.shop, external_item_id: l.external_item_id, external_sku_id: l.external_sku_id ?? '' }, quiet: true });
            message.success(t('unmap.done'));
            listings.reload();
        }
        catch (e) {
            message.error(e instanceof Error ? e.message : String(e));
        }
    };
    return (_jsxs(Space, { direction: "vertical", style: { width: '100%' }, children: [_jsxs(Space, { children: [_jsx(Select, { style: { width: 280 }, value: shopId || undefined, placeholder: t('col.shop'), onChange: (v) => setParams({ tab: 'listings', shop: v }, { replace: true }), options: (shops.data ?? []).map((s) => ({ value: s.id, label: `${s.name} (${s.id})` })) }), canMap && (_jsx(Button, { type: "primary", onClick: () => setAdding(true), disabled: !shop, children: t('map.add') }))] }), _jsx(Table, { size: "small", rowKey: (l) => `${l.external_item_id}|${l.external_sku_id ?? ''}`, loading: listings.loading, dataSource: listings.data ?? [], "data-testid": "listings", pagination: { defaultPageSize: 50, showTotal: (n) => t('rows', { count: n }) }, columns: [
                    { title: t('col.itemId'), dataIndex: 'external_item_id' },
                    { title: t('col.skuId'), dataIndex: 'external_sku_id' },
                    { title: t('col.sku'), dataIndex: 'sku' },
                    { title: t('col.created'), dataIndex: 'created_at', render: (v) => formatTime(v, i18n.language) },
                    ...(canMap
                        ? [
                            {
                                title: t('common:actions'),
                                key: 'actions',
                                render: (_, l) => (_jsx(Popconfirm, { title: t('unmap.confirm'), onConfirm: () => unmap(l), okText: t('common:confirm'), cancelText: t('common:cancel'), children: _jsx(Button, { size: "small", danger: true, children: t('unmap.action') }) })),
                            },
                        ]
                        : []),
                ] }), _jsx(MapListing, { open: adding, shops: shops.data ?? [], listing: { shop: shopId, channel: shop?.channel }, onClose: () => setAdding(false), onDone: () => listings.reload() })] }));
}
