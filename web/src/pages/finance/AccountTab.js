import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// Drill-down into one account: its balance and its postings over a period,
// by shop, channel and SKU — filtered by the server, so the whole history
// is reachable; the filters live in the URL, so a figure can link here.
import { useEffect, useState } from 'react';
import { Button, DatePicker, Input, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatMoney } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { useLoad } from '../../lib/useLoad';
import { accountName } from './FinancePage';
const dims = ['shop', 'channel', 'sku'];
export default function AccountTab(p) {
    const { t, i18n } = useTranslation('finance');
    const code = p.params.get('account') ?? '';
    const q = { entity: p.entity, shop: p.params.get('shop'), channel: p.params.get('channel'), sku: p.params.get('sku'), from: p.params.get('from'), to: p.params.get('to') };
    const key = JSON.stringify(q) + code;
    const balance = useLoad(() => (code ? api.get(`/api/v1/ledger/accounts/${encodeURIComponent(code)}/balance`, q) : Promise.resolve(undefined)), [key]);
    const [items, setItems] = useState([]);
    const [next, setNext] = useState('');
    const [loading, setLoading] = useState(false);
    const load = async (cursor) => {
        if (!code)
            return setItems([]);
        setLoading(true);
        try {
            const page = await api.get(`/api/v1/ledger/accounts/${encodeURIComponent(code)}/movements`, { ...q, cursor, limit: 200 });
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
    }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
    const money = (m) => formatMoney(m.amount, m.currency, i18n.language);
    const from = q.from ? dayjs(q.from) : null;
    const to = q.to ? dayjs(q.to) : null;
    return (_jsxs(Space, { direction: "vertical", style: { width: '100%' }, children: [_jsxs(Space, { wrap: true, children: [_jsx(Select, { showSearch: true, style: { width: 280 }, placeholder: t('filter.pickAccount'), value: code || undefined, optionFilterProp: "label", onChange: (v) => p.set({ account: v }), options: p.accounts.map((a) => ({ value: a.code, label: `${a.code} ${accountName(a, i18n.language)}` })), "data-testid": "account-pick" }), dims.map((d) => (_jsx(Input.Search, { allowClear: true, defaultValue: q[d] ?? '', placeholder: t(`filter.${d}`), style: { width: 150 }, onSearch: (v) => p.set({ [d]: v.trim() || undefined }) }, d + (q[d] ?? '')))), _jsx(DatePicker.RangePicker, { value: [from, to], allowEmpty: [true, true], onChange: (v) => p.set({ from: v?.[0]?.format('YYYY-MM-DD'), to: v?.[1]?.format('YYYY-MM-DD') }) })] }), code && (_jsxs(Space, { size: "large", "data-testid": "account-balance", children: [(balance.data?.balances ?? []).map((b) => (_jsx(Statistic, { title: `${code} ${accountName(p.accounts.find((a) => a.code === code), i18n.language)} · ${t(`side.${b.side}`)}`, value: money(b.amount) }, b.amount.currency + b.side))), balance.data && balance.data.balances.length === 0 && _jsx(Typography.Text, { type: "secondary", children: t('account.zero') })] })), code ? (_jsx(Table, { size: "small", rowKey: (m) => `${m.entry}|${m.line}`, loading: loading, dataSource: items, pagination: { defaultPageSize: 50 }, "data-testid": "account-movements", columns: [
                    { title: '#', dataIndex: 'entry', width: 80 },
                    { title: t('col.effective'), dataIndex: 'effective_at', width: 180, render: (v) => formatTime(v, i18n.language) },
                    { title: t('col.description'), dataIndex: 'description' },
                    { title: t('col.debit'), key: 'd', align: 'right', render: (_, m) => (m.side === 'debit' ? money(m.amount) : '') },
                    { title: t('col.credit'), key: 'c', align: 'right', render: (_, m) => (m.side === 'credit' ? money(m.amount) : '') },
                    { title: t('col.shop'), dataIndex: 'shop', render: (s) => (s ? _jsx(Tag, { children: s }) : '') },
                    { title: t('col.channel'), dataIndex: 'channel' },
                    { title: t('col.sku'), dataIndex: 'sku' },
                ] })) : (_jsx(Typography.Text, { type: "secondary", children: t('account.pick') })), next && (_jsx(Button, { block: true, onClick: () => void load(next), loading: loading, children: t('common:more') }))] }));
}
