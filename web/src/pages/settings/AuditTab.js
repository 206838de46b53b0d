import { jsx as _jsx, jsxs as _jsxs } from "react/jsx-runtime";
// The audit log viewer (contracts.md §3): who did what, when, through
// which door, newest first, by actor, action and period; the same filters
// export as CSV. Entries are hash-chained; the hash is shown, shortened.
import { useEffect, useState } from 'react';
import { Alert, Button, DatePicker, Input, Space, Table, Tag, Typography } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { api, ApiError, withQuery } from '../../api/client';
import { formatTime } from '../../lib/time';
const viaColor = { session: 'blue', token: 'purple', cli: 'default', system: 'gold' };
export default function AuditTab({ params, setParams }) {
    const { t, i18n } = useTranslation('settings');
    const [entries, setEntries] = useState([]);
    const [next, setNext] = useState('');
    const [loading, setLoading] = useState(false);
    const [missing, setMissing] = useState(false);
    const q = { actor: params.get('actor'), action: params.get('action'), from: params.get('from'), to: params.get('to') };
    const key = JSON.stringify(q);
    const set = (k, v) => {
        const p = new URLSearchParams(params);
        p.set('tab', 'audit');
        if (v)
            p.set(k, v);
        else
            p.delete(k);
        setParams(p, { replace: true });
    };
    const load = async (before) => {
        setLoading(true);
        try {
            const page = await api.get('/api/v1/audit', { ...q, before, limit: 100 }, true);
            setEntries((old) => (before ? [...old, ...page.entries] : page.entries));
            setNext(page.next);
            setMissing(false);
        }
        catch (e) {
            // A hub without the audit log answers 404 for the route.
            if (e instanceof ApiError && e.status === 404)
                setMissing(true);
            else
                setMissing(false);
        }
        finally {
            setLoading(false);
        }
    };
    useEffect(() => {
        void load('');
    }, [key]); // eslint-disable-line react-hooks/exhaustive-deps
    if (missing)
        return _jsx(Alert, { type: "info", showIcon: true, message: t('audit.missing') });
    return (_jsxs(Space, { direction: "vertical", style: { width: '100%' }, children: [_jsxs(Space, { wrap: true, children: [_jsx(Input.Search, { allowClear: true, defaultValue: q.actor ?? '', placeholder: t('audit.actor'), style: { width: 160 }, onSearch: (v) => set('actor', v.trim()) }, 'a' + (q.actor ?? '')), _jsx(Input.Search, { allowClear: true, defaultValue: q.action ?? '', placeholder: t('audit.actionHint'), style: { width: 300 }, onSearch: (v) => set('action', v.trim()) }, 'b' + (q.action ?? '')), _jsx(DatePicker.RangePicker, { allowEmpty: [true, true], value: [q.from ? dayjs(q.from) : null, q.to ? dayjs(q.to) : null], onChange: (v) => {
                            const p = new URLSearchParams(params);
                            p.set('tab', 'audit');
                            for (const [k, d] of [['from', v?.[0]], ['to', v?.[1]]]) {
                                if (d)
                                    p.set(k, d.format('YYYY-MM-DD'));
                                else
                                    p.delete(k);
                            }
                            setParams(p, { replace: true });
                        } }), _jsx(Button, { icon: _jsx(DownloadOutlined, {}), href: withQuery('/api/v1/audit.csv', q), "data-testid": "audit-csv", children: t('audit.csv') })] }), _jsx(Table, { size: "small", rowKey: "seq", loading: loading, dataSource: entries, pagination: false, "data-testid": "audit-log", expandable: {
                    rowExpandable: (e) => !!e.detail && Object.keys(e.detail).length > 0,
                    expandedRowRender: (e) => _jsx("pre", { style: { margin: 0, whiteSpace: 'pre-wrap' }, children: JSON.stringify(e.detail, null, 2) }),
                }, columns: [
                    { title: '#', dataIndex: 'seq', width: 70 },
                    { title: t('audit.at'), dataIndex: 'at', width: 180, render: (v) => formatTime(v, i18n.language) },
                    { title: t('audit.actor'), dataIndex: 'actor' },
                    { title: t('user.role'), dataIndex: 'role', render: (r) => (r ? t(`common:role.${r}`, { defaultValue: r }) : '') },
                    { title: t('audit.via'), dataIndex: 'via', render: (v) => _jsx(Tag, { color: viaColor[v], children: t(`audit.viaKind.${v}`, { defaultValue: v }) }) },
                    { title: t('audit.action'), dataIndex: 'action', render: (a) => _jsx(Typography.Text, { code: true, children: a }) },
                    { title: t('audit.target'), dataIndex: 'target' },
                    { title: t('audit.hash'), dataIndex: 'hash', render: (h) => _jsx(Typography.Text, { type: "secondary", copyable: { text: h }, children: h.slice(0, 10) }) },
                ] }), next && (_jsx(Button, { block: true, onClick: () => void load(next), loading: loading, children: t('common:more') }))] }));
}
