import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// SKUs (or bundles, with their components), a page of the catalog at a
// time in code order, filtered within what is loaded.
import { useEffect, useMemo, useState } from 'react';
import { Button, Input, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatRate } from '../../lib/money';
import { formatTime } from '../../lib/time';
export default function SKUList({ bundles }) {
    const { t, i18n } = useTranslation('products');
    const [items, setItems] = useState([]);
    const [next, setNext] = useState('');
    const [loading, setLoading] = useState(false);
    const [q, setQ] = useState('');
    const path = bundles ? '/api/v1/bundles' : '/api/v1/skus';
    const load = async (cursor) => {
        setLoading(true);
        try {
            const page = await api.get(path, { cursor, limit: 500 });
            setItems((old) => (cursor ? [...old, ...page.items] : page.items));
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
    }, [path]); // eslint-disable-line react-hooks/exhaustive-deps
    const shown = useMemo(() => {
        const s = q.trim().toLowerCase();
        return s ? items.filter((x) => x.code.toLowerCase().includes(s) || x.name.toLowerCase().includes(s) || (x.barcode ?? '').includes(s)) : items;
    }, [items, q]);
    return (_jsxs(Space, { direction: "vertical", style: { width: '100%' }, children: [_jsxs(Space, { children: [_jsx(Input.Search, { allowClear: true, placeholder: t('filter.sku'), onSearch: setQ, onChange: (e) => !e.target.value && setQ(''), style: { width: 260 } }), _jsx(Button, { onClick: () => void load(''), children: t('common:refresh') })] }), _jsx(Table, { size: "small", rowKey: "code", loading: loading, dataSource: shown, "data-testid": bundles ? 'bundle-list' : 'sku-list', pagination: { defaultPageSize: 50, showTotal: (n) => t('rows', { count: n }) }, columns: [
                    { title: t('col.code'), dataIndex: 'code' },
                    { title: t('col.name'), dataIndex: 'name' },
                    { title: t('col.product'), dataIndex: 'product' },
                    ...(bundles
                        ? [
                            {
                                title: t('col.components'),
                                key: 'components',
                                render: (_, s) => (_jsx(Space, { size: [4, 4], wrap: true, children: (s.components ?? []).map((c) => (_jsxs(Tag, { children: [c.sku, " \u00D7 ", c.quantity] }, c.sku))) })),
                            },
                        ]
                        : [
                            { title: t('col.barcode'), dataIndex: 'barcode' },
                            { title: t('col.spec'), dataIndex: 'spec' },
                            { title: t('col.unit'), dataIndex: 'unit' },
                        ]),
                    { title: t('col.taxRate'), dataIndex: 'tax_rate', align: 'right', render: (r) => formatRate(r) },
                    { title: t('col.created'), dataIndex: 'created_at', render: (v) => formatTime(v, i18n.language) },
                ] }), next && (_jsx(Button, { block: true, onClick: () => void load(next), loading: loading, children: t('common:more') }))] }));
}
