import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// The trial balance at a day's end (or now): each account's debit and
// credit, totals per currency and whether they balance.
import { useState } from 'react';
import { DatePicker, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { formatMoney } from '../../lib/money';
import { formatTime } from '../../lib/time';
import { useLoad } from '../../lib/useLoad';
import { accountName } from './FinancePage';
export default function TrialBalanceTab({ entity, onAccount }) {
    const { t, i18n } = useTranslation('finance');
    const [at, setAt] = useState(null);
    const day = at ? at.format('YYYY-MM-DD') : undefined;
    const tb = useLoad(() => api.get('/api/v1/ledger/trial-balance', { entity, at: day }), [entity, day]);
    const money = (m) => (m.amount.replace(/[0.]/g, '') === '' ? '' : formatMoney(m.amount, m.currency, i18n.language));
    return (_jsxs(Space, { direction: "vertical", style: { width: '100%' }, children: [_jsxs(Space, { children: [_jsx(Typography.Text, { children: t('trial.at') }), _jsx(DatePicker, { value: at, onChange: setAt, allowClear: true, placeholder: t('trial.now') }), tb.data && _jsx(Typography.Text, { type: "secondary", children: t('trial.asOf', { at: formatTime(tb.data.at, i18n.language) }) })] }), _jsx(Table, { size: "small", rowKey: (l) => l.account + '|' + l.debit.currency, loading: tb.loading, dataSource: tb.data?.lines ?? [], pagination: false, "data-testid": "trial-balance", columns: [
                    { title: t('col.account'), dataIndex: 'account', width: 100, render: (c) => _jsx("a", { onClick: () => onAccount(c), children: c }) },
                    { title: t('col.name'), key: 'name', render: (_, l) => accountName(l, i18n.language) },
                    { title: t('col.debit'), key: 'debit', align: 'right', render: (_, l) => money(l.debit) },
                    { title: t('col.credit'), key: 'credit', align: 'right', render: (_, l) => money(l.credit) },
                ], summary: () => (tb.data?.totals ?? []).map((s) => (_jsxs(Table.Summary.Row, { children: [_jsx(Table.Summary.Cell, { index: 0, colSpan: 2, children: _jsxs(Space, { children: [_jsx(Typography.Text, { strong: true, children: t('trial.total', { currency: s.debit.currency }) }), _jsx(Tag, { color: s.balanced ? 'green' : 'red', "data-testid": "trial-balanced", children: s.balanced ? t('trial.balanced') : t('trial.unbalanced') })] }) }), _jsx(Table.Summary.Cell, { index: 2, align: "right", children: _jsx(Typography.Text, { strong: true, children: formatMoney(s.debit.amount, s.debit.currency, i18n.language) }) }), _jsx(Table.Summary.Cell, { index: 3, align: "right", children: _jsx(Typography.Text, { strong: true, children: formatMoney(s.credit.amount, s.credit.currency, i18n.language) }) })] }, s.debit.currency))) })] }));
}
