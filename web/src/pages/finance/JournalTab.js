import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// The journal of one entity in posting order, a page at a time; filters work
// on what is loaded (load more to reach further). Each entry opens to
// its postings.
import { useEffect, useMemo, useState } from 'react';
import { Button, DatePicker, Input, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatMoney } from '../../lib/money';
import { dayInZone, formatTime } from '../../lib/time';
import { accountName } from './FinancePage';
import { entryTotals, filterEntries } from './journal';
/** maxAutoPages bounds how far a linked period is loaded by itself (entries come in posting order). */
const maxAutoPages = 25;
export default function JournalTab({ entity, accounts, params }) {
    const { t, i18n } = useTranslation('finance');
    const [entries, setEntries] = useState([]);
    const [next, setNext] = useState('');
    const [loading, setLoading] = useState(false);
    // A link may name a period, shop and channel (the dashboard's gross margin).
    const [f, setF] = useState(() => ({ shop: params.get('shop') || undefined, channel: params.get('channel') || undefined }));
    const [range, setRange] = useState(() => {
        const from = params.get('from'), to = params.get('to');
        return from || to ? [from ? dayjs(from) : null, to ? dayjs(to) : null] : null;
    });
    // load reads a page; with a period to reach, it reads on until it is past
    // the period's end (entries come in posting order) or maxAutoPages.
    const load = async (cursor) => {
        setLoading(true);
        const until = range?.[1]?.format('YYYY-MM-DD');
        try {
            let c = cursor;
            for (let pages = 0;; pages++) {
                const from = c; // the updater runs later, when c has moved on
                const page = await api.get('/api/v1/ledger/entries', { entity, cursor: from, limit: 200 });
                setEntries((old) => (from ? [...old, ...page.items] : page.items));
                setNext(page.next_cursor);
                c = page.next_cursor;
                const last = page.items[page.items.length - 1];
                if (!until || !c || pages + 1 >= maxAutoPages || (last && dayInZone(new Date(last.effective_at)) > until))
                    break;
            }
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
    }, [entity]); // eslint-disable-line react-hooks/exhaustive-deps
    const filter = { ...f, from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') };
    const shown = useMemo(() => filterEntries(entries, filter, (s) => dayInZone(new Date(s))), [entries, f, range]); // eslint-disable-line react-hooks/exhaustive-deps
    const name = (code) => accountName(accounts.find((a) => a.code === code), i18n.language);
    const money = (m) => formatMoney(m.amount, m.currency, i18n.language);
    return (_jsxs(Space, { direction: "vertical", style: { width: '100%' }, children: [_jsxs(Space, { wrap: true, children: [_jsx(Select, { allowClear: true, showSearch: true, placeholder: t('filter.account'), style: { width: 240 }, value: f.account, onChange: (v) => setF({ ...f, account: v }), optionFilterProp: "label", options: accounts.map((a) => ({ value: a.code, label: `${a.code} ${accountName(a, i18n.language)}` })) }), _jsx(Input.Search, { allowClear: true, placeholder: t('filter.text'), style: { width: 220 }, onSearch: (v) => setF({ ...f, text: v }) }), _jsx(Input, { allowClear: true, placeholder: t('filter.shop'), defaultValue: f.shop, style: { width: 140 }, onChange: (e) => setF({ ...f, shop: e.target.value.trim() || undefined }) }), _jsx(Input, { allowClear: true, placeholder: t('filter.channel'), defaultValue: f.channel, style: { width: 120 }, onChange: (e) => setF({ ...f, channel: e.target.value.trim() || undefined }) }), _jsx(Input, { allowClear: true, placeholder: t('filter.sku'), style: { width: 140 }, onChange: (e) => setF({ ...f, sku: e.target.value.trim() || undefined }) }), _jsx(DatePicker.RangePicker, { value: range, onChange: (v) => setRange(v) }), _jsx(Button, { onClick: () => void load(''), children: t('common:refresh') })] }), _jsx(Typography.Text, { type: "secondary", children: t('journal.loaded', { shown: shown.length, loaded: entries.length }) }), _jsx(Table, { size: "small", rowKey: "id", loading: loading, dataSource: shown, "data-testid": "journal", pagination: { defaultPageSize: 50, showSizeChanger: true }, expandable: {
                    expandedRowRender: (e) => (_jsx(Table, { size: "small", rowKey: (_, i) => String(i), dataSource: e.postings, pagination: false, columns: [
                            { title: t('col.account'), dataIndex: 'account', render: (c) => `${c} ${name(c)}` },
                            { title: t('col.debit'), key: 'd', align: 'right', render: (_, p) => (p.side === 'debit' ? money(p.amount) : '') },
                            { title: t('col.credit'), key: 'c', align: 'right', render: (_, p) => (p.side === 'credit' ? money(p.amount) : '') },
                            { title: t('col.shop'), dataIndex: 'shop' },
                            { title: t('col.channel'), dataIndex: 'channel' },
                            { title: t('col.sku'), dataIndex: 'sku' },
                        ] })),
                }, columns: [
                    { title: '#', dataIndex: 'id', width: 80 },
                    { title: t('col.effective'), dataIndex: 'effective_at', width: 180, render: (v) => formatTime(v, i18n.language) },
                    {
                        title: t('col.description'),
                        dataIndex: 'description',
                        render: (d, e) => (_jsxs(Space, { children: [d, e.reverses ? _jsx(Tag, { color: "orange", children: t('journal.reverses', { id: e.reverses }) }) : null] })),
                    },
                    {
                        title: t('col.amount'),
                        key: 'amount',
                        align: 'right',
                        render: (_, e) => entryTotals(e).map((m) => _jsx("div", { children: money(m) }, m.currency)),
                    },
                    { title: t('col.source'), dataIndex: 'source_key', render: (s) => _jsx(Typography.Text, { code: true, children: s }) },
                ] }), next && (_jsx(Button, { block: true, onClick: () => void load(next), loading: loading, children: t('common:more') }))] }));
}
