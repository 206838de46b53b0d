import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// 库存: the SKU × warehouse grid (on hand, reserved, available) beside what
// each shop is shown (published), the movement history, and the stock
// keepers' receipts, adjustments and transfers.
import { useMemo, useState } from 'react';
import { Button, Card, Input, Select, Space, Table, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { api } from '../../api/client';
import { allows, can } from '../../auth/roles';
import { useSession } from '../../auth/session';
import { useLoad } from '../../lib/useLoad';
import MovementHistory from './MovementHistory';
import StockForms from './StockForms';
import { pivot } from './grid';
export default function StockPage() {
    const { t } = useTranslation('stock');
    const { user } = useSession();
    const [params, setParams] = useSearchParams();
    const tab = params.get('tab') ?? 'levels';
    const [action, setAction] = useState(null);
    // version rises with each change made here, so the history reloads too.
    const [version, setVersion] = useState(0);
    const whs = useLoad(() => api.get('/api/v1/warehouses').then((r) => r.items), []);
    const grid = useLoad(async () => {
        const [levels, shops] = await Promise.all([
            api.get('/api/v1/stock').then((r) => r.items),
            api.get('/api/v1/shops').then((r) => r.items.filter((s) => s.active)),
        ]);
        const promised = await Promise.all(shops.map((s) => api.get('/api/v1/stock/available', { shop: s.id }).then((r) => [s.id, r.items])));
        const bySku = new Map();
        for (const [shop, items] of promised) {
            for (const p of items)
                (bySku.get(p.sku) ?? bySku.set(p.sku, {}).get(p.sku))[shop] = p.published;
        }
        return { rows: pivot(levels, bySku), shops };
    }, []);
    const sku = params.get('sku') ?? '';
    const wh = params.get('warehouse') ?? '';
    const setFilter = (k, v) => {
        const p = new URLSearchParams(params);
        if (v)
            p.set(k, v);
        else
            p.delete(k);
        setParams(p, { replace: true });
    };
    const rows = useMemo(() => (grid.data?.rows ?? []).filter((r) => (!sku || r.sku.toLowerCase().includes(sku.toLowerCase())) && (!wh || r.byWarehouse[wh])), [grid.data, sku, wh]);
    const shownWarehouses = (whs.data ?? []).filter((w) => !wh || w.code === wh);
    const levelColumns = (of, key, sortable = false) => [
        { title: t('col.onHand'), key: key + '-oh', align: 'right', render: (_, r) => of(r)?.on_hand ?? '—' },
        { title: t('col.reserved'), key: key + '-rs', align: 'right', render: (_, r) => of(r)?.reserved ?? '—' },
        {
            title: t('col.available'),
            key: key + '-av',
            align: 'right',
            sorter: sortable ? (a, b) => a.total.available - b.total.available : undefined,
            render: (_, r) => {
                const n = of(r)?.available;
                return n === undefined ? '—' : _jsx(Typography.Text, { type: n <= 0 ? 'danger' : undefined, children: n });
            },
        },
    ];
    const keeper = allows(can.stockKeepers, user?.role);
    const filters = (_jsxs(Space, { wrap: true, children: [_jsx(Input.Search, { allowClear: true, placeholder: t('filter.sku'), defaultValue: sku, onSearch: (v) => setFilter('sku', v.trim()), style: { width: 220 }, "data-testid": "stock-sku-filter" }, sku), _jsx(Select, { allowClear: true, placeholder: t('filter.warehouse'), value: wh || undefined, onChange: (v) => setFilter('warehouse', v ?? ''), style: { width: 180 }, options: (whs.data ?? []).map((w) => ({ value: w.code, label: `${w.name} (${w.code})` })) })] }));
    return (_jsxs(Card, { title: t('title'), extra: keeper && (_jsxs(Space, { children: [_jsx(Button, { type: "primary", onClick: () => setAction('receipt'), "data-testid": "stock-receive", children: t('action.receipt') }), _jsx(Button, { onClick: () => setAction('adjustment'), children: t('action.adjustment') }), _jsx(Button, { onClick: () => setAction('transfer'), children: t('action.transfer') })] })), children: [_jsx(Tabs, { activeKey: tab, onChange: (k) => setFilter('tab', k === 'levels' ? '' : k), items: [
                    {
                        key: 'levels',
                        label: t('tab.levels'),
                        children: (_jsxs(Space, { direction: "vertical", style: { width: '100%' }, children: [_jsxs(Space, { style: { justifyContent: 'space-between', width: '100%' }, children: [filters, _jsx(Button, { onClick: grid.reload, children: t('common:refresh') })] }), _jsx(Table, { size: "small", rowKey: "sku", loading: grid.loading, dataSource: rows, "data-testid": "stock-grid", scroll: { x: 'max-content' }, pagination: { defaultPageSize: 50, showSizeChanger: true, showTotal: (n) => t('rows', { count: n }) }, bordered: true, columns: [
                                        {
                                            title: t('col.sku'),
                                            dataIndex: 'sku',
                                            fixed: 'left',
                                            sorter: (a, b) => a.sku.localeCompare(b.sku),
                                            // A SKU opens its movement history.
                                            render: (code) => _jsx("a", { onClick: () => setParams(new URLSearchParams({ ...Object.fromEntries(params), tab: 'movements', sku: code }), { replace: true }), children: code }),
                                        },
                                        ...shownWarehouses.map((w) => ({
                                            title: w.name,
                                            key: 'wh-' + w.code,
                                            children: levelColumns((r) => r.byWarehouse[w.code], 'wh-' + w.code),
                                        })),
                                        ...(wh ? [] : [{ title: t('col.total'), key: 'total', children: levelColumns((r) => r.total, 'total', true) }]),
                                        {
                                            title: t('col.published'),
                                            key: 'published',
                                            children: (grid.data?.shops ?? []).map((s) => ({
                                                title: s.name || s.id,
                                                key: 'pub-' + s.id,
                                                align: 'right',
                                                render: (_, r) => r.published[s.id] ?? '—',
                                            })),
                                        },
                                    ] }), _jsx(Typography.Text, { type: "secondary", children: t('publishedNote') })] })),
                    },
                    {
                        key: 'movements',
                        label: t('tab.movements'),
                        children: _jsx(MovementHistory, { warehouses: whs.data ?? [], sku: sku, warehouse: wh, filters: filters, version: version }),
                    },
                ] }), _jsx(StockForms, { action: action, warehouses: whs.data ?? [], onClose: () => setAction(null), onDone: () => {
                    grid.reload();
                    setVersion((v) => v + 1);
                } })] }));
}
