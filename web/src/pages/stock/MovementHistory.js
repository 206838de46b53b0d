import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// The movement ledger newest first (GET /api/v1/stock/movements), by the
// page's SKU and warehouse filters, a page at a time.
import { useEffect, useState } from 'react';
import { Button, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatTime } from '../../lib/time';
const kindColor = {
    receipt: 'green',
    adjustment: 'orange',
    transfer_out: 'purple',
    transfer_in: 'purple',
    release: 'blue',
    shipment: 'cyan',
    return: 'gold',
};
export default function MovementHistory(p) {
    const { t, i18n } = useTranslation('stock');
    const [items, setItems] = useState([]);
    const [next, setNext] = useState('');
    const [loading, setLoading] = useState(false);
    const load = async (before) => {
        setLoading(true);
        try {
            const page = await api.get('/api/v1/stock/movements', { sku: p.sku, warehouse: p.warehouse, before, limit: 100 });
            setItems((old) => (before ? [...old, ...page.items] : page.items));
            setNext(page.next_cursor);
        }
        catch {
            // shown by the client
        }
        finally {
            setLoading(false);
        }
    };
    useEffect(() => {
        void load('');
    }, [p.sku, p.warehouse, p.version]); // eslint-disable-line react-hooks/exhaustive-deps
    const delta = (n) => (n === 0 ? '—' : _jsx(Typography.Text, { type: n < 0 ? 'danger' : 'success', children: n > 0 ? `+${n}` : n }));
    const whName = (code) => p.warehouses.find((w) => w.code === code)?.name ?? code;
    return (_jsxs(Space, { direction: "vertical", style: { width: '100%' }, children: [_jsxs(Space, { style: { justifyContent: 'space-between', width: '100%' }, children: [p.filters, _jsx(Button, { onClick: () => void load(''), children: t('common:refresh') })] }), _jsx(Table, { size: "small", rowKey: "id", loading: loading, dataSource: items, pagination: false, "data-testid": "stock-movements", columns: [
                    { title: t('col.at'), dataIndex: 'at', render: (v) => formatTime(v, i18n.language), width: 180 },
                    { title: t('col.kind'), dataIndex: 'kind', render: (k) => _jsx(Tag, { color: kindColor[k], children: t(`kind.${k}`, { defaultValue: k }) }) },
                    { title: t('col.sku'), dataIndex: 'sku' },
                    { title: t('col.warehouse'), dataIndex: 'warehouse', render: whName },
                    { title: t('col.onHandDelta'), dataIndex: 'on_hand_delta', align: 'right', render: delta },
                    { title: t('col.reservedDelta'), dataIndex: 'reserved_delta', align: 'right', render: delta },
                    { title: t('col.source'), dataIndex: 'source_key', render: (v, m) => _jsx(Typography.Text, { code: true, children: m.reservation || v }) },
                ] }), next && (_jsx(Button, { block: true, onClick: () => void load(next), loading: loading, children: t('common:more') }))] }));
}
